import { findPlaces, lookupVenue } from '../gazetteer/gazetteer';
import { findDates, mentionsEarlierYear } from '../text/dates';
import { splitClauses } from '../text/sentences';
import { findParties, opposite, OTHER_CONFLICT, partiesIn } from '../lexicon/parties';
import { conf, evidenceOf, ReportContext, RuleEvent } from './report-context';
import { DENIAL, HISTORY } from './modality';

const SIDES = new Set(['RU', 'UA', 'US']);
const subjectBefore = (text: string, idx: number): string | undefined => {
  const ps = findParties(text).filter((p) => p.end <= idx && SIDES.has(p.party));
  return ps.length ? ps[ps.length - 1].party : findParties(text).find((p) => SIDES.has(p.party))?.party;
};

// ---- TalksScheduled: a round with a concrete date still to come ----------------------------
const TALK = /\b(?:talks|negotiations|round|meeting|summit|meet)\b/i;
const FUTURE =
  /\b(?:will|would|could|to (?:resume|begin|start|open|take place|meet|hold|continue)|due to|set to|scheduled|planned|proposed|propos(?:es|ing)|slip(?:s|ped)? to|moved to|postponed to|next round|occur)\b/i;
const CALLED_OFF = /\b(?:cancel\w*|called off|not go ahead|postponed indefinitely|pull(?:s|ed)? out|no (?:date|venue|plans?))\b/i;

export function extractScheduled(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || mentionsEarlierYear(s.text, ctx.publishedDay) || CALLED_OFF.test(s.text)) continue;
    for (const c of splitClauses(s.text)) {
      if (!TALK.test(c.text) || !FUTURE.test(c.text)) continue;
      const dates = findDates(c.text, ctx.publishedDay, true).filter((d) => !d.reporting && d.from > ctx.publishedDay);
      if (!dates.length) continue;
      const parties = partiesIn(s.text).filter((p) => SIDES.has(p));
      if (parties.length < 2 || !parties.some((p) => p === 'RU' || p === 'UA')) continue;
      const venue = findPlaces(c.text)
        .map((m) => (m.kind === 'venue' ? { place: m.place } : lookupVenue(m.place.name)))
        .find(Boolean);
      const d = dates[0];
      const data: Record<string, unknown> = {
        parties: parties.sort(),
        window: { from: d.from, to: d.to ?? d.from },
        ...(venue ? { location: venue.place } : {}),
      };
      return [{ type: 'TalksScheduled', data, evidence: [evidenceOf(ctx, s)], confidence: conf(0.5 + (venue ? 0.15 : 0)) }];
    }
  }
  return [];
}

// ---- DemandsIssued: conditions a side sets ---------------------------------------------------
const DEMAND =
  /\b(?:demand(?:ed|s)?(?: that)?|insist(?:ed|s)? (?:on|upon|that)|would require|key conditions?:?|conditions? such as|preconditions?)\b/i;
const NOT_A_DEMAND = /^[\s:,]*(?:that\s+)?(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,3}?(?:cease-?fire|truce)\b/i;
/**
 * A condition attached to a truce or an agreement: "the deal would take effect only once sanctions
 * are lifted", "a ceasefire on condition that", "no truce until …". What follows the condition is the demand.
 */
const CONDITION =
  /\b(?:truce|cease-?fire|deal|agreement|arrangement|accord|memorandum|pact|settlement|peace)\b[^.;]{0,120}?\b(?:only (?:once|after|if|when)|on (?:the )?condition (?:that|of)|provided (?:that|only that)|providing that|until)\b/i;
/** "only if Ukraine does the same": reciprocity, not a condition of its own. */
const RECIPROCAL =
  /^\s*(?:the other side|the other party|[\w'’-]+)\s+(?:did|does|do|would|will|reciprocates?|reciprocated|follows? suit|followed suit)(?:\s+(?:so|too|likewise|the same))?\s*(?:[,.;]|$|and\b)/i;
/** The first demand or condition of a sentence: where its words start and where the demand begins. */
function demandIn(text: string): { at: number; from: number } | undefined {
  const d = DEMAND.exec(text);
  const c = CONDITION.exec(text);
  const fromDemand = d && !NOT_A_DEMAND.test(text.slice(d.index)) ? { at: d.index, from: d.index + d[0].length } : undefined;
  const fromCondition = c ? conditionAt(text, c) : undefined;
  if (!fromDemand) return fromCondition;
  if (!fromCondition) return fromDemand;
  return fromDemand.at <= fromCondition.at ? fromDemand : fromCondition;
}
const FORWARD = /\b(?:will|would|could|can|shall|must|is to|are to|to be|take effect|enter into force|come into force)\b/i;
const CONDITION_WORDS =
  /\b(?:only (?:once|after|if|when)|on (?:the )?condition (?:that|of)|provided (?:that|only that)|providing that|until)\b/gi;
function conditionAt(text: string, c: RegExpExecArray): { at: number; from: number } | undefined {
  const span = c[0];
  CONDITION_WORDS.lastIndex = 0;
  let last: RegExpExecArray | undefined;
  let m: RegExpExecArray | null;
  while ((m = CONDITION_WORDS.exec(span))) last = m;
  if (!last) return undefined;
  const at = c.index + last.index;
  // "only after/once/when" sets a condition for what is still to come: "will enter into force only once …",
  // not "the truce was announced only after talks".
  if (/^only (?:after|once|when)$/i.test(last[0]) && !FORWARD.test(text.slice(c.index, at))) return undefined;
  // "until" sets a condition only under a negation: "no deal until …", not "the truce held until Monday".
  if (
    /^until$/i.test(last[0]) &&
    !/\b(?:not|no|never|won[’']t|wouldn[’']t|cannot|can[’']t)\b/i.test(text.slice(Math.max(0, c.index - 40), at))
  )
    return undefined;
  const rest = text.slice(at + last[0].length);
  if (NOT_A_DEMAND.test(rest) || RECIPROCAL.test(rest)) return undefined;
  return { at, from: at + last[0].length };
}

/** Who said it, at the end of the sentence: ", the Kremlin said", ", Peskov told reporters". */
const ATTRIBUTION =
  /,\s+(?:[\w'’.-]+\s+){0,4}?(?:said|says|added|stated|announced|insisted|told (?:reporters|journalists|[A-Z][\w-]+)(?:\s+on\s+\w+)?|according to(?:\s+[\w'’.-]+){1,4})(?:\s+on\s+\w+day)?\s*$/i;

/**
 * The first demand or condition a sentence sets, with the side that sets it (the first side named
 * before it): "Moscow would agree to a truce only if Kyiv halts mobilisation" → RU, "Kyiv halts mobilisation".
 */
export function demandOf(text: string): { by: string; what: string } | undefined {
  const m = demandIn(text);
  if (!m) return undefined;
  const by = findParties(text.slice(0, m.at)).find((p) => SIDES.has(p.party))?.party;
  if (!by) return undefined;
  const what = text
    .slice(m.from)
    .replace(/^[\s:,]+/, '')
    .replace(/[.;]\s*$/, '')
    .replace(ATTRIBUTION, '')
    .trim();
  if (what.length < 12) return undefined;
  return { by, what: what.length > 220 ? `${what.slice(0, 217)}...` : what };
}

export function extractDemands(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  const byParty = new Map<string, { demands: string[]; sentences: Set<number> }>();
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || DENIAL.test(s.text) || s.section === 'title') continue;
    if (OTHER_CONFLICT.test(s.text) && !partiesIn(s.text).some((p) => p === 'RU' || p === 'UA')) continue;
    const d = demandOf(s.text);
    if (!d) continue;
    const { by, what } = d;
    const entry = byParty.get(by) ?? { demands: [], sentences: new Set<number>() };
    entry.demands.push(what);
    entry.sentences.add(s.index);
    byParty.set(by, entry);
  }
  return [...byParty.entries()].map(([by, e]) => ({
    type: 'DemandsIssued' as const,
    data: { by, demands: e.demands },
    evidence: [...e.sentences].map((i) => evidenceOf(ctx, ctx.sentences[i])),
    confidence: conf(0.5),
  }));
}

// ---- ProposalRejected: a side turns down the other's proposal --------------------------------
const REJECTED = /\b(?:deemed|called|branded|described as|were|was) (?:\w+ )?unacceptable\b/i;
const PROPOSAL = /\b(?:proposals?|plan|terms|memorandum|demands|offer|conditions|ultimatum|peace plan|initiative|truce|ceasefire)\b/i;

export function extractRejections(ctx: ReportContext, ceasefires: RuleEvent[]): RuleEvent[] {
  if (!ctx.monitored) return [];
  const out = new Map<string, RuleEvent>();
  for (const e of ceasefires) {
    if (e.data.response !== 'rejected') continue;
    const proposalOf = String(e.data.proposer);
    const by = String(e.data.addressee ?? opposite(proposalOf) ?? '');
    if (!by || by === proposalOf) continue;
    out.set(`${by}>${proposalOf}`, {
      type: 'ProposalRejected',
      data: { by, proposalOf, summary: e.evidence[e.evidence.length - 1]?.sentence ?? '' },
      evidence: e.evidence,
      confidence: conf(e.confidence - 0.05),
    });
  }
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || DENIAL.test(s.text)) continue;
    const m = REJECTED.exec(s.text);
    if (!m || !PROPOSAL.test(s.text) || /\bclaims?\b|\blabel\b|\ballegations?\b/i.test(s.text)) continue;
    const by = subjectBefore(s.text, m.index);
    if (!by) continue;
    const others = partiesIn(s.text).filter((p) => SIDES.has(p) && p !== by);
    const proposalOf = others[0] ?? opposite(by);
    if (!proposalOf || out.has(`${by}>${proposalOf}`)) continue;
    out.set(`${by}>${proposalOf}`, {
      type: 'ProposalRejected',
      data: { by, proposalOf, summary: s.text },
      evidence: [evidenceOf(ctx, s)],
      confidence: conf(0.45),
    });
  }
  return [...out.values()];
}
