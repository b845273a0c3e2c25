import type { Range } from '@app/domain';

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const SCALES: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };

const UNIT_RE = Object.keys(UNITS).join('|');
const TEN_RE = Object.keys(TENS).join('|');
/** One word-number token such as "seven", "forty-seven", "ninety". */
const WORD = `(?:(?:${TEN_RE})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|${UNIT_RE})`;
const DIGITS = `\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?`;
/** A cardinal in digits or words, with optional scale words: "1,200", "2.5 million", "two hundred and forty-six", "a thousand". */
export const CARDINAL = `(?:(?:${DIGITS})(?:\\s+(?:thousand|million))?|(?:(?:a|an|${WORD})\\s+)?(?:hundred|thousand|million)(?:\\s+(?:and\\s+)?${WORD}(?:\\s+(?:hundred|thousand))?)*|${WORD}(?:\\s+(?:hundred|thousand|million)(?:\\s+(?:and\\s+)?${WORD})?)*)`;

/** Parses one cardinal phrase (digits or words); undefined when it is not a number. */
export function parseCardinal(raw: string): number | undefined {
  const s = raw.trim().toLowerCase();
  if (!s) return undefined;
  const dm = /^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?:\s+(thousand|million))?$/.exec(s);
  if (dm) {
    const n = Number(dm[1].replace(/,/g, ''));
    return dm[2] ? n * SCALES[dm[2]] : n;
  }
  let total = 0;
  let current = 0;
  let seen = false;
  for (const tok of s.split(/[\s-]+/)) {
    if (tok === 'and') continue;
    if (tok === 'a' || tok === 'an') {
      current = current || 1;
      seen = true;
      continue;
    }
    if (tok in UNITS) {
      current += UNITS[tok];
      seen = true;
      continue;
    }
    if (tok in TENS) {
      current += TENS[tok];
      seen = true;
      continue;
    }
    if (tok === 'hundred') {
      current = (current || 1) * 100;
      seen = true;
      continue;
    }
    if (tok === 'thousand' || tok === 'million') {
      total += (current || 1) * SCALES[tok];
      current = 0;
      seen = true;
      continue;
    }
    return undefined;
  }
  return seen ? total + current : undefined;
}

type Qualifier = 'min' | 'above' | 'max' | 'below' | 'approx' | 'approxMax' | 'exact';
const QUALIFIERS: [RegExp, Qualifier][] = [
  [/^(?:at least|no fewer than|no less than|not less than|a minimum of|at a minimum)$/, 'min'],
  [/^(?:more than|over|upwards of|in excess of|greater than|well over)$/, 'above'],
  [/^(?:up to|as many as|at most|no more than|a maximum of|not more than)$/, 'max'],
  [/^(?:fewer than|less than|under)$/, 'below'],
  [/^(?:nearly|almost|barely|just under|close to|just short of|not quite|a little under|less than about)$/, 'approxMax'],
  [/^(?:about|around|roughly|approximately|some|an estimated|estimated|circa|about a|approx\.?|or so)$/, 'approx'],
];
const QUAL_WORDS =
  'at least|no fewer than|no less than|not less than|a minimum of|more than|well over|over|upwards of|in excess of|greater than|up to|as many as|at most|no more than|a maximum of|not more than|fewer than|less than|under|nearly|almost|barely|just under|close to|just short of|about|around|roughly|approximately|some|an estimated';

const VAGUE: [RegExp, (q: Qualifier) => Range][] = [
  [/^(?:a|one)\s+dozen$/, (q) => qualify(12, q, true)],
  [/^(?:two|a couple of)\s+dozen$/, (q) => qualify(24, q, true)],
  [/^(?:several\s+)?dozens(?:\s+of)?$/, () => ({ min: 24, max: null, approx: true })],
  [/^(?:several\s+)?hundreds(?:\s+of)?$/, () => ({ min: 200, max: null, approx: true })],
  [/^(?:several\s+)?thousands(?:\s+of)?$/, () => ({ min: 2000, max: null, approx: true })],
  [/^(?:a\s+)?couple(?:\s+of)?$/, (q) => qualify(2, q, true)],
  [/^(?:a\s+)?handful(?:\s+of)?$/, () => ({ min: 3, max: 5, approx: true })],
];

function qualify(n: number, q: Qualifier, vague = false): Range {
  switch (q) {
    case 'min':
      return { min: n, max: null, approx: false };
    case 'above':
      return { min: Number.isInteger(n) ? n + 1 : n, max: null, approx: false };
    case 'max':
      return { min: null, max: n, approx: false };
    case 'below':
      return { min: null, max: Number.isInteger(n) ? n - 1 : n, approx: false };
    case 'approxMax':
      return { min: null, max: n, approx: true };
    case 'approx':
      return { min: n, max: n, approx: true };
    default:
      return { min: n, max: n, approx: vague };
  }
}

const qualifierOf = (raw: string | undefined): Qualifier => {
  if (!raw) return 'exact';
  const s = raw.trim().toLowerCase().replace(/\s+/g, ' ');
  for (const [re, q] of QUALIFIERS) if (re.test(s)) return q;
  return 'exact';
};

const VAGUE_SRC =
  '(?:a|one|two|a couple of)\\s+dozen|(?:several\\s+)?(?:dozens|hundreds|thousands)(?:\\s+of)?|a\\s+couple(?:\\s+of)?|a\\s+handful(?:\\s+of)?';
/** Source of a count phrase: qualifier, number, optional range partner ("two to three", "35-37", "two or three"). */
export const COUNT_SRC = `(?:(?:${QUAL_WORDS})\\s+)?(?:${VAGUE_SRC}|${CARDINAL}(?:\\s*(?:to|or|-|–|and)\\s*${CARDINAL}(?![\\d,]))?)`;
const COUNT_RE = new RegExp(`^(?:(${QUAL_WORDS})\\s+)?(?:(${VAGUE_SRC})|(${CARDINAL})(?:\\s*(?:to|or|-|–|and)\\s*(${CARDINAL}))?)$`, 'i');

/** Reads a count phrase into the catalogue's Range ("at least five" → {5,null}; "about 6,000" → {6000,6000,approx}). */
export function parseRange(phrase: string): Range | undefined {
  const s = phrase.trim().replace(/\s+/g, ' ');
  const m = COUNT_RE.exec(s);
  if (!m) return undefined;
  const q = qualifierOf(m[1]);
  let r: Range | undefined;
  if (m[2]) {
    const v = m[2].toLowerCase();
    for (const [re, f] of VAGUE)
      if (re.test(v)) {
        r = f(q);
        break;
      }
  } else {
    const a = parseCardinal(m[3]);
    if (a === undefined) return undefined;
    const b = m[4] !== undefined ? parseCardinal(m[4]) : undefined;
    if (b !== undefined && b > a) r = { min: a, max: b, approx: q === 'approx' || q === 'approxMax' };
    else r = qualify(a, q);
  }
  if (!r) return undefined;
  const best = r.min !== null && r.max !== null ? (r.min === r.max ? r.min : undefined) : (r.min ?? r.max ?? undefined);
  return { ...r, ...(best !== undefined ? { best } : {}), phrase: s };
}

/** Finds every count phrase in a text, with its offsets. */
const FIND_RE = new RegExp(`(?<![\\w,.])(?:${COUNT_SRC})(?![\\w])`, 'gi');
export function findCounts(text: string): { start: number; end: number; range: Range }[] {
  const out: { start: number; end: number; range: Range }[] = [];
  FIND_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FIND_RE.exec(text))) {
    const r = parseRange(m[0]);
    if (r) out.push({ start: m.index, end: m.index + m[0].length, range: r });
  }
  return out;
}

const HOUR_WORDS: [RegExp, number][] = [
  [/^an? hour and three quarters$/, 105],
  [/^an? hour and a half$/, 90],
  [/^an? hour and a quarter$/, 75],
  [/^half an hour$/, 30],
  [/^a quarter of an hour$/, 15],
  [/^three quarters of an hour$/, 45],
  [/^an? hour$/, 60],
  [/^a day$/, 1440],
  [/^a week$/, 7 * 1440],
  [/^a month$/, 30 * 1440],
  [/^a fortnight$/, 14 * 1440],
];
const UNIT_MINUTES: Record<string, number> = {
  minute: 1,
  min: 1,
  hour: 60,
  hr: 60,
  day: 1440,
  week: 7 * 1440,
  month: 30 * 1440,
  fortnight: 14 * 1440,
};

export const DURATION_SRC = `(?:(?:${QUAL_WORDS}|for|lasting)\\s+)*(?:an? hour and (?:three quarters|a half|a quarter)|half an hour|a quarter of an hour|three quarters of an hour|an? (?:hour|day|week|month|fortnight)|(?:${CARDINAL}(?:\\s*(?:to|or|-|–)\\s*${CARDINAL})?)(?:\\s+and\\s+(?:a\\s+)?(?:half|a quarter|three quarters))?[\\s-]+(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?))`;
const DURATION_RE = new RegExp(DURATION_SRC, 'gi');

/** Durations in minutes: "barely an hour" → {null,60,approx}; "about four and a half hours" → {270,270,approx}. */
export function parseDurationMinutes(phrase: string): Range | undefined {
  let s = phrase
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^(?:for|lasting)\s+/, '');
  const qm = new RegExp(`^(${QUAL_WORDS})\\s+`).exec(s);
  const q = qualifierOf(qm?.[1]);
  if (qm) s = s.slice(qm[0].length).replace(/^(?:for|lasting)\s+/, '');
  for (const [re, mins] of HOUR_WORDS) if (re.test(s)) return { ...qualify(mins, q), phrase: phrase.trim() };
  const m = new RegExp(
    `^(${CARDINAL})(?:\\s*(?:to|or|-|–)\\s*(${CARDINAL}))?(?:\\s+and\\s+(?:a\\s+)?(half|a quarter|three quarters))?[\\s-]+(minute|min|hour|hr|day|week|month)s?$`,
  ).exec(s);
  if (!m) return undefined;
  const a = parseCardinal(m[1]);
  if (a === undefined) return undefined;
  const frac = m[3] === 'half' ? 0.5 : m[3] === 'a quarter' ? 0.25 : m[3] === 'three quarters' ? 0.75 : 0;
  const unit = UNIT_MINUTES[m[4]];
  const b = m[2] ? parseCardinal(m[2]) : undefined;
  if (b !== undefined && b > a) return { min: a * unit, max: b * unit, approx: q === 'approx' || q === 'approxMax', phrase: phrase.trim() };
  return { ...qualify((a + frac) * unit, q), phrase: phrase.trim() };
}

export function findDurations(text: string): { start: number; end: number; minutes: Range }[] {
  const out: { start: number; end: number; minutes: Range }[] = [];
  DURATION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DURATION_RE.exec(text))) {
    const r = parseDurationMinutes(m[0]);
    if (r) out.push({ start: m.index, end: m.index + m[0].length, minutes: r });
  }
  return out;
}

/** Converts a minutes range to days (for ceasefire lengths): 1800 minutes → 1.25 days. */
export function minutesToDays(r: Range): Range {
  const d = (v: number | null) => (v === null ? null : Math.round((v / 1440) * 1000) / 1000);
  const out: Range = { min: d(r.min), max: d(r.max), approx: r.approx };
  if (r.phrase) out.phrase = r.phrase;
  if (out.min !== null && out.min === out.max) out.best = out.min;
  return out;
}
