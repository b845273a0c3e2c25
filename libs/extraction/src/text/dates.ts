/** Dates in news language, resolved against the report's publish date (UTC). */
import { parseCardinal } from './numbers';

const DAY_MS = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const monthIndex = (s: string): number => MONTHS.findIndex((m) => m.startsWith(s.toLowerCase().replace('.', '').slice(0, 3)));

export const toIso = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const isoToMs = (iso: string): number => Date.parse(`${iso}T00:00:00Z`);
export const addDays = (iso: string, n: number): string => toIso(isoToMs(iso) + n * DAY_MS);
export const daysBetween = (a: string, b: string): number => Math.round((isoToMs(b) - isoToMs(a)) / DAY_MS);

/** The publish date's UTC day, or today's when the report has none or an unreadable one. */
export function publishDay(publishedAt?: string): string {
  const ms = publishedAt ? Date.parse(publishedAt) : NaN;
  return toIso(Number.isNaN(ms) ? Date.now() : ms);
}

export interface DateMention {
  start: number;
  end: number;
  from: string;
  to?: string;
  /** 'past' resolves weekdays backwards from the publish date, 'future' forwards. */
  kind: 'weekday' | 'relative' | 'calendar';
  /** True when a reporting verb ("said on Monday") governs it: when it was said, not when it happened. */
  reporting: boolean;
}

const DAY_NUM = '(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)';
const PATTERNS: {
  re: RegExp;
  make: (m: RegExpExecArray, pub: string, future: boolean) => { from: string; to?: string; kind: DateMention['kind'] } | undefined;
}[] = [
  {
    // "June 20 and 30", "between June 20 and 30", "May 8-10"
    re: new RegExp(`\\b(${MONTH_RE})\\s+${DAY_NUM}(?:\\s*(?:and|to|-|–|until|through)\\s*${DAY_NUM}\\b)?(?:,?\\s+(\\d{4}))?`, 'gi'),
    make: (m, pub) => calendar(pub, monthIndex(m[1]), Number(m[2]), m[3] ? Number(m[3]) : undefined, m[4] ? Number(m[4]) : undefined),
  },
  {
    // "19 January", "20 and 30 June", "8-10 May 2025"
    re: new RegExp(`\\b${DAY_NUM}(?:\\s*(?:and|to|-|–|until|through)\\s*${DAY_NUM})?\\s+(${MONTH_RE})(?![a-z])(?:,?\\s+(\\d{4}))?`, 'gi'),
    make: (m, pub) => calendar(pub, monthIndex(m[3]), Number(m[1]), m[2] ? Number(m[2]) : undefined, m[4] ? Number(m[4]) : undefined),
  },
  {
    re: /\b(?:(last|this|next|on|since|by|until|from|early|late)\s+(?:on\s+)?)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)?\b/gi,
    make: (m, pub, future) => {
      const wd = WEEKDAYS.indexOf(m[2].toLowerCase());
      const pubWd = new Date(isoToMs(pub)).getUTCDay();
      const lead = (m[1] ?? '').toLowerCase();
      if (lead === 'next' || (future && lead !== 'last')) {
        let d = (wd - pubWd + 7) % 7;
        if (lead === 'next' && d === 0) d = 7;
        return { from: addDays(pub, d), kind: 'weekday' };
      }
      let back = (pubWd - wd + 7) % 7;
      if (lead === 'last' && back === 0) back = 7;
      return { from: addDays(pub, -back), kind: 'weekday' };
    },
  },
  { re: /\b(?:yesterday|last night)\b/gi, make: (_m, pub) => ({ from: addDays(pub, -1), kind: 'relative' }) },
  { re: /\b(?:today|tonight|this (?:morning|afternoon|evening))\b/gi, make: (_m, pub) => ({ from: pub, kind: 'relative' }) },
  { re: /\btomorrow\b/gi, make: (_m, pub) => ({ from: addDays(pub, 1), kind: 'relative' }) },
  { re: /\blast week\b/gi, make: (_m, pub) => ({ from: addDays(pub, -7), to: addDays(pub, -1), kind: 'relative' }) },
  { re: /\bnext week\b/gi, make: (_m, pub) => ({ from: addDays(pub, 1), to: addDays(pub, 7), kind: 'relative' }) },
  { re: /\blast month\b/gi, make: (_m, pub) => ({ from: addDays(pub, -31), to: addDays(pub, -1), kind: 'relative' }) },
  { re: /\b(?:a|one) day (?:later|after)\b/gi, make: (_m, pub) => ({ from: pub, kind: 'relative' }) },
];

function calendar(
  pub: string,
  month: number,
  day: number,
  day2?: number,
  year?: number,
): { from: string; to?: string; kind: 'calendar' } | undefined {
  if (month < 0 || day < 1 || day > 31 || (day2 !== undefined && (day2 < day || day2 > 31))) return undefined;
  const pubMs = isoToMs(pub);
  let y = year ?? new Date(pubMs).getUTCFullYear();
  const make = (d: number) => toIso(Date.UTC(y, month, d));
  if (!year) {
    // A date more than eight months ahead of publication is last year's; eight months back and more, next year's.
    const diff = (Date.UTC(y, month, day) - pubMs) / DAY_MS;
    if (diff > 240) y -= 1;
    else if (diff < -240) y += 1;
  }
  return { from: make(day), ...(day2 !== undefined ? { to: make(day2) } : {}), kind: 'calendar' };
}

const REPORTING_BEFORE =
  /\b(?:(?:said|says|say|told|tells|reported|reports|announced|added|confirmed|stated|wrote|posted|declared|noted|claimed|explained|warned)|(?:rose|risen|rises|climbed|grew|increased|reached) to [\d,]+)\s+(?:(?:late|early)\s+)?(?:on\s+)?$/i;

/**
 * Finds date expressions in a sentence. `future` resolves bare weekdays forwards
 * (for schedules: "talks will open on Friday").
 */
export function findDates(sentence: string, publishedDay: string, future = false): DateMention[] {
  const out: DateMention[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(sentence))) {
      if (out.some((o) => m!.index < o.end && m!.index + m![0].length > o.start)) continue;
      const r = p.make(m, publishedDay, future);
      if (!r) continue;
      const before = sentence.slice(Math.max(0, m.index - 40), m.index);
      out.push({ start: m.index, end: m.index + m[0].length, ...r, reporting: REPORTING_BEFORE.test(before) });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The first date in the sentence that says when something happened (not when it was said), in the past. */
export function eventDate(sentence: string, publishedDay: string): string | undefined {
  for (const d of findDates(sentence, publishedDay)) {
    if (d.reporting) continue;
    if (d.kind === 'relative' && d.to) continue; // "last week" is too vague for a day
    if (daysBetween(publishedDay, d.from) > 1) continue; // a past event cannot be dated after publication
    return d.from;
  }
  return undefined;
}

/** Matches a bare year (e.g. 2022) that lies before the publish year: marks history and background. */
export function mentionsEarlierYear(sentence: string, publishedDay: string): boolean {
  const py = Number(publishedDay.slice(0, 4));
  const re = /\b(19\d\d|20\d\d)\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(sentence))) if (Number(m[1]) < py) return true;
  return false;
}

/**
 * The text dates what it tells only by days written out ("on 23 July"), each more than `days`
 * before publication, and by no nearer day ("today", "on Thursday"): it tells of something older.
 */
export function olderThan(text: string, publishedDay: string, days: number): boolean {
  // A named day ("Palm Sunday", "Bloody Sunday") is not a weekday of this week.
  const dated = findDates(text, publishedDay).filter(
    (d) =>
      !d.reporting &&
      !(
        d.kind === 'weekday' &&
        /\b(?!(?:On|By|Since|Until|From|Last|This|Next|Early|Late|Each|Every|And|Or|But)\s)[A-Z][a-z]+\s+$/.test(
          text.slice(Math.max(0, d.start - 20), d.start),
        )
      ),
  );
  return dated.length > 0 && dated.every((d) => d.kind === 'calendar' && daysBetween(d.from, publishedDay) > days);
}

/** "in May" in a June report: a month named without a day, before the publication month. */
const MONTH_ALONE = new RegExp(`\\b(?:in|during|since|throughout)\\s+(${MONTHS.join('|')})\\b(?!\\s+\\d)`, 'gi');

export function mentionsEarlierMonth(clause: string, publishedDay: string): boolean {
  const pubMonth = Number(publishedDay.slice(5, 7)) - 1;
  MONTH_ALONE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = MONTH_ALONE.exec(clause))) {
    // "since its liberation in November" only dates the background.
    if (/\bsince\b[^,;]*$/i.test(clause.slice(Math.max(0, m.index - 40), m.index))) continue;
    if (MONTHS.indexOf(m[1].toLowerCase()) !== pubMonth) return true;
  }
  return false;
}

// ---- When something still to come will be ----------------------------------------------------

const lastOfMonth = (y: number, m: number): number => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
const monthSpan = (y: number, m: number, fromDay = 1, toDay = lastOfMonth(y, m)) => ({
  from: toIso(Date.UTC(y, m, fromDay)),
  to: toIso(Date.UTC(y, m, Math.min(toDay, lastOfMonth(y, m)))),
});

/** Western Easter Sunday (Gregorian computus). */
function westernEaster(y: number): string {
  const a = y % 19;
  const b = Math.floor(y / 100);
  const c = y % 100;
  const h = (19 * a + b - Math.floor(b / 4) - Math.floor((8 * b + 13) / 25) + 15) % 30;
  const l = (32 + 2 * (b % 4) + 2 * Math.floor(c / 4) - h - (c % 4)) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toIso(Date.UTC(y, month - 1, day));
}
/** Orthodox Easter Sunday (Julian computus, shifted to the Gregorian calendar: 13 days in 1900–2099). */
function orthodoxEaster(y: number): string {
  const a = y % 4;
  const b = y % 7;
  const c = y % 19;
  const d = (19 * c + 15) % 30;
  const e = (2 * a + 4 * b - d + 34) % 7;
  const month = Math.floor((d + e + 114) / 31);
  const day = ((d + e + 114) % 31) + 1;
  return addDays(toIso(Date.UTC(y, month - 1, day)), 13);
}

type Window = { from?: string; to?: string };
const VAGUE: { re: RegExp; make: (m: RegExpExecArray, pub: string) => Window | undefined }[] = [
  {
    // "in two weeks", "in ten days' time", "within a month"
    re: /\b(in|within)\s+(a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+(days?|weeks?|months?)(?:[’']?\s+time)?\b/gi,
    make: (m, pub) => {
      const n = /couple/i.test(m[2]) ? 2 : (parseCardinal(m[2]) ?? Number(m[2]));
      const unit = m[3].toLowerCase().replace(/s$/, '');
      const end =
        unit === 'month'
          ? toIso(Date.UTC(Number(pub.slice(0, 4)), Number(pub.slice(5, 7)) - 1 + n, Number(pub.slice(8, 10))))
          : addDays(pub, n * (unit === 'week' ? 7 : 1));
      return { from: m[1].toLowerCase() === 'within' ? addDays(pub, 1) : end, to: end };
    },
  },
  {
    re: /\bnext month\b/gi,
    make: (_m, pub) => {
      const d = new Date(isoToMs(pub));
      return monthSpan(d.getUTCFullYear(), d.getUTCMonth() + 1);
    },
  },
  {
    re: /\b(?:later (?:this|in the) month|(?:by|before) the end of the month|this month)\b/gi,
    make: (_m, pub) => ({ from: addDays(pub, 1), to: monthSpan(Number(pub.slice(0, 4)), Number(pub.slice(5, 7)) - 1).to }),
  },
  {
    // "in June", "in early July", "at the end of May", "in mid-June" (no day written)
    re: new RegExp(
      `\\b(?:in|for|by|during|at)\\s+(?:(early|mid|late|the (?:start|beginning|middle|end) of)[\\s-]+)?(${MONTHS.join('|')})\\b(?![\\s,]+\\d)`,
      'gi',
    ),
    make: (m, pub) => {
      const month = MONTHS.indexOf(m[2].toLowerCase());
      const pubMonth = Number(pub.slice(5, 7)) - 1;
      const y = Number(pub.slice(0, 4)) + (month < pubMonth ? 1 : 0);
      const part = (m[1] ?? '').toLowerCase();
      const span = /early|start|beginning/.test(part)
        ? monthSpan(y, month, 1, 10)
        : /mid|middle/.test(part)
          ? monthSpan(y, month, 11, 20)
          : /late|end/.test(part)
            ? monthSpan(y, month, 21)
            : monthSpan(y, month);
      if (span.to <= pub) return undefined;
      return { from: span.from > pub ? span.from : addDays(pub, 1), to: span.to };
    },
  },
  {
    // "after Easter": from the day after the earlier of the two Easters (the Orthodox one when named).
    re: /\bafter\s+(?:the\s+)?(orthodox\s+|catholic\s+|western\s+)?easter\b/gi,
    make: (m, pub) => {
      const kind = (m[1] ?? '').trim().toLowerCase();
      for (const y of [Number(pub.slice(0, 4)), Number(pub.slice(0, 4)) + 1]) {
        const days = kind === 'orthodox' ? [orthodoxEaster(y)] : kind ? [westernEaster(y)] : [westernEaster(y), orthodoxEaster(y)];
        const easter = days.sort()[0];
        if (easter >= pub || days.some((d) => d >= pub)) return { from: addDays(easter, 1) };
      }
      return undefined;
    },
  },
];

/**
 * When something still to come will happen, as the text puts it: a day ("on June 2", "on Friday"), or
 * a span for vaguer words ("next week", "in two weeks", "within a month", "next month", "in early
 * July"), open-ended for "after Easter". A single day is a span of one day. The first such expression
 * after publication, or undefined.
 */
export function futureWindow(text: string, publishedDay: string): (Window & { start: number; end: number }) | undefined {
  const found: (Window & { start: number; end: number })[] = findDates(text, publishedDay, true)
    .filter((d) => !d.reporting && (d.to ?? d.from) > publishedDay)
    .map((d) => ({ start: d.start, end: d.end, from: d.from, to: d.to ?? d.from }));
  for (const v of VAGUE) {
    v.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = v.re.exec(text))) {
      const start = m.index;
      const end = m.index + m[0].length;
      if (found.some((f) => start < f.end && end > f.start)) continue;
      const w = v.make(m, publishedDay);
      if (w) found.push({ start, end, ...w });
    }
  }
  return found.sort((a, b) => a.start - b.start)[0];
}
