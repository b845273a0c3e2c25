import { validateEvent } from '@app/domain';
import { buildReportText } from './text/report-text';
import { splitSentences } from './text/sentences';
import { publishDay } from './text/dates';
import { BELLIGERENTS, clearPartyCache, findParties, OTHER_CONFLICT } from './lexicon/parties';
import { clearPlaceCache, findPlaces } from './gazetteer/gazetteer';
import { ReportContext, RuleEvent } from './rules/report-context';
import { extractAttacks } from './rules/attack.rule';
import { extractTalks } from './rules/talks.rule';
import { extractCeasefires } from './rules/ceasefire.rule';
import { extractExchanges } from './rules/exchange.rule';
import { extractDemands, extractRejections, extractScheduled } from './rules/optional.rule';

/** Bump when the output for the same input changes. */
export const EXTRACTOR_VERSION = '1.3.1';

export interface ReportInput {
  id: string;
  title?: string;
  summary?: string;
  content?: string;
  publishedAt?: string;
  url?: string;
}
export type CandidateEventType = RuleEvent['type'];
export interface CandidateEvent {
  type: CandidateEventType;
  data: Record<string, unknown>;
  evidence: { reportId: string; sentence: string; start: number; end: number }[];
  confidence: number;
}
export interface ExtractionResult {
  reportId: string;
  extractorVersion: string;
  text: string;
  events: CandidateEvent[];
}

/** Opinion and commentary carry no new events, whatever they mention. */
const OPINION_TITLE = /^\s*(?:opinion|comment(?:ary)?|editorial|letters?|column|view(?:point)?|op-ed)\s*[:|—-]/i;

/**
 * Pure and deterministic: the same report always yields the same events.
 * The text read is title, summary and content joined by blank lines; the summary is left out
 * when the content already contains it. Evidence offsets refer to that text.
 */
export function extract(report: ReportInput): ExtractionResult {
  clearPlaceCache();
  clearPartyCache();
  const { text, sections } = buildReportText(report.title, report.summary, report.content);
  const sentences = splitSentences(text, sections);
  const parties = new Set(findParties(text).map((p) => p.party));
  const monitored =
    [...parties].some((p) => BELLIGERENTS.has(p)) || findPlaces(text).some((m) => m.kind !== 'venue' && BELLIGERENTS.has(m.country));
  const ctx: ReportContext = { reportId: String(report.id), text, sentences, publishedDay: publishDay(report.publishedAt), monitored };
  const events: RuleEvent[] = [];
  if (monitored && !OPINION_TITLE.test(report.title ?? '')) {
    const ceasefires = extractCeasefires(ctx);
    events.push(...extractTalks(ctx), ...ceasefires, ...extractExchanges(ctx), ...extractAttacks(ctx));
    events.push(...extractScheduled(ctx), ...extractDemands(ctx), ...extractRejections(ctx, ceasefires));
  }
  void OTHER_CONFLICT;
  const valid = events.filter((e) => validateEvent(e.type, e.data).length === 0);
  return { reportId: ctx.reportId, extractorVersion: EXTRACTOR_VERSION, text, events: valid };
}
