import type { Place, Range } from '@app/domain';
import { findPlaces, lookupVenue } from '../gazetteer/gazetteer';
import { daysBetween, eventDate, findDates, mentionsEarlierYear } from '../text/dates';
import { findDurations } from '../text/numbers';
import { splitClauses, Sentence } from '../text/sentences';
import { partiesIn } from '../lexicon/parties';
import { findLeads } from './talk-leads';
import { conf, evidenceOf, ReportContext, RuleEvent } from './report-context';
import { HISTORY, PLANNED } from './modality';

const TALK =
  /\b(?:talks|negotiat\w+|met|meet|meets|meeting|sat down|summit|round of (?:talks|negotiations)|consultations|(?:negotiating|technical) teams|face-to-face|one-on-one|talk one-on-one|delegations|host(?:s|ed)? (?:the )?(?:talks|delegations|negotiators))\b/i;
/** A country named as the subject of talks ("a summit on Ukraine") is not at the table. */
const TOPIC =
  /\b(?:on|about|over|regarding|concerning|(?:war|peace|conflict|settlement|invasion) (?:in|of|for)|to end the war in|future of)\s+(?:the\s+)?(?:Ukraine|Russia)\b/g;
const CALLED_OFF =
  /\b(?:cancel\w*|called off|call off|postpon\w*|scrapped|shelved|not go ahead|pull(?:s|ed)? out|collaps\w*|broke down|boycott\w*)\b/i;
const DATELINE = /^([A-Z][A-Z .'-]{2,30}),\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2})\s*[—–-]/;
const MAIN_SIDES = new Set(['RU', 'UA', 'US']);
const AGREE = /\b(?:agreed|agree|agreement|deal|settled on|accepted|signed up|signed)\b/i;
const NO_AGREE = /\bno (?:agreement|deal)\b|\bwithout (?:an? )?(?:agreement|deal)\b/i;
const NO_PROGRESS =
  /\bwithout (?:any |significant |major |real )?(?:progress|breakthroughs?|results?|(?:a )?deal|agreement)|\bno (?:deal|compromise)\b|\bno (?:progress|breakthrough)|\bended inconclusively|\bfailed to (?:agree|reach)/i;
const BREAKTHROUGH =
  /\b(?:signed a peace (?:deal|agreement|treaty)|peace (?:deal|agreement|treaty) (?:was )?signed|breakthrough agreement|agreed to end the war)\b/i;
const SPLIT_CUE = /\b(?:separately|separate (?:talks|meetings|sessions)|shuttle|in parallel|parallel talks)\b/i;

interface Mention {
  sentence: Sentence;
  venue?: { place: Place; country: string };
  parties: string[];
  date?: string;
  duration?: Range;
}

function venueIn(clause: string): { place: Place; country: string } | undefined {
  for (const m of findPlaces(clause)) {
    const v = m.kind === 'venue' ? { place: m.place, country: m.country } : lookupVenue(m.place.name);
    if (!v) continue;
    const left = clause.slice(Math.max(0, m.start - 30), m.start);
    const right = clause.slice(m.end, m.end + 12);
    if (
      /\b(?:in|at|to|inside|near|venue|host(?:ed|s)?)\s+(?:the\s+)?(?:(?:saudi|turkish|swiss|qatari|emirati|city|capital)\s+)*(?:city\s+of\s+|capital\s+of\s+)?$/i.test(
        left,
      ) ||
      /^(?:'s|’s)\s/.test(right) ||
      /^\s+(?:talks|peace talks|negotiations|meeting|summit|round)/i.test(right)
    )
      return v;
  }
  return undefined;
}

function talkWindow(clause: string): string {
  const m = TALK.exec(clause);
  if (!m) return clause;
  return clause.slice(0, Math.min(clause.length, m.index + m[0].length + 45));
}

export function extractTalks(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  const mentions: Mention[] = [];
  let anchorVenue: Mention['venue'];
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || mentionsEarlierYear(s.text, ctx.publishedDay)) continue;
    // A dateline ("ISTANBUL, 2 June —") says where the reporter is: the venue when the sentence is about talks held there.
    const dl = DATELINE.exec(s.text);
    const dlVenue = dl ? lookupVenue(dl[1]) : undefined;
    // Wire datelines from Moscow, Kyiv or Washington are where bureaus sit, not where talks are.
    const datelineVenue = dlVenue && !MAIN_SIDES.has(dlVenue.country) ? dlVenue : undefined;
    for (const c of splitClauses(s.text)) {
      if (!TALK.test(c.text)) continue;
      if (PLANNED.test(talkWindow(c.text)) || CALLED_OFF.test(c.text) || /\b(?:phone|telephone|call|video)\b/i.test(talkWindow(c.text)))
        continue;
      const dates = findDates(c.text, ctx.publishedDay).filter((d) => !d.reporting);
      if (dates.some((d) => daysBetween(d.from, ctx.publishedDay) > 3 && !d.to)) continue; // background: an older round
      if (dates.some((d) => d.from > ctx.publishedDay)) continue; // still to come
      const venue =
        venueIn(c.text) ?? (datelineVenue && /\b(?:talks|negotiations|round|meeting|met)\b/i.test(c.text) ? datelineVenue : undefined);
      const parties = partiesIn(s.text.replace(TOPIC, ' ')).filter((p) => MAIN_SIDES.has(p));
      const duration = findDurations(c.text).find((d) => /hour|minute/i.test(d.minutes.phrase ?? ''))?.minutes;
      const date = eventDate(c.text, ctx.publishedDay);
      if (venue) anchorVenue ??= venue;
      mentions.push({ sentence: s, venue, parties, date, duration });
    }
  }
  if (!anchorVenue) return [];
  const venue = anchorVenue;
  const related = mentions.filter((m) => !m.venue || m.venue.place.name === venue.place.name);
  const union = new Set(related.flatMap((m) => m.parties));
  if (!MAIN_SIDES.has(venue.country)) union.delete(venue.country);
  const sides = [...union].filter((p) => MAIN_SIDES.has(p));
  const belligerent = sides.some((p) => p === 'RU' || p === 'UA');
  if (!belligerent || sides.length < 2) return [];
  const outcome = BREAKTHROUGH.test(ctx.text)
    ? 'breakthrough'
    : AGREE.test(ctx.text.replace(NO_AGREE, ' '))
      ? 'partial'
      : NO_PROGRESS.test(ctx.text)
        ? 'no_progress'
        : 'unknown';

  const groups: { parties: string[]; ms: Mention[] }[] = [];
  if (sides.includes('RU') && sides.includes('UA') && sides.includes('US') && SPLIT_CUE.test(ctx.text)) {
    for (const other of ['RU', 'UA']) {
      const ms = related.filter(
        (m) => m.parties.includes(other) && m.parties.includes('US') && !m.parties.includes(other === 'RU' ? 'UA' : 'RU'),
      );
      if (ms.length) groups.push({ parties: [other, 'US'].sort(), ms });
    }
  }
  if (!groups.length) groups.push({ parties: sides.sort(), ms: related });
  return groups.map(({ parties, ms }) => {
    const mediators = parties.includes(venue.country) || ['RU', 'UA', 'US'].includes(venue.country) ? [] : [venue.country];
    const date = ms.find((m) => m.date)?.date ?? ctx.publishedDay;
    const duration = ms.find((m) => m.duration)?.duration;
    const leads = findLeads(ctx.text).filter((l) => parties.includes(l.party));
    const data: Record<string, unknown> = {
      parties,
      ...(mediators.length ? { mediators } : {}),
      location: venue.place,
      date,
      ...(duration ? { durationMinutes: duration } : {}),
      ...(leads.length ? { leads } : {}),
      outcome,
    };
    const sentences = [...new Set(ms.map((m) => m.sentence))];
    return {
      type: 'TalksHeld' as const,
      data,
      evidence: sentences.map((s) => evidenceOf(ctx, s)),
      confidence: conf(0.6 + (ms.length > 1 ? 0.15 : 0) + (duration ? 0.1 : 0)),
    };
  });
}
