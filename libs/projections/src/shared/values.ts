import { Place, Range } from '@app/domain';

/** Lower-case, accent-free, single-spaced: how names are compared in filters. */
export function nameKey(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Donetsk Oblast", "Donetsk region", "donetsk" all become "donetsk". */
export function oblastKey(s: string): string {
  return nameKey(s)
    .replace(/\b(oblast|region|province|krai|republic of|republic)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export const partyKey = (s: string): string => nameKey(s);

/** The oblast (first-level region) a place lies in: its admin1, or itself when it is a region. */
export function oblastOf(p: Pick<Place, 'name' | 'admin1' | 'precision'>): string | null {
  if (p.admin1) return p.admin1;
  if (p.precision === 'region') return p.name;
  return null;
}

/** The single figure to show for a range: its best, else its lower bound, else its upper bound. */
export function bestOf(r: Range | null | undefined): number | null {
  if (!r) return null;
  return r.best ?? r.min ?? r.max ?? null;
}

export const uniq = <T>(xs: T[]): T[] => [...new Set(xs)];

/** "at least 5", "about 6000", "2–3", "up to 60". */
export function describeRange(r: Range | null | undefined): string | null {
  if (!r) return null;
  const approx = r.approx ? 'about ' : '';
  if (r.min !== null && r.max !== null) return r.min === r.max ? `${approx}${r.min}` : `${approx}${r.min}–${r.max}`;
  if (r.min !== null) return `${r.approx ? 'about ' : 'at least '}${r.min}`;
  if (r.max !== null) return `up to ${r.max}`;
  return null;
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
