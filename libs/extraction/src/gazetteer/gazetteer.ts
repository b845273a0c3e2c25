import type { Place } from '@app/domain';
import { REGIONS, SETTLEMENTS, VENUES } from './places.data';
import { buildSupplement } from './geonames-supplement';

export type MentionKind = 'settlement' | 'region' | 'district' | 'venue' | 'unknown';

export interface PlaceMention {
  start: number;
  end: number;
  kind: MentionKind;
  place: Place;
  /** Country of a venue (talks); for settlements the place's country. */
  country: string;
}

interface Entry {
  name: string;
  admin1?: string;
  country: string;
  lat: number;
  lon: number;
}

const norm = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']s\b/g, '')
    .replace(/[’']/g, '')
    .replace(/\./g, '')
    .replace(/\s+/g, ' ')
    .trim();

function load(data: string, withAdmin: boolean): Map<string, Entry> {
  const map = new Map<string, Entry>();
  for (const line of data.split('\n')) {
    if (!line.trim()) continue;
    const f = line.split('|');
    const entry: Entry = withAdmin
      ? { name: f[0], admin1: f[2], country: f[3], lat: Number(f[4]), lon: Number(f[5]) }
      : { name: f[0], country: f[2], lat: Number(f[3]), lon: Number(f[4]) };
    for (const alias of [f[0], ...f[1].split(';')].filter(Boolean)) if (!map.has(norm(alias))) map.set(norm(alias), entry);
  }
  return map;
}

interface Tables {
  settlements: Map<string, Entry>;
  regions: Map<string, Entry>;
  venues: Map<string, Entry>;
  supplement: ReturnType<typeof buildSupplement>;
}

let built: Tables | null = null;

/**
 * The lookup tables, built on first use (about half a second and 90 MB): a process that never
 * extracts, such as a worker that only delivers webhooks, never builds them. `warmGazetteer`
 * builds them ahead of the first report.
 */
function tables(): Tables {
  if (!built) {
    const settlements = load(SETTLEMENTS, true);
    const regions = load(REGIONS, true);
    const venues = load(VENUES, false);
    const supplement = buildSupplement(
      (key) => settlements.get(key) ?? (regions.has(key) || venues.has(key) ? { country: 'XX', lat: 0, lon: 0 } : undefined),
    );
    built = { settlements, regions, venues, supplement };
  }
  return built;
}

export function warmGazetteer(): void {
  tables();
}

const MAX_WORDS = 4;
const supplementEntry = (key: string): Entry | undefined => {
  const e = tables().supplement.get(key);
  return e ? { name: e.name, admin1: e.admin1, country: e.country, lat: e.lat, lon: e.lon } : undefined;
};

export const settlementCount = (): number =>
  new Set([...tables().settlements.values()]).size + new Set([...tables().supplement.values()]).size;

const toPlace = (e: Entry, precision: Place['precision']): Place => ({
  name: e.name,
  ...(e.admin1 && e.admin1 !== e.name ? { admin1: e.admin1 } : {}),
  country: e.country,
  lat: e.lat,
  lon: e.lon,
  precision,
});

export function lookupSettlement(name: string): Place | undefined {
  const e = tables().settlements.get(norm(name)) ?? supplementEntry(norm(name));
  return e ? toPlace(e, 'settlement') : undefined;
}
export function lookupRegion(root: string): Place | undefined {
  const e = tables().regions.get(norm(root.replace(/\s+(?:oblast|region|province|krai)$/i, '')));
  return e ? { name: e.admin1!, country: e.country, lat: e.lat, lon: e.lon, precision: 'region' } : undefined;
}
export function lookupVenue(name: string): { place: Place; country: string } | undefined {
  const e = tables().venues.get(norm(name));
  return e ? { place: toPlace(e, 'settlement'), country: e.country } : undefined;
}

const TOKEN = /[A-Za-zÀ-ž][A-Za-zÀ-ž'’.-]*/g;
const REGION_AFTER = /^(?:[\s-]+)(oblasts?|regions?|provinces?|krais?|republics?|people's republics?|region's)\b/i;
const DISTRICT_AFTER = /^\s+(districts?|raions?|rayons?|municipality|community|hromada)\b/i;
const LIST_GAP = /^\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)$/;
const CITY_DISTRICT = /(?:skyi|skyy|sky|skiy|ivskyi|ovskyi)$/i;
const UNKNOWN_BEFORE = /\b(?:village|settlement|hamlet|town|city)\s+of\s+$/i;
/** "in Hroza, Kupiansk district": a name placed by the district, community or region that follows it. */
const UNKNOWN_PLACED_LEFT = /\b(?:in|at|near|on|struck|hit|hitting|shelled|attacked)\s+$/;
const UNKNOWN_PLACED_RIGHT = /^,\s+(?:in\s+)?(?:the\s+)?[A-Z][\w'’-]+\s+(?:district|raion|community|hromada|region|oblast)\b/;

/**
 * Finds places in a text: settlements (by any known spelling), regions ("the Sumy region",
 * "Sumy Oblast", "the Bryansk and Kursk regions"), raions named after a town, venues of talks,
 * and unknown villages introduced as "the village of X" or placed by their district ("in Hroza, Kupiansk district").
 */
const CACHE = new Map<string, PlaceMention[]>();
const CACHE_LIMIT = 512;
/** Forgets cached scans; called once per report so that only repeats within a report are shared. */
export const clearPlaceCache = (): void => CACHE.clear();

export function findPlaces(text: string): PlaceMention[] {
  const hit = CACHE.get(text);
  if (hit) return hit.map((m) => ({ ...m }));
  const found = scanPlaces(text);
  if (CACHE.size >= CACHE_LIMIT) CACHE.clear();
  CACHE.set(text, found);
  return found.map((m) => ({ ...m }));
}

function scanPlaces(text: string): PlaceMention[] {
  const { settlements, regions, venues } = tables();
  const tokens: { s: number; e: number; w: string; k: string }[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(text))) {
    let w = m[0];
    const hy = /^(.+?)-(?:region|oblast|province)$/i.exec(w);
    if (hy) {
      tokens.push({ s: m.index, e: m.index + hy[1].length, w: hy[1], k: norm(hy[1]) });
      continue;
    }
    let e = m.index + w.length;
    const poss = /(?:'s|’s|[.'’-])+$/.exec(w);
    if (poss) {
      w = w.slice(0, poss.index);
      e -= poss[0].length;
    }
    if (w) tokens.push({ s: m.index, e, w, k: norm(w) });
  }
  const out: PlaceMention[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!/^[A-ZÀ-Þ]/.test(tokens[i].w)) continue;
    let found: PlaceMention | undefined;
    let used = 0;
    for (let n = Math.min(MAX_WORDS, tokens.length - i); n >= 1 && !found; n--) {
      let ok = true;
      for (let k = i + 1; k < i + n; k++) if (!/^\s+$/.test(text.slice(tokens[k - 1].e, tokens[k].s))) ok = false;
      if (!ok) continue;
      const span = text.slice(tokens[i].s, tokens[i + n - 1].e);
      const after = text.slice(tokens[i + n - 1].e, tokens[i + n - 1].e + 24);
      let key = tokens[i].k;
      for (let k = i + 1; k < i + n; k++) key += ` ${tokens[k].k}`;
      const regionWord = REGION_AFTER.exec(after);
      if (regionWord) {
        const r = regions.get(key);
        if (r) {
          found = {
            start: tokens[i].s,
            end: tokens[i + n - 1].e + regionWord[0].length,
            kind: 'region',
            place: toPlace(r, 'region'),
            country: r.country,
          };
          found.place = { name: r.admin1!, country: r.country, lat: r.lat, lon: r.lon, precision: 'region' };
          used = n;
          break;
        }
      }
      const districtWord = DISTRICT_AFTER.exec(after);
      if (districtWord) {
        if (CITY_DISTRICT.test(span)) {
          used = n;
          found = undefined;
          break;
        }
        const s = settlements.get(key);
        if (s) {
          found = {
            start: tokens[i].s,
            end: tokens[i + n - 1].e + districtWord[0].length,
            kind: 'district',
            place: { name: `${s.name} district`, admin1: s.admin1, country: s.country, lat: s.lat, lon: s.lon, precision: 'region' },
            country: s.country,
          };
          used = n;
          break;
        }
      }
      const s = settlements.get(key) ?? supplementEntry(key);
      if (s) {
        found = { start: tokens[i].s, end: tokens[i + n - 1].e, kind: 'settlement', place: toPlace(s, 'settlement'), country: s.country };
        used = n;
        break;
      }
      const v = venues.get(key);
      if (v) {
        found = { start: tokens[i].s, end: tokens[i + n - 1].e, kind: 'venue', place: toPlace(v, 'settlement'), country: v.country };
        used = n;
        break;
      }
    }
    if (
      !found &&
      /^[A-Z][a-z]{3,}$/.test(tokens[i].w) &&
      (UNKNOWN_BEFORE.test(text.slice(Math.max(0, tokens[i].s - 30), tokens[i].s)) ||
        (UNKNOWN_PLACED_LEFT.test(text.slice(Math.max(0, tokens[i].s - 12), tokens[i].s)) &&
          UNKNOWN_PLACED_RIGHT.test(text.slice(tokens[i].e, tokens[i].e + 50))))
    ) {
      found = {
        start: tokens[i].s,
        end: tokens[i].e,
        kind: 'unknown',
        place: { name: tokens[i].w, country: '', precision: 'settlement' },
        country: '',
      };
      used = 1;
    }
    if (found) {
      out.push(found);
      i += Math.max(used, 1) - 1;
    } else if (used) i += used - 1;
  }
  // "the Bryansk, Belgorod and Kursk regions": a plural region word names every member of the list.
  for (let j = out.length - 1; j > 0; j--) {
    if (out[j].kind !== 'region' || !/s$/i.test(text.slice(out[j].start, out[j].end).trim())) continue;
    for (let k = j - 1; k >= 0; k--) {
      const prev = out[k];
      if (!LIST_GAP.test(text.slice(prev.end, out[k + 1].start))) break;
      const r = regions.get(norm(text.slice(prev.start, prev.end)));
      if (!r) break;
      out[k] = {
        ...prev,
        kind: 'region',
        place: { name: r.admin1!, country: r.country, lat: r.lat, lon: r.lon, precision: 'region' },
        country: r.country,
      };
    }
  }
  return out;
}
