import type { Range } from '@app/domain';
import { addDays, daysBetween, eventDate, findDates, mentionsEarlierYear } from '../text/dates';
import { findDurations, minutesToDays } from '../text/numbers';
import { splitClauses, Sentence } from '../text/sentences';
import { findParties, OTHER_CONFLICT, opposite } from '../lexicon/parties';
import { conf, evidenceOf, ReportContext, RuleEvent } from './report-context';
import { DENIAL, HISTORY } from './modality';
import { demandOf } from './optional.rule';

type Scope = 'full' | 'partial' | 'energy' | 'sea' | 'humanitarian';
type Response = 'pending' | 'accepted' | 'rejected';

const NOUN =
  /\b(?:cease-?fires?|truces?|armistice|regime of silence|humanitarian (?:pause|corridors?)|halt(?:ing)? (?:to |in )?(?:the |all )?(?:fighting|hostilities|military actions|strikes|attacks)|pause (?:in|on|to) (?:[\w-]+ ){0,3}?(?:fighting|strikes|attacks|hostilities)|(?:\d+-day |[a-z]+-day )?(?:pause|moratorium) on (?:[\w-]+ ){0,3}?(?:strikes|attacks)|stop(?:ping)? (?:the )?(?:fighting|firing|hostilities)|freez(?:e|ing) (?:the )?(?:war|conflict|fighting|front ?line)|halt at the current (?:battle |front )?lines?|stop (?:hitting|attacking|striking) [\w\s']{0,40}?(?:energy|infrastructure|facilities)|ceas(?:e|ing) (?:all )?(?:hostilities|fire|military actions)|refrain from (?:striking|attacking|hitting)|(?:renounce|stop) (?:the )?use of force)\b/gi;
const MODIFIER_USE =
  /^\s*(?:ideas?|conditions?|terms|talks|negotiations|monitoring|violations?|lines?|regime|mechanism|efforts?|plans? would|deal would)\b/i;
const SKIP_BEFORE =
  /\b(?:any|no|possible|future|eventual|potential|lasting peace|efforts? to broker|broker|talks on|talks about|negotiations on|by definition|whether|might|could|if)\s+(?:[\w-]+\s+){0,3}$/i;
const HYPO_STRICT = /\b(?:might|could|may|whether|hypothetical|did not exclude|by definition)\b|\b(?:Whether|Could|Might)\b/;

const PROPOSE =
  /\b(?:propos(?:e|es|ed|ing)|offer(?:s|ed|ing)|(?<=\bto )offer|suggest(?:s|ed|ing)?|declar(?:e|es|ed|ing)|announc(?:e|es|ed|ing)|order(?:s|ed|ing)?|instruct(?:s|ed|ing)?|broker(?:s|ed|ing)|(?<=\b(?:will|to) (?:unilaterally )?)(?:cease|halt|open)|(?:calls|called|calling|to call) for|(?:call(?:s|ed|ing)? on|press(?:es|ed|ing)?|ask(?:s|ed|ing)?|appeal(?:s|ed|ing)? to) (?:[\w-]+ ){1,4}?to (?:accept|agree to|observe)|put(?:s|ting)? forward|ready for|demand(?:s|ed|ing)?|urg(?:e|es|ed|ing)|push(?:es|ed|ing)? for|unveil(?:s|ed)?|(?:will|would|to) observe|initiat(?:e|es|ed))\b/gi;
const ACCEPT =
  /\b(?:accept(?:s|ed|ing)?|agree(?:s|d)? to|agreeing to|signed up to|sign(?:s|ed)? up to|back(?:s|ed)?|support(?:s|ed)?|welcom(?:e|es|ed)|endors(?:e|es|ed))\b/gi;
const REJECT =
  /\b(?:reject(?:s|ed|ing)?|rejection of|declin(?:e|es|ed|ing)|refus(?:e|es|ed|al of)|turn(?:s|ed)? down|dismiss(?:es|ed)?|rebuff(?:s|ed)?|spurn(?:s|ed)?)\b/gi;
const POSSESSOR =
  /\b(?:([A-Z][\w.-]+)(?:'s|’s|-proposed|-backed|-brokered|-drafted)\s+(?:[a-z][\w-]*\s+){0,2}?|(US|U\.S\.|[A-Z][a-z]+)\s+)(?:plans?|proposals?|offers?|calls?|requests?|appeals?|pleas?|initiative|idea|ultimatum)\b/g;
/** "a request from Donald Trump to refrain from …", "the appeal by the UN chief for …": the asker proposes. */
const ASKED_BY =
  /\b(?:requests?|appeals?|pleas?|calls?|proposals?|offers?|initiative|idea|plan)\s+(?:made\s+)?(?:from|by)\s+((?:[A-Z][\w.'’-]*\s+){0,4}?[A-Z][\w.'’-]*)(?:\s+(?:to|for)\b|\s*,|\s*$)/g;
const AFTER_PROPOSER = /^[^.;]{0,40}?\b(?:that|which)\s+([A-Z][\w.-]+)\s+(?:had\s+|has\s+)?(?:proposed|offered|suggested|put forward)/;
const US_BROKER =
  /\b(?:US|U\.S\.|American|Washington)[- ](?:brokered|mediated|led|proposed|proposal|plan)|\b(?:brokered|mediated|proposed) by (?:the )?(?:US|U\.S\.|United States|Washington|Trump)/;
const CONDITION =
  /\b(?:only once|only if|only after|on condition|conditions?|conditional|provided that|depend(?:s|ing)? on|tied to|until\b[^.]*\blifted|price tag|preconditions?)\b/i;
/** Words after which a named side is a place or an object, not the subject of the verb that follows. */
const OBJECT_BEFORE = /\b(?:in|into|inside|across|throughout|against|join(?:s|ed|ing)?|to join)\s+(?:the\s+)?$/i;
const UNCONDITIONAL = /\b(?<!not )unconditional(?:ly)?\b|\bwithout (?:pre)?conditions\b|\bno preconditions\b/i;

const FULL_WORDS =
  /\b(?:on land, (?:at )?sea and in the air|land, sea and air|all hostilities|complete|full|comprehensive|total|along the (?:entire|whole) (?:front|line))\b/i;

function scopeOf(text: string): Scope {
  if (FULL_WORDS.test(text)) return 'full';
  if (/\b(?:energy|power (?:plants|grid|stations)|infrastructure)\b/i.test(text)) return 'energy';
  if (/\b(?:black sea|maritime|naval|at sea|shipping|shipowners|sea)\b/i.test(text)) return 'sea';
  if (
    /\b(?:(?:sections?|parts?|segments?|sectors?|stretches?) of the (?:front(?:line)?|line of contact|contact line)|individual (?:sections|sectors|areas)|select(?:ed)? (?:areas|sections|sectors)|certain (?:areas|sections|sectors)|some (?:areas|sections|sectors)|specific (?:areas|sections|sectors)|locali[sz]ed|local)\b/i.test(
      text,
    )
  )
    return 'partial';
  if (/\bhumanitarian (?:pause|corridor|ceasefire|truce)\b/i.test(text)) return 'humanitarian';
  return 'full';
}

/** A truce for humanitarian ends ("to deal with the most pressing humanitarian problems", "for civilians to leave"). */
const HUMANITARIAN_AIM =
  /\b(?:humanitarian (?:problems|issues|concerns|needs|reasons|grounds|purposes|situation|crisis|corridors?)|regime of silence|evacuat\w+|civilians? to (?:leave|flee|get out))\b/i;
function scopeNear(clause: string, at: number, end: number): Scope {
  const scope = scopeOf(clause);
  if (scope !== 'full' || FULL_WORDS.test(clause)) return scope;
  return HUMANITARIAN_AIM.test(clause.slice(Math.max(0, at - 120), end + 120)) ? 'humanitarian' : scope;
}

/** A side answering a proposal named only as "the offer", "the terms". */
const REPLY =
  /(?:^\s*|,\s+)([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:,\s+[^,]{3,80},)?\s+(rejected|dismissed|turned down|rebuffed|accepted|agreed to|welcomed)\s+(?:the|this|that|its|their|his|Moscow's|Kyiv's|Russia's|Ukraine's)\s+(?:offer|proposal|plan|idea|terms|call|initiative|ultimatum)\b/;

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
/** "from 18:00 on Saturday until midnight from Sunday to Monday" → hours between, as days. */
function clockSpan(text: string, pub: string): Range | undefined {
  const m = /\bfrom\s+(\d{1,2}):(\d{2})\b([^.;]{0,60}?)\b(?:until|till|to)\s+(?:(\d{1,2}):(\d{2})|midnight)\b([^.;]{0,60})/i.exec(text);
  if (m) {
    const dayOf = (s: string, fallback: string): string => {
      const cal = findDates(s, pub, true).find((d) => d.kind === 'calendar');
      if (cal) return cal.from;
      const wd = /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b/i.exec(s);
      if (!wd) return /\btoday\b/i.test(s) || !s.trim() ? fallback : fallback;
      const target = WEEKDAYS.indexOf(wd[1].toLowerCase());
      const cur = new Date(`${fallback}T00:00:00Z`).getUTCDay();
      return addDays(fallback, (target - cur + 7) % 7);
    };
    const startDay = dayOf(m[3], pub);
    const startH = Number(m[1]) + Number(m[2]) / 60;
    const endPart = m[6];
    const pair = /\bfrom\s+\w+day\s+to\s+(\w+day)\b/i.exec(endPart);
    let endDay: string;
    let endH: number;
    if (m[4] !== undefined && !(Number(m[4]) === 0 && Number(m[5]) === 0)) {
      endDay = dayOf(pair ? pair[1] : endPart, startDay);
      endH = Number(m[4]) + Number(m[5]) / 60;
    } else if (pair) {
      endDay = dayOf(pair[1], startDay);
      endH = 0;
    } else {
      endDay = addDays(dayOf(endPart, startDay), 1);
      endH = 0;
    }
    const hours = daysBetween(startDay, endDay) * 24 + endH - startH;
    if (hours > 0 && hours < 24 * 120) {
      const d = Math.round((hours / 24) * 1000) / 1000;
      return { min: d, max: d, approx: false, best: d, phrase: m[0].trim() };
    }
  }
  const dm =
    /\bfrom\s+(?:midnight\s+)?(?:at\s+)?(?:the\s+(?:start|beginning)\s+of\s+)?([^.;]{3,20}?)\s+(?:until|till|to|through)\s+(?:the\s+end\s+of\s+)?([^.;]{3,20}?)(?:[,.;]|$)/i.exec(
      text,
    );
  if (dm) {
    const a = findDates(dm[1], pub, true)[0];
    const b = findDates(dm[2], pub, true)[0];
    if (a && b && a.kind === 'calendar' && b.kind === 'calendar') {
      const d = daysBetween(a.from, b.from) + 1;
      if (d > 0 && d < 120) return { min: d, max: d, approx: false, best: d, phrase: dm[0].trim() };
    }
  }
  return undefined;
}

/** A length in words near the truce ("a 30-day ceasefire"), else a span of clock times in the whole clause. */
function durationIn(near: string, clause: string, pub: string): Range | undefined {
  return durationWords(near) ?? clockSpan(clause, pub) ?? durationWords(clause);
}

function durationWords(text: string): Range | undefined {
  const t = text
    .replace(/(\w)-(to|or)-(\w)/g, '$1 $2 $3')
    .replace(/\b(?:a |one )?month-long\b/gi, '30-day')
    .replace(/\bweek-long\b/gi, '7-day');
  const d = findDurations(t).find((x) => !/minute/i.test(x.minutes.phrase ?? '') && (x.minutes.max ?? x.minutes.min ?? 0) >= 12 * 60);
  if (d) {
    const r = minutesToDays(d.minutes);
    r.phrase = d.minutes.phrase;
    return r;
  }
  return undefined;
}

interface Mention {
  sentence: Sentence;
  scope: Scope;
  /** Full only because nothing narrower was said ("Russia proposes short truces"). */
  bareScope?: boolean;
  duration?: Range;
  proposer?: string;
  responder?: string;
  response?: Exclude<Response, 'pending'>;
  addressee?: string;
  unconditional?: boolean;
  purpose?: string;
  date?: string;
}

const preferSide = (ps: string[]): string | undefined =>
  [...ps].reverse().find((p) => p === 'RU' || p === 'UA' || p === 'US') ?? ps[ps.length - 1];

function lastVerb(re: RegExp, text: string): { index: number; word: string } | undefined {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  let last: { index: number; word: string } | undefined;
  while ((m = re.exec(text))) last = { index: m.index, word: m[0] };
  return last;
}

/** "any wider truce", "a full ceasefire": the conditions of another, larger truce than a partial one. */
const WIDER = /\b(?:any|a|the) (?:wider|broader|fuller|full|complete|general|comprehensive|lasting) (?:truce|cease-?fire)\b/i;

/**
 * Conditions attached to a proposal: those set in the sentences that tell it, and those set in other
 * sentences about a truce by its proposer or the side it is put to ("Moscow would agree to a truce only
 * if Kyiv halts mobilisation"). A sentence that tells another proposal keeps its conditions there.
 */
function conditionsOf(
  ctx: ReportContext,
  p: { proposer: string; scope: Scope; ms: Mention[] },
  all: { ms: Mention[] }[],
  addressee: string | undefined,
): { by: string; text: string }[] {
  const own = new Set(p.ms.map((m) => m.sentence.index));
  const others = new Set(all.filter((q) => q !== p).flatMap((q) => q.ms.map((m) => m.sentence.index)));
  const out: { by: string; text: string }[] = [];
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || DENIAL.test(s.text) || mentionsEarlierYear(s.text, ctx.publishedDay)) continue;
    const told = own.has(s.index);
    if (!told) {
      NOUN.lastIndex = 0;
      if (others.has(s.index) || !NOUN.test(s.text) || (p.scope !== 'full' && WIDER.test(s.text))) continue;
    }
    const d = demandOf(s.text);
    if (!d || (!told && d.by !== p.proposer && d.by !== addressee)) continue;
    if (!out.some((c) => c.by === d.by && c.text === d.what)) out.push({ by: d.by, text: d.what });
  }
  return out;
}

export function extractCeasefires(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  const mentions: Mention[] = [];
  for (const s of ctx.sentences) {
    if (HISTORY.test(s.text) || mentionsEarlierYear(s.text, ctx.publishedDay)) continue;
    const sentenceParties = findParties(s.text);
    if (OTHER_CONFLICT.test(s.text) && !sentenceParties.some((p) => p.party === 'RU' || p.party === 'UA')) continue;
    if (/\b(?:weeks?|months?) (?:after|since|ago)\b|\balmost a month since\b/i.test(s.text)) continue;
    const reply = REPLY.exec(s.text);
    if (reply && mentions.length) {
      // "Kyiv rejected the offer.": an answer to the truce just told.
      const responder = findParties(reply[1])[0]?.party;
      const last = mentions[mentions.length - 1];
      if (responder && responder !== last.proposer)
        mentions.push({
          sentence: s,
          scope: last.scope,
          responder,
          response: /accept|agree|welcom/i.test(reply[2]) ? 'accepted' : 'rejected',
        });
      NOUN.lastIndex = 0;
      if (!NOUN.test(s.text)) continue;
    }
    for (const c of splitClauses(s.text)) {
      // "ready for a truce if Russia stops strikes": what follows "if" is the condition, not the offer.
      const cond = /\b(?:if|unless|provided that|on condition that)\b/i.exec(c.text);
      const text = cond ? c.text.slice(0, cond.index) : c.text;
      // "so that medical teams could pick up the wounded": the purpose, not a hypothesis.
      if (HYPO_STRICT.test(text.replace(/\b(?:so that|so|in order that)\b[^,.;]*/gi, ' '))) continue;
      NOUN.lastIndex = 0;
      let m: RegExpExecArray | null;
      let prevEnd = 0;
      while ((m = NOUN.exec(c.text))) {
        if (m.index >= text.length) break;
        const before = c.text.slice(prevEnd, m.index);
        const after = c.text.slice(m.index + m[0].length);
        prevEnd = m.index + m[0].length;
        if (MODIFIER_USE.test(after) || SKIP_BEFORE.test(c.text.slice(0, m.index))) continue;
        const parties = findParties(c.text).map((p) => ({ ...p }));
        const partiesBefore = (idx: number) => parties.filter((p) => p.end <= idx).map((p) => p.party);
        const subjectAt = (idx: number): string | undefined => {
          // "…, wrote that he had proposed": the pronoun stands for the sentence's subject, named first.
          if (/\b(?:he|she)\s+(?:had\s+|has\s+|would\s+)?$/i.test(c.text.slice(Math.max(0, idx - 15), idx))) {
            const first = findParties(s.text)[0]?.party;
            if (first) return first;
          }
          // '"…our side will cease fire," he told diplomats': in a quote, "we" and "our side" are the speaker.
          if (/["“”]/.test(s.text) && /\b(?:we|our (?:side|troops|forces|army|country))\b[^"“”]*$/i.test(c.text.slice(0, idx))) {
            const close = /["”]\s*,?\s*([^"“”]*)$/.exec(s.text);
            const named = close ? findParties(close[1])[0]?.party : undefined;
            // '…," he said': the side the sentence before names first.
            const prev = close && /^(?:he|she|they)\b/i.test(close[1]) ? ctx.sentences[s.index - 1] : undefined;
            const told = prev ? findParties(prev.text)[0]?.party : undefined;
            return named ?? told ?? mentions.filter((x) => x.proposer).pop()?.proposer;
          }
          // "Russian forces in Ukraine", "plans to join NATO": a side after a preposition is not the one acting.
          const local = parties.filter((p) => p.end <= idx && !OBJECT_BEFORE.test(c.text.slice(Math.max(0, p.start - 25), p.start)));
          if (local.length) return preferSide(local.map((p) => p.party));
          const any = partiesBefore(idx);
          if (any.length) return preferSide(any);
          // "Defence Ministry declares 'regime of silence'": a headline without the side named takes the report's first.
          return findParties(s.text).map((p) => p.party)[0] ?? findParties(ctx.text).map((p) => p.party)[0];
        };
        const base = prevEnd - m[0].length - before.length;
        const mention: Mention = {
          sentence: s,
          scope: scopeNear(c.text, m.index, m.index + m[0].length),
          date: eventDate(c.text, ctx.publishedDay),
        };
        mention.bareScope = mention.scope === 'full' && !FULL_WORDS.test(c.text);
        // Who proposed: "the US plan for", "Kyiv's call for", "that Washington had proposed".
        POSSESSOR.lastIndex = 0;
        let pm: RegExpExecArray | null;
        while ((pm = POSSESSOR.exec(before))) {
          const ps = findParties(pm[1] ?? pm[2]);
          if (ps.length) mention.proposer = ps[0].party;
        }
        ASKED_BY.lastIndex = 0;
        let ab: RegExpExecArray | null;
        while ((ab = ASKED_BY.exec(before))) {
          const ps = findParties(ab[1]);
          if (ps.length) mention.proposer = ps[0].party;
        }
        const ap = AFTER_PROPOSER.exec(after);
        if (ap) {
          const ps = findParties(ap[1]);
          if (ps.length) mention.proposer = ps[0].party;
        }
        const rej = lastVerb(REJECT, before);
        const accHit = lastVerb(ACCEPT, before);
        // "urged Moscow and Kyiv to agree to a pause": the answer asked for, not given.
        const acc =
          accHit &&
          /\b(?:urg\w*|ask(?:s|ed|ing)?|call(?:s|ed|ing)? on|press(?:es|ed|ing)?|appeal(?:s|ed|ing)? to|invit\w*|encourag\w*)\s[^,;]{0,60}?\bto\s+$/i.test(
            before.slice(0, accHit.index),
          )
            ? undefined
            : accHit;
        // "urging Moscow to sign up to the truce": pressure to answer a truce already told, neither a new offer nor an answer.
        if (accHit && !acc && /\b(?:the|this|that|its|their)\s+(?:[\w-]+\s+){0,2}$/i.test(before.slice(accHit.index))) continue;
        const prop = lastVerb(PROPOSE, before);
        const covered = (v?: { index: number; word: string }) =>
          !!v && !!prop && v.index >= prop.index && v.index < prop.index + prop.word.length;
        type Hit = { k: 'rej' | 'acc' | 'prop'; index: number; word: string };
        const hits: Hit[] = [];
        if (rej && !covered(rej)) hits.push({ k: 'rej', ...rej });
        if (acc && !covered(acc)) hits.push({ k: 'acc', ...acc });
        const nounUse =
          !!prop &&
          /^calls for/i.test(prop.word) &&
          /(?:\bthe|\btheir|\bhis|\bher|\bits|repeated|renewed|growing|[A-Z][\w-]*(?:'s|’s)?|\b(?:reject|dismiss|ignor|welcom|back|heed|refus|declin)\w*)\s+$/.test(
            before.slice(0, prop.index),
          );
        // "Neither man announced a ceasefire", "Moscow did not propose a truce": nothing was proposed.
        const negated =
          !!prop && /\b(?:neither|nobody|no one|did not|didn't|has not|hasn't|have not|never)\b[^,;]*$/i.test(before.slice(0, prop.index));
        if (prop && !nounUse && !negated) hits.push({ k: 'prop', ...prop });
        const latest: Hit | undefined = hits.sort((a, b) => b.index - a.index)[0];
        const callOn =
          /\bcall(?:s|ed|ing)? on (?:the )?([\w-]+(?: side| government| leadership)?) to (?:declare|observe|accept|agree to|introduce|announce)\s*$/i.exec(
            before.slice(0, latest && latest.k === 'prop' ? latest.index + latest.word.length : 0),
          );
        if (latest?.k === 'prop' && callOn) {
          // "we call on the Ukrainian side to declare a ceasefire": the caller proposes, the side called on is addressed.
          const called = findParties(callOn[1])[0]?.party;
          const caller = preferSide(sentenceParties.map((p) => p.party).filter((p) => p !== called));
          mention.proposer ??= caller ?? (called ? opposite(called) : undefined);
          if (called) mention.addressee = called;
        } else if (latest?.k === 'prop') {
          mention.proposer ??= subjectAt(base + latest.index);
          const addr =
            /\bcall(?:s|ed|ing)? on (\w+)/i.exec(latest.word) ?? /^\s*(\w+)/.exec(c.text.slice(base + latest.index + latest.word.length));
          const ap2 = addr ? findParties(addr[1]) : [];
          if (ap2.length) mention.addressee = ap2[0].party;
        } else if (latest) {
          mention.responder = subjectAt(base + latest.index);
          mention.response = latest.k === 'rej' ? 'rejected' : 'accepted';
          if (/\btheir (?:offer|proposal|call|plan)\b/i.test(before) && !mention.proposer) mention.proposer = opposite(mention.responder);
          // "Orban said Ukraine had rejected his proposal": the speaker's own proposal.
          if (
            (/\b(?:his|her) (?:offer|proposal|call|plan|idea|initiative)\b/i.test(before) ||
              /\b(?:his|her)\s+(?:[\w-]+\s+){0,3}$/i.test(before)) &&
            !mention.proposer
          ) {
            const speaker = sentenceParties.map((p) => p.party).find((p) => p !== mention.responder);
            if (speaker) mention.proposer = speaker;
          }
        } else if (!mention.proposer) {
          continue; // the truce is only mentioned, not proposed or answered here
        }
        if (UNCONDITIONAL.test(c.text)) mention.unconditional = true;
        else if (cond) mention.unconditional = false;
        mention.duration = durationIn(c.text.slice(Math.max(0, m.index - 60), m.index + m[0].length + 80), c.text, ctx.publishedDay);
        const purpose =
          /\b(?:to (?:allow|enable|let|permit)|so that|in order to)\s+([^,.;]{8,90})/i.exec(c.text) ??
          /\b(?:for|citing) (humanitarian (?:reasons|considerations|grounds))/i.exec(c.text);
        if (purpose) mention.purpose = purpose[1].trim();
        mentions.push(mention);
      }
    }
  }
  // Fold mentions into proposals: explicit proposers first, then answers to them.
  interface Proposal {
    proposer: string;
    scope: Scope;
    ms: Mention[];
  }
  const proposals: Proposal[] = [];
  const fitting = (p: Proposal, m: Mention) =>
    p.scope === m.scope &&
    (!m.duration ||
      !p.ms.some((x) => x.duration) ||
      p.ms.some((x) => x.duration && x.duration.min === m.duration!.min && x.duration.max === m.duration!.max));
  for (const m of mentions.filter((x) => x.proposer)) {
    const p = proposals.find((x) => x.proposer === m.proposer && x.scope === m.scope);
    if (p) p.ms.push(m);
    else if (m.proposer !== m.responder) proposals.push({ proposer: m.proposer!, scope: m.scope, ms: [m] });
  }
  const broker = US_BROKER.test(ctx.text) ? 'US' : undefined;
  for (const m of mentions.filter((x) => !x.proposer)) {
    const p = proposals.find((x) => x.proposer !== m.responder && fitting(x, m));
    if (p) {
      p.ms.push(m);
      continue;
    }
    const proposer = broker && broker !== m.responder ? broker : opposite(m.responder);
    if (!proposer) continue;
    const q = proposals.find((x) => x.proposer === proposer && x.scope === m.scope);
    if (q) q.ms.push(m);
    else proposals.push({ proposer, scope: m.scope, ms: [m] });
  }
  // A truce told without its scope (a headline's "Russia proposes short truces") is the same side's narrower one told elsewhere.
  for (const bare of [...proposals]) {
    if (bare.scope !== 'full' || !bare.ms.every((m) => m.bareScope)) continue;
    const narrower = proposals.filter((x) => x !== bare && x.proposer === bare.proposer && x.scope !== 'full');
    if (narrower.length !== 1) continue;
    narrower[0].ms.push(...bare.ms);
    proposals.splice(proposals.indexOf(bare), 1);
  }
  return proposals.map((p) => {
    const answers = p.ms.filter((m) => m.response && m.responder !== p.proposer);
    const response: Response = answers.some((m) => m.response === 'rejected')
      ? 'rejected'
      : answers.some((m) => m.response === 'accepted')
        ? 'accepted'
        : 'pending';
    const duration = p.ms.find((m) => m.duration)?.duration;
    const addressee =
      p.ms.find((m) => m.addressee && m.addressee !== p.proposer)?.addressee ??
      answers.find((m) => m.responder)?.responder ??
      opposite(p.proposer);
    const conditions = conditionsOf(ctx, p, proposals, addressee);
    let unconditional = p.ms.some((m) => m.unconditional) ? true : undefined;
    // Conditions named make the offer conditional, unless it was called unconditional and only the other side set them.
    if (conditions.length && (unconditional !== true || conditions.some((c) => c.by === p.proposer))) unconditional = false;
    if (unconditional === undefined) {
      const scopeWords = p.scope === 'sea' ? /\b(?:maritime|black sea|sea|shipping)\b/i : p.scope === 'energy' ? /\benergy\b/i : undefined;
      const related = ctx.sentences.filter((s) => p.ms.some((m) => m.sentence === s) || (scopeWords && scopeWords.test(s.text)));
      if (related.some((s) => CONDITION.test(s.text) && !/\bany (?:wider |broader )?(?:truce|ceasefire)\b/i.test(s.text)))
        unconditional = false;
    }
    const purpose = p.ms.find((m) => m.purpose)?.purpose;
    const date = p.ms.find((m) => m.date)?.date ?? ctx.publishedDay;
    const data: Record<string, unknown> = {
      proposer: p.proposer,
      ...(addressee && addressee !== p.proposer ? { addressee } : {}),
      ...(duration ? { durationDays: duration } : {}),
      scope: p.scope,
      ...(unconditional !== undefined ? { unconditional } : {}),
      ...(conditions.length ? { conditions } : {}),
      ...(purpose ? { purpose } : {}),
      response,
      date: date > ctx.publishedDay ? ctx.publishedDay : date,
    };
    const sentences = [...new Set(p.ms.map((m) => m.sentence))];
    return {
      type: 'CeasefireProposed' as const,
      data,
      evidence: sentences.map((s) => evidenceOf(ctx, s)),
      confidence: conf(0.55 + (p.ms.length > 1 ? 0.15 : 0) + (duration ? 0.1 : 0) + (answers.length ? 0.1 : 0)),
    };
  });
}
