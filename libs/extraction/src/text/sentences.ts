import { Section } from './report-text';

export interface Sentence {
  index: number;
  text: string;
  start: number;
  end: number;
  section: Section;
}

const ABBREVIATIONS = new Set(
  [
    'mr',
    'mrs',
    'ms',
    'dr',
    'st',
    'gen',
    'lt',
    'col',
    'sgt',
    'capt',
    'maj',
    'gov',
    'sen',
    'rep',
    'prof',
    'adm',
    'cmdr',
    'jan',
    'feb',
    'mar',
    'apr',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
    'no',
    'vs',
    'etc',
    'approx',
    'u.s',
    'u.n',
    'u.k',
    'e.g',
    'i.e',
    'a.m',
    'p.m',
    'inc',
    'ltd',
    'co',
    'jr',
    'sr',
    'mt',
    'ft',
  ].map((a) => a.toLowerCase()),
);

const BOUNDARY = /[.!?]+["'”’)]*(?=\s+["'“‘(]?[A-Z0-9])/g;

/** Splits text into sentences: every line break ends one, and so does . ! ? before a capital or digit, except after abbreviations and initials. */
export function splitSentences(text: string, sections: { section: Section; start: number; end: number }[]): Sentence[] {
  const out: Sentence[] = [];
  const sectionAt = (pos: number): Section => {
    for (const s of sections) if (pos >= s.start && pos <= s.end) return s.section;
    return 'content';
  };
  const push = (from: number, to: number) => {
    while (from < to && /\s/.test(text[from])) from++;
    while (to > from && /\s/.test(text[to - 1])) to--;
    if (to > from) out.push({ index: out.length, text: text.slice(from, to), start: from, end: to, section: sectionAt(from) });
  };
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    let from = 0;
    BOUNDARY.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = BOUNDARY.exec(line))) {
      const cut = m.index + m[0].length;
      const before = line.slice(from, m.index);
      const lastWord = /([A-Za-z.]+)$/.exec(before)?.[1] ?? '';
      const lw = lastWord.toLowerCase().replace(/\.$/, '');
      if (m[0].startsWith('.') && (ABBREVIATIONS.has(lw) || /^[A-Z]$/.test(lastWord) || /^([A-Za-z]\.)+[A-Za-z]?$/.test(lastWord)))
        continue;
      push(lineStart + from, lineStart + cut);
      from = cut;
    }
    push(lineStart + from, lineStart + line.length);
    lineStart = lineEnd + 1;
  }
  return out;
}

/**
 * Clauses of a sentence: parts joined by ';', a dash, or ', and' / ', while' / ', but',
 * each with its offset inside the sentence. Figures and places are tied within a clause.
 */
export interface Clause {
  text: string;
  offset: number;
}
const CLAUSE_BREAK = /;\s+|\s+[—–]\s+|,\s+(?:and|while|but|whereas)\s+(?!its\b)/g;
export function splitClauses(sentence: string): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  CLAUSE_BREAK.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLAUSE_BREAK.exec(sentence))) {
    out.push({ text: sentence.slice(from, m.index), offset: from });
    from = m.index + m[0].length;
  }
  out.push({ text: sentence.slice(from), offset: from });
  return out.filter((c) => c.text.trim().length > 0);
}
