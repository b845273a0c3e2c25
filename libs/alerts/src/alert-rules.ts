import { IncidentChange, IncidentView, independentSourcesOf } from './incident-view';
import { NotifyOn, SubscriptionFilter } from './subscription-filter';

interface PlaceLike {
  name?: string;
  admin1?: string;
  lat?: number;
  lon?: number;
  precision?: string;
}

interface RangeLike {
  min?: number | null;
  max?: number | null;
  best?: number;
}

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’ʼ`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** "Donetsk Oblast", "Donetsk region", "donetsk" → "donetsk". */
const oblastKey = (s: string) =>
  norm(s)
    .replace(/\b(oblast|region|province)\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();

const asPlace = (v: unknown): PlaceLike | null => (v && typeof v === 'object' ? (v as PlaceLike) : null);

/** Every place an incident names: struck places, the meeting's location, the next round's. */
export function placesOf(view: IncidentView): PlaceLike[] {
  const f = view.fields;
  const out: PlaceLike[] = [];
  if (Array.isArray(f.places)) for (const p of f.places) if (asPlace(p)) out.push(p as PlaceLike);
  const location = asPlace(f.location);
  if (location) out.push(location);
  const next = asPlace(asPlace(f.nextRound) && (f.nextRound as { location?: unknown }).location);
  if (next) out.push(next);
  return out;
}

/** Every party an incident names, on either side or as mediator. */
export function partiesOf(view: IncidentView): string[] {
  const f = view.fields;
  const out: string[] = [];
  for (const key of ['perpetrator', 'target', 'proposer', 'addressee']) if (typeof f[key] === 'string') out.push(f[key] as string);
  for (const key of ['parties', 'mediators'])
    if (Array.isArray(f[key])) out.push(...(f[key] as unknown[]).filter((p): p is string => typeof p === 'string'));
  if (Array.isArray(f.leads)) for (const l of f.leads as { party?: unknown }[]) if (typeof l?.party === 'string') out.push(l.party);
  return out;
}

/** The lowest figure a range vouches for ("at least 5", "5 to 7" → 5; "about 6" → 6). */
export function lowerBound(range: unknown): number | null {
  if (!range || typeof range !== 'object') return null;
  const r = range as RangeLike;
  if (typeof r.min === 'number') return r.min;
  if (typeof r.best === 'number') return r.best;
  return null;
}

/** A filter's name lists as sets and its keywords as patterns, worked out once per filter object. */
interface CompiledFilter {
  parties: Set<string> | null;
  places: Set<string> | null;
  oblasts: Set<string> | null;
  keywords: RegExp[] | null;
}

const compiled = new WeakMap<SubscriptionFilter, CompiledFilter>();

function compile(filter: SubscriptionFilter): CompiledFilter {
  let c = compiled.get(filter);
  if (!c) {
    c = {
      parties: filter.parties ? new Set(filter.parties.map(norm)) : null,
      places: filter.places ? new Set(filter.places.map(norm)) : null,
      oblasts: filter.oblasts ? new Set(filter.oblasts.map(oblastKey)) : null,
      keywords: filter.keywords
        ? filter.keywords.map((k) => new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRegExp(norm(k))}($|[^\\p{L}\\p{N}])`, 'u'))
        : null,
    };
    compiled.set(filter, c);
  }
  return c;
}

function matchesWhere(filter: SubscriptionFilter, c: CompiledFilter, places: PlaceLike[]): boolean {
  const { bbox } = filter;
  if (!c.places && !c.oblasts && !bbox) return true;
  if (c.places) {
    const wanted = c.places;
    if (places.some((p) => p.name && wanted.has(norm(p.name)))) return true;
  }
  if (c.oblasts) {
    const wanted = c.oblasts;
    const hit = places.some(
      (p) => (p.admin1 && wanted.has(oblastKey(p.admin1))) || (p.precision === 'region' && p.name && wanted.has(oblastKey(p.name))),
    );
    if (hit) return true;
  }
  if (bbox) {
    const [w, s, e, n] = bbox;
    if (places.some((p) => typeof p.lat === 'number' && typeof p.lon === 'number' && p.lon >= w && p.lon <= e && p.lat >= s && p.lat <= n))
      return true;
  }
  return false;
}

function textOf(view: IncidentView): string {
  const parts: string[] = view.evidence.map((e) => e.sentence ?? '');
  for (const p of placesOf(view)) parts.push(p.name ?? '', p.admin1 ?? '');
  for (const key of ['purpose', 'mechanism']) if (typeof view.fields[key] === 'string') parts.push(view.fields[key] as string);
  return norm(parts.join(' \n '));
}

/** Whether an incident, as it now stands, is one the filter asks for. */
export function matchesFilter(filter: SubscriptionFilter, view: IncidentView): boolean {
  if (filter.families && !filter.families.includes(view.family)) return false;
  const c = compile(filter);
  if (c.parties) {
    const wanted = c.parties;
    if (!partiesOf(view).some((p) => wanted.has(norm(p)))) return false;
  }
  if (!matchesWhere(filter, c, placesOf(view))) return false;
  if (filter.minKilled !== undefined) {
    const killed = lowerBound(view.fields.killed);
    if (killed === null || killed < filter.minKilled) return false;
  }
  if (filter.minSources !== undefined && independentSourcesOf(view) < filter.minSources) return false;
  if (filter.minConfidence !== undefined && (view.confidence === null || view.confidence < filter.minConfidence)) return false;
  if (c.keywords) {
    const text = textOf(view);
    if (!c.keywords.some((k) => k.test(text))) return false;
  }
  return true;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const CHANGE_OPTION: Record<Exclude<IncidentChange, 'reported'>, NotifyOn> = {
  corroborated: 'corroborations',
  casualties: 'casualties',
  status: 'status',
};

/** Whether a subscriber already alerted of an incident asked to hear of this change too. */
export function wantsChange(notifyOn: readonly string[], change: IncidentChange): boolean {
  if (change === 'reported') return false;
  return notifyOn.includes(CHANGE_OPTION[change]);
}

export type AlertDecision = { kind: 'first' } | { kind: 'follow-up' } | { kind: 'none' };

/**
 * What one incident event means for one subscription: the first alert (the incident matches now and
 * the subscriber has not had one), a follow-up (it has, and asked for this kind of change), or nothing.
 */
export function decideAlert(input: {
  filter: SubscriptionFilter;
  notifyOn: readonly string[];
  view: IncidentView;
  change: IncidentChange;
  alreadyAlerted: boolean;
}): AlertDecision {
  if (input.alreadyAlerted) return wantsChange(input.notifyOn, input.change) ? { kind: 'follow-up' } : { kind: 'none' };
  return matchesFilter(input.filter, input.view) ? { kind: 'first' } : { kind: 'none' };
}
