import type { Place, Range } from '@app/domain';
import { findPlaces, lookupVenue } from '../gazetteer/gazetteer';
import { daysBetween, eventDate, findDates, futureWindow, mentionsEarlierMonth, mentionsEarlierYear } from '../text/dates';
import { findDurations } from '../text/numbers';
import { splitClauses, Sentence } from '../text/sentences';
import { partiesIn } from '../lexicon/parties';
import { findLeads } from './talk-leads';
import { conf, evidenceOf, ReportContext, RuleEvent } from './report-context';
import { HISTORY, PLANNED } from './modality';

const TALK =
  /\b(?:talks|negotiat(?:e|ed|es|ing|ions?)|talk(?:ed|s)? for|held talks|receiv(?:ed|es|ing) (?:[\w.'’-]+ ){0,5}?(?:envoy|delegation|president|minister|negotiators|counterpart|chancellor)|met|meet|meets|meeting|sat down|summit|round of (?:talks|negotiations)|consultations|(?:negotiating|technical) teams|face-to-face|one-on-one|talk one-on-one|delegations|host(?:s|ed)? (?:the )?(?:talks|delegations|negotiators))\b/i;
/** A country named as the subject of talks ("a summit on Ukraine") is not at the table. */
const TOPIC =
  /\b(?:on|about|over|regarding|concerning|(?:war|peace|conflict|settlement|invasion) (?:in|of|for)|to end the war in|future of)\s+(?:the\s+)?(?:Ukraine|Russia)\b/g;
const CALLED_OFF =
  /\b(?:cancel\w*|called off|call off|postpon\w*|scrapped|not go ahead|pull(?:s|ed)? out|boycott\w*|on hold|on ice|off the table|fell apart|fell through|indefinitely|shelv\w*)\b/i;
/** Talks spoken of, prepared or hosted in general: not a meeting that took place. */
const NOT_HELD =
  /\b(?:preparing|prepar(?:e|es|ed) (?:to|for)|later this (?:month|week|year)|speaks? of|spoke of|talk of|tradition of|such (?:talks|negotiations|meetings)|ready to host|offer(?:ed|s)? to host|planned)\b/i;
/** Something that shows a meeting took place. */
const HELD =
  /\b(?:met|held (?:talks|a meeting|negotiations)|(?:talks|meeting|negotiations|round) (?:ended|concluded|lasted|began|opened|took place)|sat down|lasted|took place|concluded|received)\b/i;
/** Where a statement was made is not where talks were held: "he told reporters in Bern". */
const STATEMENT_PLACE =
  /\b(?:told (?:reporters|journalists|a news conference|a press conference)|speaking|said|press conference|news conference|briefing|interview|visit(?:ing)?)\s+(?:(?!talks|negotiations|meeting|summit|round)\w+\s+){0,2}(?:in|at)\s+(?:the\s+)?$/i;
/** Datelines of the cities where wire bureaus sit say where the reporter is, not where talks were. */
const BUREAU_CITIES = new Set(['Moscow', 'Kyiv', 'Washington']);
const DATELINE = /^([A-Z][A-Z .'-]{2,30}),\s+(?:[A-Z][a-z]+,\s+)?(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+\.?\s+\d{1,2})\s*[—–-]/;
const MAIN_SIDES = new Set(['RU', 'UA', 'US']);
const AGREE = /\b(?:agreed|agree|agreement|deal|settled on|accepted|signed up|signed)\b/i;
const NO_AGREE =
  /\bno (?:agreement|deal)\b|\bwithout (?:an? |any |signing |reaching )?(?:the )?(?:\w+ )?(?:agreement|deal)\b|\b(?:agreement|deal) (?:was |remained |left )?unsigned\b/i;
const NO_PROGRESS =
  /\bwithout (?:any |significant |major |real )?(?:progress|breakthroughs?|results?|(?:a )?deal|agreement)|\bno (?:deal|compromise)\b|\bno (?:progress|breakthrough)|\bended inconclusively|\bfailed to (?:agree|reach)|\b(?:collapsed|broke down|broken off)\b|\bshouting match|\bproduced nothing|\b(?:made |make |making )?no headway|\bfailed to move (?:any )?closer|\bwent nowhere|\b(?:did not|didn't|failed to) make (?:any )?progress|\bmade no progress/i;
/** Progress claimed without a deal named: "produced real progress", "narrowed the draft". */
const PROGRESS =
  /\b(?:made|produced|achieved|reported|marked) (?:real |significant |some |good |tangible |substantial )?progress\b|\bnarrowed (?:down )?(?:to|the)\b|\bupdated (?:peace )?framework\b/i;
const BREAKTHROUGH =
  /\b(?:signed a peace (?:deal|agreement|treaty)|peace (?:deal|agreement|treaty) (?:was )?signed|breakthrough agreement|agreed to end the war)\b/i;
const SPLIT_CUE = /\b(?:separately|separate (?:talks|meetings|sessions)|shuttle|in parallel|parallel talks)\b/i;

/**
 * The meeting after the one held: "agreed to meet again", "the next round", "further talks",
 * "talks will resume", "a third round would follow". An ordinal round counts only when it is still to come.
 */
const NEXT_ROUND =
  /\b(?:meet(?:ing)? again|reconvene|(?:next|new|another|further|follow-up|fresh) (?:round|meeting|session|talks|negotiations|face-to-face)|(?:talks|negotiations) (?:will|would|are to|are due to|are expected to|could) (?:resume|continue)|resum(?:e|ption of) (?:the )?(?:talks|negotiations)|continue (?:the )?(?:talks|negotiations)|(?:hold|have) (?:a|the) (?:second|third|fourth|fifth) round|(?:second|third|fourth|fifth) round (?:(?:of [\w-]+ )?(?:talks|negotiations) )?(?:will|would|is|was|could)\b(?! (?:held|over|a|the|an)\b))/i;
/** What says the next round is agreed, planned, expected or proposed. */
const TO_COME =
  /\b(?:will|would|shall|agreed|agree|plan(?:s|ned)?|expected|due|set|scheduled|slated|to be held|to take place|propos(?:ed|es)|suggest(?:ed|s)|decided|is to|are to)\b/i;
/** No next round, or none with a date: "no date was set for the next round", "no further talks are planned". */
const NO_NEXT =
  /\bno (?:(?:new |further |next |fresh )?(?:date|time|venue|plans?|agreement|decision)\b|(?:new |further |next |fresh )(?:round|meeting|talks))|\bwithout (?:setting|fixing|agreeing(?: on)?) (?:a|any) (?:date|time)|\bnot (?:yet )?(?:been )?(?:set|fixed|agreed|scheduled|decided)|\b(?:unclear|uncertain) (?:when|whether|if)/i;
/** Wishes and conditions are no plan: "ready to meet again if …", "hopes to meet again". */
const NOT_A_PLAN = /\b(?:if|unless|ready to|willing to|hopes?|hoped|might|may|could|would like|wants?|wanted|whether|refused|ruled out)\b/i;

/** "Geneva will host the next round": the venue named as host before the next meeting. */
const HOST_BEFORE =
  /\b([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s+(?:will|would|is to|is due to|is expected to|has agreed to|agreed to|offered to|is set to)\s+host\b[^,;]*$/;

/** Countries that host talks, for "meet again in Turkey" where no city is named. */
const HOST_COUNTRIES: Record<string, string> = {
  turkey: 'TR',
  türkiye: 'TR',
  'saudi arabia': 'SA',
  switzerland: 'CH',
  qatar: 'QA',
  'united arab emirates': 'AE',
  uae: 'AE',
  belarus: 'BY',
  hungary: 'HU',
  austria: 'AT',
  finland: 'FI',
  norway: 'NO',
  egypt: 'EG',
  'vatican city': 'VA',
  'united states': 'US',
  russia: 'RU',
  ukraine: 'UA',
};
const HOST_COUNTRY = new RegExp(`\\b(?:in|to)\\s+(?:the\\s+)?(${Object.keys(HOST_COUNTRIES).join('|')})\\b(?![’'-])`, 'i');
function hostCountry(text: string): { place: Place; country: string } | undefined {
  const m = HOST_COUNTRY.exec(text);
  if (!m || !/^[A-ZÜ]/.test(m[1])) return undefined;
  const country = HOST_COUNTRIES[m[1].toLowerCase()];
  return { place: { name: m[1], country, precision: 'country' }, country };
}

/** When and where the sides will meet next, told in the report of the meeting just held. */
function nextRoundIn(ctx: ReportContext): { from?: string; to?: string; location?: Place } | undefined {
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || mentionsEarlierYear(s.text, ctx.publishedDay)) continue;
    for (const c of splitClauses(s.text)) {
      const cue = NEXT_ROUND.exec(c.text);
      if (!cue) continue;
      if (!TO_COME.test(c.text) || NOT_A_PLAN.test(c.text) || CALLED_OFF.test(c.text)) continue;
      const undated = NO_NEXT.test(c.text);
      const when = undated ? undefined : futureWindow(c.text, ctx.publishedDay);
      // The venue named with the next meeting ("meet again in Geneva", "Geneva will host the next round"),
      // not the place of the round just held, named before it ("met in Istanbul and agreed to meet again").
      const host = HOST_BEFORE.exec(c.text.slice(0, cue.index));
      const venue =
        undated && /\bno (?:new |further |next )?venue\b/i.test(c.text)
          ? undefined
          : (venueIn(c.text.slice(cue.index)) ?? (host ? venueIn(`in ${host[1]}`) : undefined) ?? hostCountry(c.text.slice(cue.index)));
      if (!when && !venue) {
        if (undated) return undefined;
        continue;
      }
      return {
        ...(when?.from ? { from: when.from } : {}),
        ...(when?.to ? { to: when.to } : {}),
        ...(venue ? { location: venue.place } : {}),
      };
    }
  }
  return undefined;
}

interface Mention {
  sentence: Sentence;
  venue?: { place: Place; country: string };
  parties: string[];
  date?: string;
  duration?: Range;
  /** The clause says the meeting took place. */
  held: boolean;
}

function venueIn(clause: string): { place: Place; country: string } | undefined {
  // The strongest cue wins: "Istanbul talks" or "Istanbul's Dolmabahce Palace" over "in Istanbul".
  let best: { v: { place: Place; country: string }; score: number } | undefined;
  for (const m of findPlaces(clause)) {
    const v = m.kind === 'venue' ? { place: m.place, country: m.country } : lookupVenue(m.place.name);
    if (!v) continue;
    const left = clause.slice(Math.max(0, m.start - 30), m.start);
    const right = clause.slice(m.end, m.end + 12);
    if (STATEMENT_PLACE.test(clause.slice(Math.max(0, m.start - 60), m.start))) continue;
    const score =
      /^\s+(?:talks|peace talks|negotiations|meeting|summit|round)/i.test(right) ||
      /^(?:'s|’s)\s+(?:[A-Z]|(?:palace|hotel|residence|conference|summit|talks)\b)/.test(right)
        ? 2
        : /\b(?:in|at|to|inside|venue|host(?:ed|s)?)\s+(?:the\s+)?(?:(?:saudi|turkish|swiss|qatari|emirati|city|capital)\s+)*(?:city\s+of\s+|capital\s+of\s+)?$/i.test(
              left,
            )
          ? 1
          : 0;
    if (score > (best?.score ?? 0)) best = { v, score };
  }
  return best?.v;
}

/** The part of a clause around its talk word: where plans and phone calls show (narrow), where the venue is named (wide). */
function aroundTalk(clause: string, before: number, after: number): string {
  const m = TALK.exec(clause);
  if (!m) return clause;
  return clause.slice(Math.max(0, m.index - before), Math.min(clause.length, m.index + m[0].length + after));
}
const talkWindow = (clause: string): string => aroundTalk(clause, 50, 45);
const talkRegion = (clause: string): string => aroundTalk(clause, 90, 70);

export function extractTalks(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  const mentions: Mention[] = [];
  let anchorVenue: Mention['venue'];
  let calledOff = false;
  let datelineAnchor: Mention['venue'];
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || mentionsEarlierYear(s.text, ctx.publishedDay)) continue;
    // A dateline ("ISTANBUL, 2 June —") says where the reporter is: the venue when the sentence is about talks held there.
    const dl = DATELINE.exec(s.text);
    const dlVenue = dl ? lookupVenue(dl[1]) : undefined;
    // Wire datelines from Moscow, Kyiv or Washington are where bureaus sit, not where talks are.
    const datelineVenue = dlVenue && !BUREAU_CITIES.has(dlVenue.place.name) ? dlVenue : undefined;
    for (const c of splitClauses(s.text)) {
      if (!TALK.test(c.text)) {
        // "It lasted about an hour and a half": the length of the talks just told.
        const lasted = /\b(?:it|they|the (?:talks|meeting|session|round|negotiations|discussions?))\s+(?:lasted|went on|ran)\b/i.test(
          c.text,
        );
        const duration = lasted ? findDurations(c.text).find((d) => /hour|minute/i.test(d.minutes.phrase ?? ''))?.minutes : undefined;
        if (duration && mentions.length) mentions.push({ sentence: s, parties: [], duration, held: true });
        continue;
      }
      if (CALLED_OFF.test(c.text)) calledOff = true;
      const window = talkWindow(c.text);
      if (PLANNED.test(window) || NOT_HELD.test(c.text) || CALLED_OFF.test(c.text) || /\b(?:phone|telephone|call|video)\b/i.test(window))
        continue;
      const dates = findDates(c.text, ctx.publishedDay).filter((d) => !d.reporting);
      if (dates.some((d) => daysBetween(d.from, ctx.publishedDay) > 3 && !d.to)) continue; // background: an older round
      if (dates.some((d) => d.from > ctx.publishedDay)) continue; // still to come
      if (mentionsEarlierMonth(c.text, ctx.publishedDay)) continue; // "at the Alaska summit in August": an older meeting
      const dated =
        datelineVenue && (HELD.test(c.text) || /\b(?:talks|negotiations|round|meeting)\b/i.test(c.text)) ? datelineVenue : undefined;
      // A dateline names the venue more closely than the text ("BELOVEZHSKAYA PUSHCHA" over "the Brest region").
      const venue = dated ?? venueIn(talkRegion(c.text));
      if (dated) datelineAnchor ??= dated;
      const parties = partiesIn(s.text.replace(TOPIC, ' ')).filter((p) => MAIN_SIDES.has(p));
      const duration = findDurations(c.text).find((d) => /hour|minute/i.test(d.minutes.phrase ?? ''))?.minutes;
      const date = eventDate(c.text, ctx.publishedDay);
      if (venue) anchorVenue ??= venue;
      mentions.push({ sentence: s, venue, parties, date, duration, held: HELD.test(c.text) });
    }
  }
  anchorVenue = datelineAnchor ?? anchorVenue;
  if (!anchorVenue) return [];
  // Called off, postponed or shelved, and nothing says a meeting took place: no talks were held.
  if (calledOff && !mentions.some((m) => m.held)) return [];
  const venue = anchorVenue;
  const related = mentions.filter((m) => !m.venue || m.venue.place.name === venue.place.name);
  const union = new Set(related.flatMap((m) => m.parties));
  if (!MAIN_SIDES.has(venue.country)) union.delete(venue.country);
  const sides = [...union].filter((p) => MAIN_SIDES.has(p));
  const belligerent = sides.some((p) => p === 'RU' || p === 'UA');
  if (!belligerent || sides.length < 2) return [];
  // What the sentences about the talks say first; the whole report only where they say nothing.
  const told = [...new Set(related.map((m) => m.sentence.text))].join(' ');
  const toldNoProgress = NO_PROGRESS.test(told) && !AGREE.test(told.replace(NO_AGREE, ' '));
  const outcome = BREAKTHROUGH.test(ctx.text)
    ? 'breakthrough'
    : toldNoProgress
      ? 'no_progress'
      : AGREE.test(ctx.text.replace(NO_AGREE, ' ')) || PROGRESS.test(told)
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
  const nextRound = groups.length === 1 ? nextRoundIn(ctx) : undefined;
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
      ...(nextRound ? { nextRound } : {}),
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
