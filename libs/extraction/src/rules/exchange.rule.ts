import type { Range } from '@app/domain';
import { eventDate, mentionsEarlierYear, olderThan } from '../text/dates';
import { COUNT_SRC, parseRange } from '../text/numbers';
import { splitClauses, Sentence } from '../text/sentences';
import { OTHER_CONFLICT, partiesIn } from '../lexicon/parties';
import { conf, evidenceOf, ReportContext, RuleEvent } from './report-context';
import { HISTORY } from './modality';

type Category = 'prisoners' | 'bodies' | 'wounded' | 'children' | 'civilians';

const VERB =
  /\b(?:exchang\w*|swap\w*|trad(?:e|ed|es|ing)|hand(?:ed|s|ing)? (?:over|back)|handover|hand-over|return(?:ed|s|ing)?|repatriat\w*|releas\w*|freed|frees|free|brought (?:back|home)|came home|come home|coming home|sent (?:home|back)|reunit\w*|reunion|received|receives|receive|transfer\w*|all-for-all)\b/i;
const BLOCKED =
  /\b(?:put off|postpon\w*|stall\w*|no dates?|not (?:been )?agreed|did not take place|has not taken|failed|disput\w*|refus\w*|cancel\w*|earlier (?:prisoner )?(?:swaps|exchanges)|previous (?:swaps|exchanges)|accus\w*|could|might|propos\w*|offer(?:ed|s)? to|call\w* (?:for|on)|urg\w*|demand\w*|sentenced|court|turned down|reject\w*|plan|discuss\w*|must|hopes?|wants?|seek\w*|on the agenda|push(?:es|ed|ing)? for|appeal\w*|pray\w*|plead\w*|planned|ask(?:ed|s)? (?:that|for)|request\w*)\b/i;
/** A side that is ready or willing to hand over, not one that agreed or did. */
const OFFERED =
  /\b(?:(?:is|was|are|were|be|remains?|stands?)\s+(?:also\s+|still\s+)?(?:ready|willing|prepared)|offer(?:s|ed|ing)?)\s+to\s+(?:\w+\s+)?(?:hand|exchang\w*|swap|trade|return|transfer|release|give back)\b/i;
const COMPLETED =
  /\b(?:swapped|exchanged|traded|freed|released|returned|handed (?:over|back)|repatriated|received|receives|came home|comes? home|brought (?:home|back)|sent home|reunited|completed|took place|coming home|swap|trade|swaps|trades|exchange|exchanges|frees|return|returns)\b/i;
const STRONG_COMPLETED =
  /\b(?:swapped|exchanged|traded|freed|released|returned|handed (?:over|back)|repatriated|received|came home|brought (?:home|back)|reunited|completed|took place)\b/i;
const FUTURE_PASSIVE =
  /\b(?:will|would|to|shall|could|agreed to|agree to|plans? to|expected to)\s+(?:be\s+)?(?:\w+\s+)?(?:swapped|exchanged|traded|freed|released|returned|handed|repatriated|received)\b/i;
const AGREED =
  /\b(?:agree\w*|agreement|deal|will|would|shall|to (?:swap|exchange|trade|hand|return|release|carry out|set up|facilitate)|plan\w*|promis\w*|commit\w*|pledg\w*|set to|in the coming days|next week)\b/i;
const BACKGROUND =
  /\b(?:(?:stage|phase|part|round|batch) of (?:a|an|the) [^,.;]*|(?:deals?|agreements?|arrangements?|accords?|swaps?|exchanges?|terms|framework)\s+(?:that was |which was )?(?:agreed|reached|brokered|struck) (?:in|at|on|during|last)\b[^,.;]*|(?:under|in line with|in accordance with|as part of|pursuant to) (?:the|an|a) (?:(?!with\b|for\b)[\w'’-]+\s+){0,4}?(?:deal|agreements?|arrangements?|accords?)s?\b(?: (?:of|from|reached on) [^,.;]*)?|(?:since|so far|in total|altogether|overall|cumulative)\b[^,.;]*)/gi;

const NOUNS: [Category, RegExp][] = [
  ['bodies', /\b(?:bodies|remains|war dead|the dead|fallen(?: soldiers| servicemen| troops)?)\b/i],
  ['children', /\b(?:children|child|girls|boys|sisters|brothers|siblings|minors|teenagers|orphans|kids)\b/i],
  ['civilians', /\b(?:civilians?|citizens|civilian residents)\b/i],
  ['prisoners', /\b(?:prisoners?(?: of war)?|pows?|captives?|servicemen|soldiers|troops|defenders|detainees|service members|marines)\b/i],
];
const WOUNDED_MOD = /\b(?:wounded|injured|sick|ill)\b/i;
const CATEGORY_NOUN =
  /\b(?:bodies|remains|war dead|children|girls|boys|sisters|brothers|siblings|minors|teenagers|orphans|civilians?|citizens|prisoners?(?: of war)?|pows?|captives?|servicemen|soldiers|troops|defenders|detainees|ukrainians|russians|people)\b/i;

const COUNT_NOUN = new RegExp(
  `(?<![\\w,.])(${COUNT_SRC})((?:\\s+(?:each|of the|of|more|further|other|fallen|badly|seriously|severely|wounded|injured|sick|ill|ukrainian|russian|prisoners'|military|civilian|young|[a-z]+-[a-z]+))*)\\s+(${CATEGORY_NOUN.source.slice(2, -2)})`,
  'gi',
);
const BODIES_OF = new RegExp(`\\b(?:bodies|remains)\\s+of\\s+(?:the\\s+)?(?:first\\s+|another\\s+)?(${COUNT_SRC})(?![\\w])`, 'gi');
const N_FOR_N = new RegExp(`(?<![\\w,.])(${COUNT_SRC})(?:\\s+|-)for(?:\\s+|-)(?:a\\s+)?(${COUNT_SRC})(?![\\w])`, 'gi');
const LIST_OF = new RegExp(
  `\\blist\\s+(?:of|detailing|containing|naming|with)\\s+(${COUNT_SRC})\\s+(?:\\w+\\s+){0,2}?(children|prisoners|civilians|people)`,
  'gi',
);

const BODY_PHRASE =
  /\b(?:bodies|remains)\s+of\s+(?:the\s+)?(?:[\w,-]+\s+){0,4}?(?:soldiers|servicemen|troops|defenders|service members|fighters)\b|\bfallen\s+(?:soldiers|servicemen|troops|defenders)(?:'|’)?(?:\s+bodies)?|\b(?:soldiers|servicemen|troops)\s+killed\b/gi;

const INSTITUTION =
  /\b(?:headquarters|centre|center|commissioner|office|agency|council|committee|department|service)\s+(?:for\s+)?(?:the\s+)?(?:treatment\s+of\s+)?(?:prisoners of war|pows|prisoners)|\b(?:prisoners?|pow)(?:[- ]of[- ]war)?\s+(?:coordination\s+)?(?:headquarters|centre|center|office|commissioner|ombudsman)/gi;

interface Mention {
  category: Category;
  count?: Range;
  perSide: boolean;
  framework: boolean;
  completed: boolean;
  date?: string;
  sentence: Sentence;
}

const SWAP_CONTEXT = /\b(?:swap\w*|exchang\w*|captiv\w*|held (?:by|in)|in return|prisoners?|pows?)\b/i;

function categoryOfCount(mods: string, noun: string, clause: string, context = clause): Category | undefined {
  if (WOUNDED_MOD.test(mods)) return 'wounded';
  for (const [c, re] of NOUNS) if (re.test(noun)) return c;
  if (/^(?:ukrainians|russians|people)$/i.test(noun)) {
    for (const [c, re] of NOUNS) if (re.test(clause)) return c;
    // "215 people who were held by Russia", "230 Ukrainians come home" in a swap: prisoners.
    if (SWAP_CONTEXT.test(context)) return 'prisoners';
    return undefined;
  }
  return undefined;
}

function categoriesIn(clause: string): Category[] {
  const out = new Set<Category>();
  const re =
    /\b(?:(?:seriously|badly|severely)\s+)?(?:wounded|injured|sick|ill)\b(?:\s+and\s+(?:seriously\s+|severely\s+|gravely\s+)?(?:sick|ill|wounded|injured))?\s+(?:\w+\s+){0,2}?(?:prisoners?(?: of war)?|pows?|captives?|servicemen|soldiers|troops|defenders|fighters|ukrainians|russians)|\b(?:the|of|for)\s+(?:seriously|badly|severely|gravely)\s+(?:wounded|injured|ill)\b|\b(?:prisoners?|pows?|servicemen|soldiers|troops|defenders|fighters)\s+with\s+(?:serious|severe|grave|heavy)\s+(?:wounds|injuries|illnesses)/gi;
  let rest = clause.replace(BODY_PHRASE, ' ');
  if (re.test(rest)) {
    out.add('wounded');
    rest = rest.replace(re, ' ');
  }
  for (const [c, nre] of NOUNS) if (nre.test(rest)) out.add(c);
  // "the bodies of 1,000 people Russia says are Ukrainian servicemen": the soldiers are the dead.
  if (out.has('bodies') && !/\b(?:prisoners?|pows?|captives?|captivity)\b/i.test(rest)) out.delete('prisoners');
  return [...out];
}

export function extractExchanges(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  const mentions: Mention[] = [];
  const requested = new Map<Category, Range>();
  for (const s of ctx.sentences) {
    // Where a count of "people" or "Ukrainians" learns that it is a swap: its sentence and the headline.
    const swapContext = `${s.text} ${ctx.sentences[0]?.text ?? ''}`;
    if (OTHER_CONFLICT.test(s.text) && !partiesIn(s.text).some((p) => p === 'RU' || p === 'UA')) continue;
    if (HISTORY.test(s.text) || mentionsEarlierYear(s.text.replace(/\bsince \d{4}\b/g, ''), ctx.publishedDay)) continue;
    for (const c of splitClauses(s.text)) {
      let clause = c.text.replace(INSTITUTION, (m) => ' '.repeat(m.length));
      LIST_OF.lastIndex = 0;
      let lm: RegExpExecArray | null;
      while ((lm = LIST_OF.exec(clause))) {
        const r = parseRange(lm[1]);
        const cat = categoryOfCount('', lm[2], clause);
        if (r && cat && !requested.has(cat)) requested.set(cat, r);
      }
      clause = clause.replace(LIST_OF, (m) => ' '.repeat(m.length));
      clause = clause
        .replace(/\b(hand(?:ed|s|ing)?) over\b/gi, '$1 back')
        .replace(/\bexchange (area|point|site|zone)/gi, 'xxxxxxxx $1')
        // "images released by the emergency service": published, not set free.
        .replace(
          /\b(?:images|footage|videos?|photos?|photographs|statements?|reports?|data|figures)\s+released\b|\breleased (?:a |an |the )?(?:statement|video|footage|images|report|photos?)\b/gi,
          (m) => ' '.repeat(m.length),
        )
        .replace(
          /\bin (?:exchange|return) for\b(?![^,.;]*\b(?:prisoners?|pows?|captives?|soldiers|servicemen|bodies|children|civilians|\d))/gi,
          (m) => ' '.repeat(m.length),
        );
      if (!VERB.test(clause) || BLOCKED.test(s.text)) continue;
      // "Russia was ready to hand over a further 3,000 bodies": an offer, not a swap agreed or done.
      if (OFFERED.test(clause)) continue;
      const cleaned = clause
        .replace(BACKGROUND, (m) => ' '.repeat(m.length))
        .replace(/\baged?\s+\d+\s*(?:to|-|and)\s*\d+|\bunder (?:the age of )?\d+/gi, (m) => ' '.repeat(m.length));
      if (!VERB.test(cleaned)) continue;
      if (olderThan(cleaned, ctx.publishedDay, 7)) continue; // background: an older swap or deal
      // "swaps that have brought more than 4,500 Ukrainians home since 2022": a running total.
      if (
        /\b(?:have|has) (?:been )?(?:\w+ ){0,3}?(?:brought|returned|freed|released|exchanged|swapped)\b[^.;]*\bsince (?:\d{4}|the (?:start|beginning|full-scale))/i.test(
          clause,
        )
      )
        continue;
      if (
        /\b(?:prisoner|pow) (?:exchanges|swaps)\b/i.test(cleaned) &&
        !/\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand)\b/i.test(cleaned) &&
        categoriesIn(cleaned.replace(/\b(?:prisoner|pow) (?:exchanges|swaps)\b/gi, ' ')).length === 0
      )
        continue;
      const completed =
        (STRONG_COMPLETED.test(cleaned) && !FUTURE_PASSIVE.test(cleaned)) || (COMPLETED.test(cleaned) && !AGREED.test(cleaned));
      const date = eventDate(cleaned, ctx.publishedDay);
      const found: Mention[] = [];
      const perSideClause = /\b(?:each|all-for-all|all for all|on (?:an|the) equal basis)\b/i.test(cleaned);
      COUNT_NOUN.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = COUNT_NOUN.exec(cleaned))) {
        const cat = categoryOfCount(m[2] ?? '', m[3], cleaned, swapContext);
        const r = parseRange(m[1]);
        if (!cat || !r) continue;
        const before = cleaned.slice(Math.max(0, m.index - 30), m.index);
        if (/for[\s-]+(?:a\s+)?$/i.test(before) || /\b(?:bodies|remains)\s+of\s+(?:the\s+)?(?:first\s+|another\s+)?$/i.test(before))
          continue;
        const after = cleaned.slice(m.index + m[0].length, m.index + m[0].length + 12);
        const d = eventDate(cleaned.slice(m.index), ctx.publishedDay) ?? date;
        found.push({
          category: cat,
          count: r,
          perSide: /\beach\b/i.test(m[2] ?? '') || /^\s*each\b/i.test(after) || perSideClause,
          framework: false,
          completed,
          date: d,
          sentence: s,
        });
      }
      BODIES_OF.lastIndex = 0;
      while ((m = BODIES_OF.exec(cleaned))) {
        const r = parseRange(m[1]);
        if (r)
          found.push({
            category: 'bodies',
            count: r,
            perSide: /\beach\b/i.test(cleaned.slice(m.index + m[0].length, m.index + m[0].length + 30)),
            framework: false,
            completed,
            date,
            sentence: s,
          });
      }
      const cats = categoriesIn(cleaned);
      N_FOR_N.lastIndex = 0;
      while ((m = N_FOR_N.exec(cleaned))) {
        const a = parseRange(m[1]);
        const b = parseRange(m[2]);
        if (a && b && a.min === b.min) {
          const cat = cats.find((x) => x !== 'wounded') ?? (/exchange|swap/i.test(cleaned) ? 'prisoners' : undefined);
          if (cat)
            found.push({
              category: cat,
              count: { min: a.min, max: a.max, approx: a.approx, ...(a.best !== undefined ? { best: a.best } : {}), phrase: m[0] },
              perSide: true,
              framework: true,
              completed,
              date,
              sentence: s,
            });
        }
      }
      for (const cat of cats)
        if (!found.some((f) => f.category === cat))
          found.push({ category: cat, perSide: perSideClause, framework: false, completed, date, sentence: s });
      // "… and the same number of Ukrainian prisoners was handed back": the other side of the swap just told.
      if (/\b(?:the same number|an equal number|as many)\b/i.test(cleaned) && mentions.some((x) => x.sentence === s)) continue;
      mentions.push(...found);
    }
  }
  const events: RuleEvent[] = [];
  const order: Category[] = [];
  for (const m of mentions) if (!order.includes(m.category)) order.push(m.category);
  for (const cat of order) {
    const ms = mentions.filter((m) => m.category === cat);
    const plain = ms.filter((m) => m.count && !m.framework);
    const counted = plain.length ? plain : ms.filter((m) => m.count);
    const primary = counted[0];
    const groups: Mention[][] = [];
    if (primary) {
      const primaryDate = counted.find((m) => sameCount(m.count, primary.count) && m.date)?.date;
      groups.push(ms.filter((m) => !m.count || sameCount(m.count, primary.count) || !m.date || m.date === primaryDate));
      const extra = new Map<string, Mention[]>();
      for (const m of counted) {
        if (sameCount(m.count, primary.count) || !m.date || !primaryDate || m.date === primaryDate) continue;
        const k = `${m.count!.min}-${m.count!.max}`;
        extra.set(k, [...(extra.get(k) ?? []), m]);
      }
      groups.push(...extra.values());
    } else groups.push(ms);
    groups.forEach((g, i) => {
      const withCount = g.find((m) => m.count && (i > 0 || !primary || sameCount(m.count, primary.count)));
      const completed = g.some((m) => m.completed);
      const sentences = [...new Set(g.map((m) => m.sentence))];
      const headline = ctx.sentences.filter((x) => x.section === 'title').map((x) => x.text);
      if (swapWithTheWest([...headline, ...sentences.map((x) => x.text)].join(' '))) return;
      const mediator = mediationIn(sentences.map((s) => s.text).join(' ')) ?? mediationIn(ctx.text);
      const date = withCount?.date ?? g.find((m) => m.date)?.date ?? ctx.publishedDay;
      const data: Record<string, unknown> = {
        category: cat,
        parties: ['RU', 'UA'],
        ...(withCount?.count ? { count: withCount.count } : {}),
        ...(withCount?.perSide || g.some((m) => m.perSide && m.count) ? { perSide: true } : {}),
        ...(i === 0 && requested.has(cat) ? { requested: requested.get(cat) } : {}),
        status: completed ? 'completed' : 'agreed',
        ...(mediator ? { mechanism: mediator } : {}),
        date: date > ctx.publishedDay && completed ? ctx.publishedDay : date,
      };
      events.push({
        type: 'ExchangeAgreed',
        data,
        evidence: sentences.map((s) => evidenceOf(ctx, s)),
        confidence: conf(0.6 + (withCount ? 0.2 : 0) + (sentences.length > 1 ? 0.1 : 0)),
      });
    });
  }
  return events;
}

/** Sides of a swap with Russia that are not Ukraine: the United States and the West. */
const WEST = new Set(['US', 'GB', 'DE', 'FR', 'PL', 'EU', 'NATO']);
const WEST_WORDS = /\b(?:east-west|the west|western (?:countries|governments|nations|states)|americans?|us citizens?|us nationals?)\b/i;
/** Who is swapped in a swap between Russia and the West: reporters, dissidents, spies, foreign nationals. */
const NOT_WAR_CAPTIVES =
  /\b(?:journalists?|reporters?|correspondents?|dissidents?|(?:kremlin|putin) critics?|opposition (?:politicians?|activists?|figures?|leaders?)|political prisoners|spies|spy|intelligence officers?|agents?|former (?:us )?marines?|dual (?:nationals?|citizens?)|foreign (?:citizens?|nationals?)|(?:american|us|u\.s\.|german|british|french|polish|canadian|norwegian|slovenian)(?:-russian|-born)?\s+(?:[\w-]+\s+)?(?:citizens?|nationals?|teachers?|students?|ballerinas?|dancers?|musicians?|athletes?|players?|businessm[ae]n|tourists?|veterans?)|basketball|hockey)\b/i;
/**
 * A swap between Russia and the United States or the West, of journalists, dissidents or foreign
 * nationals, told without Ukraine as a party: not an exchange of this war.
 */
function swapWithTheWest(text: string): boolean {
  const parties = partiesIn(text);
  if (parties.includes('UA')) return false;
  return (parties.some((p) => WEST.has(p)) || WEST_WORDS.test(text)) && NOT_WAR_CAPTIVES.test(text);
}

const sameCount = (a?: Range, b?: Range): boolean => !!a && !!b && a.min === b.min && a.max === b.max;

const MEDIATORS: [RegExp, string][] = [
  [
    /\b(?:uae|emirati?)[- ](?:brokered|mediated)|(?:brokered|mediated|mediation) (?:by|of) the (?:uae|united arab emirates)|thanked the emirates/i,
    'UAE mediation',
  ],
  [/\bqatar(?:i)?[- ](?:brokered|mediated)|(?:brokered|mediated|arranged) by qatar|qatar helped|qatari mediation/i, 'Qatari mediation'],
  [/\b(?:turkish|turkey)[- ](?:brokered|mediated)|(?:brokered|mediated) by turkey/i, 'Turkish mediation'],
  [/\b(?:saudi)[- ](?:brokered|mediated)|(?:brokered|mediated) by saudi/i, 'Saudi mediation'],
  [/\b(?:medical )?commissions?\b/i, 'commission'],
];
function mediationIn(text: string): string | undefined {
  for (const [re, label] of MEDIATORS)
    if (re.test(text)) return label === 'commission' && /medical commissions/i.test(text) ? 'medical commissions' : label;
  return undefined;
}
