import { validateEvent } from '@app/domain';
import { buildReportText } from './text/report-text';
import { Sentence, splitSentences } from './text/sentences';
import { daysBetween, findDates, publishDay } from './text/dates';
import { BELLIGERENTS, clearPartyCache, findParties, OTHER_CONFLICT } from './lexicon/parties';
import { clearPlaceCache, findPlaces } from './gazetteer/gazetteer';
import { ReportContext, RuleEvent } from './rules/report-context';
import { extractAttacks } from './rules/attack.rule';
import { extractTalks } from './rules/talks.rule';
import { extractCeasefires } from './rules/ceasefire.rule';
import { extractExchanges } from './rules/exchange.rule';
import { extractDemands, extractRejections, extractScheduled } from './rules/optional.rule';

/** Bump when the output for the same input changes. */
export const EXTRACTOR_VERSION = '1.3.3';

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

/** How often a text names Russia or Ukraine: a belligerent as a party, or a place in either country. */
const thisWarMentions = (text: string): number =>
  findParties(text).filter((p) => BELLIGERENTS.has(p.party)).length +
  findPlaces(text).filter((m) => m.kind !== 'venue' && BELLIGERENTS.has(m.country)).length;
/** The report or sentence speaks of Russia or Ukraine. */
const speaksOfThisWar = (text: string): boolean =>
  findParties(text).some((p) => BELLIGERENTS.has(p.party)) ||
  findPlaces(text).some((m) => m.kind !== 'venue' && BELLIGERENTS.has(m.country));
const OTHER_CONFLICT_ALL = new RegExp(OTHER_CONFLICT.source, 'gi');

/** Iran as the maker of this war's drones and missiles ("Iranian-designed Shahed drones") is not another war. */
const SUPPLIER =
  /\biran(?:ian)?[- ](?:made|designed|built|supplied|developed)\b|\biranian\s+(?=(?:[\w-]+\s+)?(?:drones?|shaheds?|uavs?))/gi;
/**
 * A report about another war (Gaza, Sudan, Karabakh, Kashmir, the Thai–Cambodian border…) that
 * mentions Russia or Ukraine on the side: its headline names the other war and not this one, or,
 * with a headline naming neither, the other war is named more often than this one.
 */
function aboutAnotherWar(title: string, text: string): boolean {
  if (title && speaksOfThisWar(title)) return false;
  if (title && OTHER_CONFLICT.test(title)) return true;
  const other = text.replace(SUPPLIER, ' ').match(OTHER_CONFLICT_ALL)?.length ?? 0;
  return other >= 2 && other > thisWarMentions(text);
}
/**
 * The event itself is of this war: a belligerent proposes, is asked, rejects, talks or swaps, or a
 * place hit lies in Russia or Ukraine. (A strike's attacker and target are not asked: they default to this war's sides.)
 */
function eventOfThisWar(e: RuleEvent): boolean {
  const d = e.data as Record<string, unknown>;
  const sides = [d.proposer, d.addressee, d.by, d.proposalOf, ...((d.parties as unknown[]) ?? [])];
  if (e.type !== 'AttackReported' && sides.some((p) => BELLIGERENTS.has(String(p)))) return true;
  return ((d.places as { country?: string }[]) ?? []).some((p) => BELLIGERENTS.has(String(p.country)));
}
/** A sentence about another war that names neither Russia nor Ukraine nor a place in them. */
const otherWarSentence = (text: string): boolean => OTHER_CONFLICT.test(text.replace(SUPPLIER, ' ')) && !speaksOfThisWar(text);
/** Sentences about another war, blanked to spaces so that offsets hold: no rule reads their strikes, figures or talks as ours. */
function quietOtherWars(text: string, sentences: Sentence[]): { text: string; sentences: Sentence[] } {
  const quiet = sentences.filter((s) => otherWarSentence(s.text));
  if (!quiet.length) return { text, sentences };
  let out = text;
  for (const s of quiet) out = out.slice(0, s.start) + ' '.repeat(s.end - s.start) + out.slice(s.end);
  const set = new Set(quiet.map((s) => s.index));
  return { text: out, sentences: sentences.map((s) => (set.has(s.index) ? { ...s, text: ' '.repeat(s.text.length) } : s)) };
}

/**
 * A headline that looks back: an anniversary, "ten years after Minsk II", "three years on", "remembers".
 * The report retells the past; what it retells is background.
 */
const RETROSPECTIVE =
  /\b(?:anniversary|(?:a|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|a hundred) years? (?:after|on|since|ago|later)|a decade (?:after|on|since|ago|later)|decades? (?:after|on|later)|looking back|a look back|remembers?|remembering|revisit(?:ed|ing)?|lessons of|legacy of)\b/i;
/** Words that tie a sentence of such a report to the days of publication: "overnight", "on Monday", "today". */
const NOW =
  /\b(?:today|tonight|overnight|yesterday|this (?:morning|afternoon|evening|week)|earlier (?:today|this week)|(?:mon|tues|wednes|thurs|fri|satur|sun)day|hours? (?:ago|earlier|later))\b/i;
function toldAsNew(sentence: string, publishedDay: string): boolean {
  if (NOW.test(sentence)) return true;
  return findDates(sentence, publishedDay).some((d) => d.from <= publishedDay && daysBetween(d.from, publishedDay) <= 3);
}

/**
 * Pure and deterministic: the same report always yields the same events.
 * The text read is title, summary and content joined by blank lines; the summary is left out
 * when the content already contains it. Evidence offsets refer to that text.
 */
export function extract(report: ReportInput): ExtractionResult {
  clearPlaceCache();
  clearPartyCache();
  const { text, sections } = buildReportText(report.title, report.summary, report.content);
  const read = quietOtherWars(text, splitSentences(text, sections));
  const monitored = speaksOfThisWar(text);
  const ctx: ReportContext = {
    reportId: String(report.id),
    text: read.text,
    sentences: read.sentences,
    publishedDay: publishDay(report.publishedAt),
    monitored,
  };
  const events: RuleEvent[] = [];
  if (monitored && !OPINION_TITLE.test(report.title ?? '')) {
    const ceasefires = extractCeasefires(ctx);
    events.push(...extractTalks(ctx), ...ceasefires, ...extractExchanges(ctx), ...extractAttacks(ctx));
    events.push(...extractScheduled(ctx), ...extractDemands(ctx), ...extractRejections(ctx, ceasefires));
  }
  // Only the monitored war: sentences about another war were left unread, and in a report about
  // another war an event must be of this war and told in a sentence that names Russia, Ukraine or a place in them.
  const otherWar = monitored && aboutAnotherWar(report.title ?? '', text);
  const ours = otherWar ? events.filter((e) => e.evidence.some((ev) => speaksOfThisWar(ev.sentence)) && eventOfThisWar(e)) : events;
  // A report that looks back keeps only what it tells as happening now.
  const retrospective = RETROSPECTIVE.test(report.title ?? '');
  const current = retrospective ? ours.filter((e) => e.evidence.some((ev) => toldAsNew(ev.sentence, ctx.publishedDay))) : ours;
  const valid = current.filter((e) => validateEvent(e.type, e.data).length === 0);
  return { reportId: ctx.reportId, extractorVersion: EXTRACTOR_VERSION, text, events: valid };
}
