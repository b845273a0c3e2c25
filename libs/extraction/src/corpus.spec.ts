import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract } from './extract';

interface Labelled {
  id: string;
  title?: string;
  summary?: string;
  content?: string;
  publishedAt?: string;
  expected: { type: string; data: Record<string, unknown> }[];
}
type Ev = { type: string; data: Record<string, unknown> };

const CORE = ['TalksHeld', 'CeasefireProposed', 'ExchangeAgreed', 'AttackReported'];
const ALIASES: Record<string, string> = {
  kiev: 'kyiv',
  kharkov: 'kharkiv',
  odessa: 'odesa',
  zaporozhye: 'zaporizhzhia',
  nikolaev: 'mykolaiv',
};
const ADMIN = /\b(?:the|oblast|region|province|krai|raion|district|city|of)\b/gi;
const fold = (s: unknown) =>
  String(s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]/g, '');
const placeKey = (p: unknown) => {
  const k = fold(String(typeof p === 'string' ? p : ((p as { name?: string })?.name ?? '')).replace(ADMIN, ' '));
  return ALIASES[k] ?? k;
};
const placesOf = (d: Record<string, unknown>) =>
  [...((d.places as unknown[]) ?? []), ...(d.location ? [d.location] : [])].map(placeKey).filter(Boolean);
const sameEvent = (want: Ev, got: Ev): boolean => {
  if (want.type !== got.type) return false;
  const w = want.data;
  const g = got.data;
  switch (want.type) {
    case 'TalksHeld':
      return (
        placesOf(w).some((p) => placesOf(g).includes(p)) &&
        ((w.parties as string[]) ?? []).every((p) => ((g.parties as string[]) ?? []).includes(p))
      );
    case 'CeasefireProposed':
      return String(w.proposer).toUpperCase() === String(g.proposer).toUpperCase();
    case 'ExchangeAgreed':
      return w.category === g.category;
    default:
      return placesOf(w).some((p) => placesOf(g).includes(p));
  }
};

/** F1 of the core families over a labelled file: each expected event matched at most once. */
function score(file: string): { f1: number; tp: number; fp: number; fn: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const lines = readFileSync(join(__dirname, '..', 'corpus', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  for (const line of lines) {
    const r = JSON.parse(line) as Labelled;
    const want = r.expected.filter((e) => CORE.includes(e.type));
    const got = extract(r).events.filter((e) => CORE.includes(e.type));
    const used = new Set<number>();
    for (const w of want) {
      const i = got.findIndex((g, gi) => !used.has(gi) && sameEvent(w, g));
      if (i >= 0) {
        used.add(i);
        tp++;
      } else fn++;
    }
    fp += got.length - used.size;
  }
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0, tp, fp, fn };
}

describe('labelled regression corpora', () => {
  it.each([
    ['attacks.jsonl', 0.93],
    ['talks.jsonl', 0.95],
    ['mixed.jsonl', 0.9],
    ['final.jsonl', 0.86],
    ['rss.jsonl', 0.92],
    ['week.jsonl', 0.83],
    ['blind.jsonl', 0.92],
  ])('%s scores at least its floor', (file, floor) => {
    const s = score(file);
    expect(s.tp).toBeGreaterThan(20);
    expect(s.f1).toBeGreaterThanOrEqual(floor);
  });
});
