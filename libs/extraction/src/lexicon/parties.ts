/** Parties named in news text: states, capitals, institutions and people, mapped to catalogue labels. */

const CASE_INSENSITIVE: [string, string[]][] = [
  [
    'RU',
    [
      'russia',
      'russian',
      'russians',
      'russian federation',
      'moscow',
      'kremlin',
      'putin',
      'lavrov',
      'medinsky',
      'ushakov',
      'dmitriev',
      'peskov',
      'shoigu',
      'belousov',
      'gerasimov',
      'zakharova',
      'nebenzia',
      'galuzin',
      'fomin',
      'kostyukov',
      'karasin',
      'beseda',
      'lvova-belova',
      'moskalkova',
      'khinshtein',
      'medvedev',
      'kozak',
      'patrushev',
      'naryshkin',
      'slutsky',
      'matviyenko',
      'volodin',
      'bortnikov',
      'bogomaz',
      'gladkov',
      'sobyanin',
    ],
  ],
  [
    'UA',
    [
      'ukraine',
      'ukrainian',
      'ukrainians',
      'kyiv',
      'kiev',
      'zelensky',
      'zelenskyy',
      'zelenskiy',
      'umerov',
      'yermak',
      'sybiha',
      'budanov',
      'syrskyi',
      'shmyhal',
      'svyrydenko',
      'kyslytsya',
      'lubinets',
      'yusov',
      'kiev regime',
      'klitschko',
      'terekhov',
      'kuleba',
      'podolyak',
      'podoliak',
      'arakhamia',
      'reznikov',
      'stefanchuk',
      'zaluzhnyi',
      'kubrakov',
      'fedorov',
      'prokudin',
      'lysak',
      'syniehubov',
      'filashkin',
      'kiper',
      'vilkul',
    ],
  ],
  [
    'US',
    [
      'united states',
      'american',
      'americans',
      'washington',
      'white house',
      'trump',
      'rubio',
      'witkoff',
      'waltz',
      'vance',
      'kellogg',
      'hegseth',
      'pentagon',
      'state department',
      'driscoll',
      'kushner',
      'bessent',
      'peek',
      'anton',
    ],
  ],
  ['TR', ['turkey', 'türkiye', 'turkiye', 'turkish', 'ankara', 'erdogan', 'erdoğan', 'fidan', 'kalin']],
  ['SA', ['saudi', 'saudi arabia', 'bin salman', 'faisal bin farhan', 'al-aiban']],
  ['AE', ['uae', 'united arab emirates', 'emirati', 'emirates', 'bin zayed']],
  ['QA', ['qatar', 'qatari']],
  ['VA', ['vatican', 'holy see', 'pope']],
  ['EU', ['european union', 'brussels', 'von der leyen', 'kallas', 'european commission']],
  ['NATO', ['nato', 'rutte']],
  ['UN', ['united nations', 'guterres']],
  ['ICRC', ['red cross', 'icrc']],
  ['FR', ['france', 'french', 'macron']],
  ['DE', ['germany', 'german', 'merz', 'scholz']],
  ['GB', ['britain', 'british', 'united kingdom', 'starmer', 'lammy']],
  ['PL', ['poland', 'polish', 'tusk']],
  ['BY', ['belarus', 'belarusian', 'lukashenko']],
  ['HU', ['hungary', 'hungarian', 'orban', 'orbán', 'szijjarto', 'szijjártó']],
  ['IAEA', ['international atomic energy agency', 'atomic energy agency', 'nuclear watchdog', 'grossi']],
  ['CN', ['china', 'chinese', 'beijing', 'xi jinping']],
];
/** Short upper-case labels that are ordinary words in lower case ("us"). */
const CASE_SENSITIVE: [string, string[]][] = [
  ['US', ['US', 'U.S.', 'USA', 'U.S']],
  ['UN', ['UN', 'U.N.']],
  ['EU', ['EU']],
  ['IAEA', ['IAEA']],
  ['UA', ['AFU']],
];

const LOOKUP = new Map<string, string>();
for (const [party, words] of CASE_INSENSITIVE) for (const w of words) LOOKUP.set(w, party);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const ALL = [...LOOKUP.keys()]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|');
const PARTY_RE = new RegExp(`(?<![\\w])(?:${ALL})(?:'s|’s)?(?![\\w])`, 'gi');
const CS_LOOKUP = new Map<string, string>();
for (const [party, words] of CASE_SENSITIVE) for (const w of words) CS_LOOKUP.set(w, party);
const CS_RE = new RegExp(
  `(?<![\\w.])(?:${[...CS_LOOKUP.keys()]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|')})(?![\\w])`,
  'g',
);

export interface PartyMention {
  start: number;
  end: number;
  party: string;
  word: string;
}

/** Every party mention in a text, in order. "Russian-Ukrainian" yields both. */
const CACHE = new Map<string, PartyMention[]>();
/** Forgets cached scans; called once per report. */
export const clearPartyCache = (): void => CACHE.clear();
export function findParties(text: string): PartyMention[] {
  const hit = CACHE.get(text);
  if (hit) return hit.map((m) => ({ ...m }));
  const found = scanParties(text);
  if (CACHE.size >= 512) CACHE.clear();
  CACHE.set(text, found);
  return found.map((m) => ({ ...m }));
}

function scanParties(text: string): PartyMention[] {
  const out: PartyMention[] = [];
  PARTY_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PARTY_RE.exec(text))) {
    const word = m[0].replace(/(?:'s|’s)$/, '');
    const party = LOOKUP.get(word.toLowerCase());
    if (party) out.push({ start: m.index, end: m.index + m[0].length, party, word });
  }
  CS_RE.lastIndex = 0;
  while ((m = CS_RE.exec(text))) out.push({ start: m.index, end: m.index + m[0].length, party: CS_LOOKUP.get(m[0])!, word: m[0] });
  return out.sort((a, b) => a.start - b.start);
}

export const partiesIn = (text: string): string[] => [...new Set(findParties(text).map((p) => p.party))];

export const BELLIGERENTS = new Set(['RU', 'UA']);
export const opposite = (p: string | undefined): string | undefined => (p === 'RU' ? 'UA' : p === 'UA' ? 'RU' : undefined);

/** Words that tie a report to other wars, so their truces and swaps are not ours. */
export const OTHER_CONFLICT =
  /\b(?:gaza|israel(?:i|is)?|hamas|hezbollah|lebanon|west bank|palestin\w*|sudan\w*|rsf|india(?:n)?|pakistan\w*|kashmir|armenia\w*|azerbaijan\w*|congo\w*|rwanda\w*|m23|thailand|thai|cambodia\w*|yemen\w*|houthis?|syria\w*|iran(?:ian)?|ethiopia\w*|tigray|myanmar|libya\w*|netanyahu|idf|tel aviv|rafah|khan younis|beirut|darfur|el fasher|khartoum|kinshasa|goma|karabakh|pashinyan|aliyev|khamenei|hun manet|sindoor)\b/i;
