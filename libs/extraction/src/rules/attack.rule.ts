import type { Place, Range } from '@app/domain';
import { findPlaces, PlaceMention } from '../gazetteer/gazetteer';
import { eventDate, mentionsEarlierMonth, mentionsEarlierYear, olderThan } from '../text/dates';
import { COUNT_SRC, parseRange } from '../text/numbers';
import { splitClauses, Sentence } from '../text/sentences';
import { opposite } from '../lexicon/parties';
import { conf, evidenceOf, ReportContext, RuleEvent } from './report-context';
import { DENIAL, HISTORY, NEGATED_ACTION, TRUCE_WORDS } from './modality';

type Weapon = 'shelling' | 'missile' | 'drone' | 'airstrike' | 'glide_bomb' | 'ground_assault' | 'unknown';

const TRIGGER =
  /\b(?:rock(?:s|ed)?|strik(?:e|es|ing)|struck|hits?|hitting|attack(?:s|ed|ing)?|shell(?:ed|ing|s)?|bombard\w*|pound(?:ed|ing|s)?|missiles?|drones?|rockets?|bomb(?:s|ed|ing)?|explosions?|blasts?|raids?|barrage|kill(?:s|ed|ing)?|dead|died|deaths?|death toll|injur\w+|wound(?:ed|ing|s)?|hurt|casualt\w+|damag\w+|destroy\w*|mourn\w*|shahed|iskander|airstrikes?|air strikes?|came under|under fire|ablaze|caught fire|fires? broke out|debris|set on fire|opened fire|fired (?:at|on)|saboteurs|incursion|rubble|ruin(?:s|ed)?|shattered|search and rescue)\b/i;
const NOT_ATTACK =
  /\b(?:exchange[ds]?|swap\w*|handover|handed over|repatriat\w*|returned|sentenced|court|trial|exercise|drills?)\b|\b(?:killed|fell|died|fallen)\s+(?:in|on)\s+the\s+(?:[\w-]+(?:,\s+|\s+and\s+|\s+)){1,5}?(?:directions?|sectors?|ax[ie]s)\b/i;
const INTERCEPT =
  /\b(?:shot down|shoots? down|shooting down|intercept\w*|downed|repel\w*|repuls\w*|beaten off|beat off|brought down|thwart\w*|neutrali[sz]ed|destroyed \d|destroyed (?:over|more|dozens|\w+ (?:drones|uavs)))\b/i;

const THREAT =
  /\b(?:could|might|would|threaten(?:s|ed|ing)?|vow(?:s|ed)? to|warn(?:s|ed)? (?:it|that|of (?:a )?(?:possible|new|massive))|plans? to|if)\b/i;
/**
 * What a weapon lets or allows someone do is a capability, not a strike: "glide bombs let Russian jets
 * strike Kharkiv from afar", "drones that can hit any city". ("May have hit" still tells of a strike.)
 */
const CAPABILITY =
  /\b(?:let(?:s|ting)?|allow(?:s|ed|ing)?|enabl(?:e|es|ed|ing)|permit(?:s|ted|ting)?)\s+(?:[\w'’-]+\s+){0,3}?(?:to\s+)?(?:strike|hit|attack|bomb|shell|pound|target|reach)\b|\b(?:can|cannot|can't|may(?!\s+have)|able to|capable of|designed to|meant to)\s+(?:\w+\s+)?(?:strike|striking|hit|hitting|attack|attacking|bomb|target|targeting|reach)\b/i;
/** A strike told as done, beside a capability: "struck Kyiv with missiles that can reach it in minutes". */
const TOLD_STRIKE =
  /\b(?:struck|attacked|shelled|pounded|bombed|(?:was|were|has been|have been) hit|hit (?:on|overnight|early|late|last|this))\b/i;
const AFTERMATH =
  /\b(?:kill\w*|injur\w*|wound\w*|hurt|damag\w*|fires?|debris|dead|died|deaths?|caught fire|set (?:\w+ )?alight|burn\w*|hospital\w*|slamm?\w*|plough\w*|plow\w*|crash\w* into)\b/i;

// ---- casualty figures --------------------------------------------------------------------
const N = `(${COUNT_SRC})`;
const KILL = '(?:killed|dead|died|deaths|lost (?:their|his|her) lives|perished|fatalities|slain)';
const HURT =
  '(?:injured|wounded|hurt|injuries|casualties|hospitali[sz]ed|(?:being )?treated (?:in|at) (?:a )?hospitals?|(?:sought|needed|required|asked for) (?:urgent |emergency )?medical (?:help|attention|assistance|care|treatment))';
/** "are now known to have died", "were confirmed to have been killed": the fate, told with what is known of it. */
const KNOWN = '(?:(?:now\\s+|also\\s+)?(?:known|confirmed|reported)\\s+to\\s+have\\s+(?:been\\s+)?)?';
const BE = '(?:(?:were|was|have been|has been|had been|are|is|being|got)\\s+)?';
const PEOPLE_GAP =
  "(?:(?!said|says|and|or|drones?|missiles?|buildings?|houses?|homes|cars|vehicles|apartments?|blocks?|shells?|rockets?|bombs?|kilometres|km|metres|hours|days|minutes|years|percent|storey|regions?|explosions?)[a-z'’-]+\\s+){0,5}";
const NON_HUMAN =
  /^\s*(?:[a-z-]+\s+)?(?:drones?|missiles?|buildings?|houses?|homes|cars|vehicles|apartments?|blocks?|shells?|rockets?|bombs?|kilometres|km|metres|hours|days|minutes|years|percent|%|storey|regions?|explosions?|guided|aerial|ballistic|cruise|attack|shahed|uavs?|tonnes|sites?|times)\b/i;

const PAT_NUM_FIRST = (w: string) => new RegExp(`(?<![\\w,.])${N}\\s+${PEOPLE_GAP}${BE}${KNOWN}${w}\\b`, 'gi');
const PAT_VERB_FIRST = (w: string) => new RegExp(`\\b${w}\\s+${N}(?![\\w])`, 'gi');
const KILL_NUM_FIRST = PAT_NUM_FIRST(KILL);
const HURT_NUM_FIRST = PAT_NUM_FIRST(HURT);
const KILL_VERB_FIRST = PAT_VERB_FIRST(
  '(?:kill(?:s|ed|ing)?(?: (?:a |an entire |the |whole )?family of)?|claim(?:s|ed|ing)? the lives of|left)',
);
const HURT_VERB_FIRST = PAT_VERB_FIRST('(?:injur(?:e|es|ed|ing)|wound(?:s|ed|ing)?|hurt(?:ing)?)');
const TOLL = new RegExp(
  `\\b(?:death toll|toll|number of (?:people |those |civilians )?(?:killed|dead|deaths|fatalities|victims))\\b(?:[^.;]{0,90}?)\\b(?:to|at|of|reached|reaches|hit|hits|is|stands at|now)\\s+${N}(?![\\w])`,
  'gi',
);
const HURT_TOLL = new RegExp(
  `\\bnumber of (?:people |those |civilians )?(?:injured|wounded|hurt)\\b(?:[^.;]{0,90}?)\\b(?:to|at|reached|reaches|is|stands at|now)\\s+${N}(?![\\w])`,
  'gi',
);
/** One person named by a noun rather than a number: "a 59-year-old woman", "a third man", "his wife". */
const ONE_PERSON =
  '(?:(?:a|an|one)\\s+(?:(?:second|third|fourth|fifth|sixth|another)\\s+)?(?:x+\\s+|elderly\\s+|young\\s+|local\\s+|teenage\\s+)?(?:woman|man|person|child|civilian|boy|girl|resident|teenager|pensioner|driver|employee|worker|volunteer|medic|rescuer|journalist|policeman|police officer|farmer|cyclist|passer-by)|(?:his|her|their)\\s+(?:x+\\s+)?(?:wife|husband|son|daughter|mother|father|grandmother|grandfather|neighbour|neighbor))';
/** Headlines drop the article: "Pensioner killed by shelling in Borova". */
const HEADLINE_PERSON =
  '(?:^|(?<=[:;,—–]\\s{0,3}))(?:woman|man|pensioner|child|boy|girl|teenager|civilian|driver|volunteer|medic|rescuer|journalist)';
/**
 * A person followed by their own fate ("a man was killed", "a woman later died"). The words between
 * may not be a conjunction: in "killed a man and injured a dozen" the man is the object of the first
 * verb, and the second verb has its own count.
 */
const ONE_KILLED = new RegExp(
  `(?:\\b(${ONE_PERSON}(?:\\s+and\\s+${ONE_PERSON})?)|${HEADLINE_PERSON})\\b(?:\\s+(?!among\\b|and\\b|or\\b|but\\b)\\w+){0,2}?\\s+${BE}KILLWORD`,
  'gi',
);
const ONE_KILLED_RE = new RegExp(ONE_KILLED.source.replace('KILLWORD', KILL), 'gi');
const ONE_HURT_RE = new RegExp(ONE_KILLED.source.replace('KILLWORD', HURT), 'gi');
/** "killing a 59-year-old woman", "injuring a woman": one person, verb first (two with "and a man"). */
const KILL_ONE_VERB_FIRST = new RegExp(
  `\\b(?:kill(?:s|ed|ing)|claim(?:s|ed|ing) the li(?:fe|ves) of)\\s+(${ONE_PERSON}(?:\\s+and\\s+${ONE_PERSON})?)\\b`,
  'gi',
);
const HURT_ONE_VERB_FIRST = new RegExp(
  `\\b(?:injur(?:es|ed|ing)|wound(?:s|ed|ing)|hurt(?:ing)?)\\s+(${ONE_PERSON}(?:\\s+and\\s+${ONE_PERSON})?)\\b`,
  'gi',
);
/** "a man ... was taken to hospital with shrapnel wounds", "his wife suffered injuries". */
const ONE_HURT_CARE = new RegExp(
  `\\b(?:${ONE_PERSON}|the\\s+x+)\\b[^.;]{0,50}?\\b(?:suffered|sustained|received|was (?:taken|rushed) to (?:a |the )?hospital with|was hospitali[sz]ed with)\\s+(?:[a-z-]+\\s+){0,2}(?:injuries|wounds|burns|concussion)`,
  'gi',
);
const ZERO_ALL =
  /\bno (?:one|body) (?:was|were) (?:hurt|injured|harmed)|\bnobody (?:was )?(?:hurt|injured|harmed)|\bno (?:\w+ )?(?:or \w+ )?(?:were|was) (?:hurt|injured|harmed)|\bno casualties\b|\bwithout casualties\b|\bno (?:one|body) was (?:killed or )?(?:hurt|injured)/i;
const ZERO_KILLED = /\bno (?:one|body) (?:was|were) killed|\bno (?:deaths|fatalities)\b|\bnobody (?:was )?killed/i;

/** Hides ages and appositive sub-counts that are not casualty totals. */
function maskNoise(s: string): string {
  const blank = (m: string) => ' '.repeat(m.length);
  return s
    .replace(/\baged\s+[\d\w,\s-]*?(?:\d+|\w+teen|\w+ty)(?=[,.;)]|\s+(?:were|was|died|and|had|are))/gi, blank)
    .replace(/\b(?:the )?ages? of\s+\S+(?:\s+(?:and|to)\s+\S+)?/gi, blank)
    .replace(/\b(?:\d+|[a-z]+(?:-[a-z]+)?)-(?:year|month|week)-old\b/gi, (m) => 'x'.repeat(m.length))
    .replace(/\bno[ -]one\b/gi, 'nobody')
    .replace(
      /\b(woman|man|boy|girl|pensioner|teenager|child|mother|father|driver)(,\s*\d{1,3},)/gi,
      (_m, who: string, age: string) => who + ' '.repeat(age.length),
    )
    .replace(/\b(?:were|was) fatally (?:wounded|injured)\b/gi, (m) => `${m.split(' ')[0]} killed`.padEnd(m.length))
    .replace(/,\s*(?:including\s+)?[\w-]+\s+of (?:them|whom)\s+[\w\s]+?(?:,|$)/gi, blank)
    .replace(/,\s*(?:including|among them|among whom)\s+[^,;]{1,40},/gi, blank)
    .replace(/\b[\w-]+\s+(?:of|among) the (?:injured|wounded|dead|killed|victims)\b/gi, blank)
    .replace(/\b(?:are|were|is|was) among the (?:injured|wounded|dead|victims)\b/gi, blank)
    .replace(/\bsince (?:the start|the beginning|\d{4}|february|march|the full-scale)[^,.;]*/gi, blank)
    .replace(/\b(?:in total|so far|altogether|overall) [^,.;]*/gi, blank);
}

function firstCount(re: RegExp, s: string): Range | undefined {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const after = s.slice(m.index + m[0].length - 0);
    const numEnd = s.indexOf(m[1], m.index) + m[1].length;
    if (NON_HUMAN.test(s.slice(numEnd, numEnd + 30)) && !/^\s*(?:people|civilians|persons)/i.test(s.slice(numEnd))) continue;
    void after;
    const r = parseRange(m[1]);
    if (r) return r;
  }
  return undefined;
}

export function findCasualties(clause: string): { killed?: Range; injured?: Range } {
  const s = maskNoise(clause);
  const out: { killed?: Range; injured?: Range } = {};
  const killed = firstOf([
    firstAt(TOLL, s),
    firstAt(KILL_NUM_FIRST, s),
    firstAt(KILL_VERB_FIRST, s),
    firstPersons(ONE_KILLED_RE, s),
    firstPersons(KILL_ONE_VERB_FIRST, s),
  ]);
  const injured = firstOf([
    firstAt(HURT_TOLL, s),
    firstAt(HURT_NUM_FIRST, s),
    firstAt(HURT_VERB_FIRST, s),
    firstPersons(ONE_HURT_RE, s),
    firstPersons(HURT_ONE_VERB_FIRST, s),
    firstAt(ONE_HURT_CARE, s, { min: 1, max: 1, approx: false }),
  ]);
  if (killed) out.killed = killed;
  if (injured) out.injured = injured;
  if (ZERO_ALL.test(s)) {
    out.injured ??= { min: 0, max: 0, approx: false };
    out.killed ??= { min: 0, max: 0, approx: false };
  }
  if (ZERO_KILLED.test(s)) out.killed ??= { min: 0, max: 0, approx: false };
  return out;
}

function firstAt(re: RegExp, s: string, fixed?: Range): { at: number; r: Range } | undefined {
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    if (fixed) return { at: m.index, r: { ...fixed, phrase: m[0].trim() } };
    const numStart = s.indexOf(m[1], m.index);
    const numEnd = numStart + m[1].length;
    const tail = s.slice(numEnd, numEnd + 40);
    if (NON_HUMAN.test(tail)) {
      re.lastIndex = m.index + 1;
      continue;
    }
    const r = parseRange(m[1]);
    if (r) return { at: m.index, r };
    re.lastIndex = m.index + 1;
  }
  return undefined;
}
/** People named one by one after a verb: one, or two joined by "and". */
function firstPersons(re: RegExp, s: string): { at: number; r: Range } | undefined {
  re.lastIndex = 0;
  const m = re.exec(s);
  if (!m) return undefined;
  const n = /\s+and\s+/i.test(m[1] ?? '') ? 2 : 1;
  return { at: m.index, r: { min: n, max: n, approx: false, phrase: m[0].trim() } };
}
const firstOf = (xs: ({ at: number; r: Range } | undefined)[]): Range | undefined =>
  xs.filter((x): x is { at: number; r: Range } => !!x).sort((a, b) => a.at - b.at)[0]?.r;
void firstCount;

// ---- weapons, attribution, targets --------------------------------------------------------
const WEAPONS: [Weapon, RegExp][] = [
  ['glide_bomb', /\b(?:guided (?:aerial |air )?bombs?|glide bombs?|kabs?|fab-\d+|aerial bombs?)\b/i],
  [
    'missile',
    /\b(?:missiles?|rockets?|iskander\w*|kh-\d+|kinzhal|kalibr|ballistic|cruise|tornado|grad|himars|atacms|storm shadow|s-300|s-400|tochka)\b/i,
  ],
  ['drone', /\b(?:drones?|shaheds?|gerans?|uavs?|unmanned aerial|lancet|fpv|kamikaze)\b/i],
  ['shelling', /\b(?:shell(?:ed|ing|s)?|artillery|mortars?|howitzers?)\b/i],
  ['airstrike', /\b(?:air ?strikes?|air raids? by|aircraft dropped|warplanes?|bombers?)\b/i],
  [
    'ground_assault',
    /\b(?:ground (?:assault|attack|offensive)|storm(?:ed|ing)|infantry assault|mechani[sz]ed assault|sabotage (?:group|unit)s?|saboteurs|incursion|opened fire|grenade launchers?)\b/i,
  ],
];
const WEAPON_ORDER: Weapon[] = WEAPONS.map(([w]) => w);
export function weaponsIn(text: string): Weapon[] {
  const out: Weapon[] = [];
  for (const [w, re] of WEAPONS) if (re.test(text)) out.push(w);
  // a guided aerial bomb is not also a missile or an airstrike by itself
  return out;
}

const BY_RU =
  /\b(?:russian (?:forces|troops|missiles?|drones?|strikes?|attacks?|shelling|aircraft|ballistic|bombs?|artillery|armed forces|kh-\d+|shaheds?|guided|glide|lancet|air force|defen[cs]e ministry said it|high-precision)|russia(?:'s)? (?:hit|hits|struck|strikes|fired|launched|attacked|pounded|shelled|bombed|targeted)|by russia|russia's (?:attack|strike|missile|drone))\b/i;
const BY_UA =
  /\b(?:ukrainian (?:forces|troops|missiles?|drones?|strikes?|attacks?|shelling|uavs?|unmanned)|kiev regime|kyiv regime|armed forces of ukraine|\bafu\b|ukraine(?:'s)? (?:hit|hits|struck|strikes|fired|launched|attacked|targeted)|by ukraine|ukraine's (?:attack|strike|drone)|drones? launched by kiev)\b/i;
export function attributionIn(text: string): string | undefined {
  const r = BY_RU.exec(text);
  const u = BY_UA.exec(text);
  if (r && u) return r.index <= u.index ? 'RU' : 'UA';
  return r ? 'RU' : u ? 'UA' : undefined;
}

const CIVILIAN =
  /\b(?:residential|apartment|homes?|houses?|civilians?|children|child|hospital|clinic|school|kindergarten|market|shopping|bus|train|church|dormitory|hotel|museum|playground|people|women|family|residents|neighbourhood|neighborhood|streets?|cafe|restaurant|passengers?|high-rise|five-storey|nine-storey|city centre|town centre|historic)\b/i;
const MILITARY =
  /\b(?:military (?:airfields?|bases?|targets?|facilit\w+)|airfields?|air bases?|ammunition depots?|command posts?|servicemen|soldiers|troops|military personnel|aircraft)\b/i;
const NEGATED_CIVILIAN = /\bno (?:\w+ )?(?:or )?(?:civilians?|people|servicemen)(?: or \w+)? (?:were|was) (?:hurt|injured|killed|harmed)/gi;

// ---- whether a place is named as hit ------------------------------------------------------
const MOD =
  '(?:(?:nearby|southern|northern|eastern|western|central|north-eastern|north-western|south-eastern|south-western|northeastern|southeastern|frontline|front-line|industrial|port|border|small|regional|occupied|russian-occupied|ukrainian-held|historic|ukrainian|russian|unesco-listed|residential|heart|old)\\s+)*';
const OF_NOUN =
  '(?:city|town|village|settlement|capital|outskirts|suburbs?|centre|center|heart|districts?|neighbourhoods?|neighborhoods?|parts?|areas?|streets|region|port|territory|community)';
const LEFT_OK = new RegExp(
  `(?:\\b(?:in|on|at|near|across|around|outside|inside|hit|hits|hitting|struck|strikes?|striking|targeted|targeting|target|attacked|attacking|attack|shelled|shelling|pounded|pounding|bombed|bombing|raid|raids|against|into|including|over|rock|rocks|rocked|rocking|(?:shelling|bombing|bombardment|attacks?|strikes?|raid|assault|evacuation|capture) of)\\s+(?:the\\s+)?${MOD}(?:${OF_NOUN}\\s+of\\s+(?:the\\s+)?)?|\\b${OF_NOUN}\\s+of\\s+(?:the\\s+)?)$`,
  'i',
);
const LEFT_BAD =
  /\b(?:(?:pressure|sanctions|demands?|calls?|pressing)\s+on|from|to|towards?|toward|via|for|of (?:the )?(?:governor|mayor|head)|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of|kilometres? (?:from|of)|km (?:from|of)|dynamo|shakhtar|chornomorets|zorya|metalist|fc|sc)\s+(?:the\s+)?$/i;
const RIGHT_OK =
  /^(?:\s+(?:[a-z-]+\s+)?(?:death toll|toll|strike|attack|shelling|bombing)\b|(?:'s|’s)\s+(?:\w+\s+)?(?:old town|centre|center|historic|outskirts|suburbs?|districts?|district|residential|port|infrastructure|energy|power|city|airport|heart|neighbourhoods?|streets?|region|oblast)|\s*(?:and its (?:outskirts|suburbs|surroundings|region)\s+)?(?:was|were|has been|have been|had been|is|are|came|comes|come)\s+(?:also\s+|again\s+|repeatedly\s+|heavily\s+|badly\s+)?(?:hit|struck|attacked|shelled|targeted|bombed|under|pounded|rocked|damaged|hit)|\s+(?:mourns|under\b|apartment|residential|block|strike|attack|hit by|shelling|bombing|explosions?|blasts?|(?:oil\s+)?refinery|oil depot|fuel depot|depot|airfield|air base|airbase|airport|port|plant|factory|substation|power plant|thermal|railway station|station|market|hospital|bridge|mall|shopping centre)|\s*:)/i;
const RIGHT_BAD =
  /^(?:'s|’s)?\s+(?:said|says|say|told|tells|urged|urges|accused|accuses|denied|denies|insists|claims|claimed|wants|stalled|asked|asks|offered|proposed|rejected|agreed|demanded|demands|expects|objects|objected|has said|had|delegation|negotiators|forces|army|troops|government|officials|side|position|envoy|regime)\b/i;

/** "Kharkiv regional governor Oleh Syniehubov": the place names an office, not a target. */
const OFFICE_RIGHT =
  /^(?:'s|’s)?\s+(?:regional\s+|city\s+|oblast\s+|military\s+)*(?:governor|mayor|administration|authorities|police|prosecutors?|officials?|council|head)\b/i;

function namedAsHit(clause: string, m: PlaceMention, offset: number, prevAccepted: boolean): boolean {
  const left = clause.slice(Math.max(0, m.start - offset - 60), m.start - offset);
  const right = clause.slice(m.end - offset, m.end - offset + 60);
  if (LEFT_BAD.test(left)) return false;
  if (RIGHT_BAD.test(right)) return false;
  if (/\bover\s+(?:the\s+)?$/i.test(left) && INTERCEPT.test(clause)) return false;
  if (/^[A-Z\s]+,\s*\d{1,2}\s+\w+\s*[—–-]/.test(clause.slice(m.start - offset))) return false; // dateline
  if (LEFT_OK.test(left)) return true;
  if (OFFICE_RIGHT.test(right)) return false;
  if (RIGHT_OK.test(right)) return true;
  if (prevAccepted && /(?:,\s*|\s+and\s+|,\s+and\s+|\s+or\s+)$/.test(left)) return true;
  // A list member whose list is followed by a hit verb: "Kherson and Kharkiv were hit".
  if (/^(?:\s*(?:,|and)\s*[A-Z][\w'’-]+)*\s+(?:were|was)\s+(?:also\s+)?(?:hit|struck|attacked|shelled)/.test(right)) return true;
  return false;
}

// ---- grouping into incidents --------------------------------------------------------------
interface Group {
  places: Place[];
  admin1s: Set<string>;
  killed?: Range;
  injured?: Range;
  sentences: Sentence[];
  date?: string;
  text: string[];
  /** The places of the clause that gave the figures, when a clause named some. */
  figurePlaces?: Set<string>;
  /** Told as a strike of its own ("another drone …"): never merged into another. */
  separate?: boolean;
}

const areaOf = (p: Place): string =>
  (p.precision === 'region' && !p.admin1 ? p.name : (p.admin1 ?? p.name))
    .replace(/^Moscow$/, 'Moscow Oblast')
    .replace(/^Kyiv$/, 'Kyiv Oblast');
const sameKey = (p: Place): string => `${p.name}|${p.country}`;

const VERB_HIT = '(?:hit|struck|attacked|shelled|targeted|bombed|pounded)';
/** What happens again and again is background, not a strike of its own: "is shelled almost daily", "have been hit repeatedly since August". */
const HABITUAL = new RegExp(
  `\\b(?:(?:almost|nearly|virtually) (?:daily|every day|every night|constantly)|(?:has|have) been (?:\\w+ )?${VERB_HIT}\\b(?: \\w+){0,3}? (?:repeatedly|regularly|frequently|since)|(?:is|are) (?:regularly|routinely|constantly|frequently|repeatedly|often) ${VERB_HIT}|(?:is|are) ${VERB_HIT} (?:daily|regularly|routinely|constantly|every day|every night))\\b`,
  'i',
);
/** Totals over a period or the whole country are statistics, not one strike. */
const PERIOD_TOTAL =
  /\b(?:across (?:the country|ukraine|all of ukraine)|nationwide|(?:in|during|over) the (?:past|last) (?:month|year|\d+ (?:weeks|months|years))|(?:last|this) (?:month|year)|(?:monthly|weekly|annual) (?:toll|figures?|report|update))\b/i;
/** "No hits", "no damage": an attack that did not land, or a denial that one did. */
const NO_HIT = /\b(?:no (?:hits?|strikes?|damage|destruction)\b|(?:was|were) not (?:hit|struck|damaged))/i;
/** A toll that rose since: an update on an older strike, which still names it. */
const TOLL_UPDATE = /\b(?:rose|risen|rises|climbed|has grown|reached|reaches)\b/i;

/** "08:05 — …", "Friday 22:10 - …": the start of a live blog's entry. */
const LIVE_ENTRY =
  /^\s*(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}[:.]\d{2}(?:\s*(?:am|pm|gmt|utc|cet|eet|kyiv time|local time))?\s*[—–-]/i;
/** "another drone", "later in the day", "separately": a strike of its own, whatever its oblast. */
const SEPARATE =
  /\b(?:another (?:\w+ )?(?:strike|attack|drone|missile|bomb|shell|raid)|later (?:in the day|that day|on \w+)|separately|in a separate (?:strike|attack))\b/i;

/** "pensioner killed in Borova, two hurt in Kupiansk": a comma before a figure of its own starts another clause. */
const FIGURE_AFTER_COMMA = new RegExp(
  `,\\s+(?=(?:${COUNT_SRC}|(?:a|an|one)\\s+[a-z-]+|woman|man|pensioner|child|boy|girl|teenager|civilian|driver)\\s+(?:[a-z-]+\\s+){0,2}?(?:(?:were|was|are|is)\\s+)?(?:killed|injured|wounded|hurt|dead|died)\\b)`,
  'gi',
);
function splitFigures(c: { text: string; offset: number }): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let from = 0;
  FIGURE_AFTER_COMMA.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FIGURE_AFTER_COMMA.exec(c.text))) {
    // Only where the part before tells a strike of its own ("In Sumy, three people were killed" stays whole).
    if (!TRIGGER.test(c.text.slice(from, m.index))) continue;
    out.push({ text: c.text.slice(from, m.index), offset: c.offset + from });
    from = m.index + m[0].length;
  }
  out.push({ text: c.text.slice(from), offset: c.offset + from });
  return out.filter((x) => x.text.trim().length > 0);
}

/** "the deadliest attack on the city since Russian troops withdrew in 2022": a record measured against the past, not a past strike. */
const SINCE_RECORD =
  /\b(?:deadliest|worst|largest|biggest|heaviest|bloodiest|most (?:deadly|destructive|massive|serious)|first)\b[^.;]{0,80}?\bsince\b[^.;]*/gi;

/** The sentence as a whole tells of something else: denied, history, an earlier year, habitual, or dated weeks back. */
function sentenceIsBackground(sentence: string, ctx: ReportContext): boolean {
  return (
    DENIAL.test(sentence) ||
    HISTORY.test(sentence) ||
    mentionsEarlierYear(sentence.replace(SINCE_RECORD, ' '), ctx.publishedDay) ||
    HABITUAL.test(sentence) ||
    (olderThan(sentence, ctx.publishedDay, 3) && !TOLL_UPDATE.test(sentence))
  );
}

function clauseQualifies(clause: string, ctx: ReportContext): boolean {
  if (!TRIGGER.test(clause)) return false;
  if (TRUCE_WORDS.test(clause) || NOT_ATTACK.test(clause)) return false;
  if (INTERCEPT.test(clause) && !AFTERMATH.test(clause)) return false;
  if (THREAT.test(clause) || NEGATED_ACTION.test(clause) || NO_HIT.test(clause)) return false;
  if (CAPABILITY.test(clause) && !AFTERMATH.test(clause) && !TOLD_STRIKE.test(clause)) return false;
  if (PERIOD_TOTAL.test(clause) || mentionsEarlierMonth(clause, ctx.publishedDay)) return false;
  return true;
}

export function extractAttacks(ctx: ReportContext): RuleEvent[] {
  if (!ctx.monitored) return [];
  const groups: Group[] = [];
  let focus: Group | undefined;
  let pending: { killed?: Range; injured?: Range } | undefined;
  const reportWeapons = new Set<Weapon>();
  for (const s of ctx.sentences) {
    // A live blog's timestamped entry starts afresh: its figures are not the previous entry's.
    if (LIVE_ENTRY.test(s.text)) {
      focus = undefined;
      pending = undefined;
    }
    if (sentenceIsBackground(s.text, ctx)) continue;
    let lastPlaces: Place[] = [];
    for (const clause of splitClauses(s.text).flatMap(splitFigures)) {
      if (!clauseQualifies(clause.text, ctx)) continue;
      for (const w of weaponsIn(clause.text)) reportWeapons.add(w);
      const mentions = findPlaces(clause.text).map((m) => ({ ...m, start: m.start + clause.offset, end: m.end + clause.offset }));
      const hit: PlaceMention[] = [];
      let prev = false;
      for (const [mi, m] of mentions.entries()) {
        const before = mi > 0 ? mentions[mi - 1] : undefined;
        // "the village of Lapaivka near Lviv": the second place only says where the first one is.
        const reference: boolean =
          !!before &&
          prev &&
          m.start - before.end < 40 &&
          /\b(?:near|outside|close to|not far from|(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?\s+of)\s+(?:the\s+)?(?:city\s+of\s+)?$/i.test(
            s.text.slice(before.end, m.start),
          );
        const ok: boolean =
          !reference &&
          (m.country === 'UA' || m.country === 'RU' || m.kind === 'unknown') &&
          namedAsHit(clause.text, m, clause.offset, prev);
        if (ok) hit.push(m);
        prev = ok;
      }
      const figures = findCasualties(clause.text);
      const hasFigures = !!(figures.killed || figures.injured);
      // Regions absorbed by a settlement of the same oblast, in this clause or in the current incident.
      const settlementsHere = hit.filter((m) => m.kind === 'settlement' || m.kind === 'unknown');
      const places: Place[] = [];
      for (const m of hit) {
        if (
          m.kind === 'region' &&
          (settlementsHere.some((x) => x.place.admin1 === m.place.name) ||
            groups.some((g) => g.places.some((p) => p.precision === 'settlement' && p.admin1 === m.place.name) && g === focus))
        ) {
          continue;
        }
        let p = m.place;
        if (m.kind === 'unknown') {
          const ref =
            settlementsHere.find((x) => x.kind !== 'unknown') ??
            hit.find((x) => x.kind !== 'unknown') ??
            mentions.find((x) => x.kind !== 'unknown' && x.kind !== 'venue');
          const focusArea = focus?.places.map((q) => q.admin1 ?? (q.precision === 'region' ? q.name : undefined)).find(Boolean);
          const admin1 = ref?.place.admin1 ?? (ref?.kind === 'region' ? ref.place.name : undefined) ?? focusArea;
          const country = ref?.place.country || focus?.places[0]?.country;
          if (!country) continue;
          p = { name: p.name, ...(admin1 ? { admin1 } : {}), country, precision: 'settlement' };
        }
        places.push(p);
      }
      if (!places.length && hasFigures && lastPlaces.length) places.push(...lastPlaces);
      if (places.length) lastPlaces = places;
      if (!places.length) {
        if (hasFigures) {
          const target = focus ?? undefined;
          if (target) assignFigures(target, figures, s, clause.text);
          else pending = { ...pending, ...figures };
        }
        if (focus && !focus.sentences.includes(s) && hasFigures) focus.sentences.push(s);
        continue;
      }
      // Which groups do these places belong to?
      const existing = new Set<Group>();
      const fresh: Place[] = [];
      for (const p of places) {
        const g = groups.find((x) => x.places.some((q) => sameKey(q) === sameKey(p)));
        if (g) existing.add(g);
        else fresh.push(p);
      }
      let target: Group;
      const additive = /\b(?:[\w-]+ more|another|others|further|additional)\b/i.test(clause.text);
      const separate = SEPARATE.test(s.text) && fresh.length > 0 && existing.size === 0;
      const ownGroup = [...existing][0];
      if (
        existing.size === 1 &&
        hasFigures &&
        !additive &&
        !fresh.length &&
        places.length < ownGroup.places.length &&
        (conflict(ownGroup.killed, figures.killed) ||
          conflict(ownGroup.injured, figures.injured) ||
          (!!ownGroup.figurePlaces && places.every((p) => !ownGroup.figurePlaces!.has(sameKey(p)))))
      ) {
        // A place of a shared headline gets figures of its own: it is a separate strike.
        ownGroup.places = ownGroup.places.filter((q) => !places.some((p) => sameKey(p) === sameKey(q)));
        ownGroup.admin1s = new Set(ownGroup.places.map(areaOf));
        target = newGroup(groups, places);
      } else if (existing.size) {
        target = ownGroup;
        for (const p of fresh) addPlace(target, p);
      } else if (
        groups.some(
          (g) => g.places.every((q) => q.precision === 'region' && !q.admin1) && fresh.every((p) => p.admin1 && g.admin1s.has(areaOf(p))),
        )
      ) {
        // Towns of a region already named as hit refine it: the region's figures are the total.
        target = groups.find(
          (g) => g.places.every((q) => q.precision === 'region' && !q.admin1) && fresh.every((p) => p.admin1 && g.admin1s.has(areaOf(p))),
        )!;
        for (const p of fresh) addPlace(target, p);
      } else if (separate) {
        target = newGroup(groups, fresh);
        target.separate = true;
      } else if (!hasFigures && groups.length) {
        const area = areaOf(fresh[0]);
        const same = groups.find((g) => g.admin1s.has(area));
        if (same) {
          target = same;
          for (const p of fresh) addPlace(target, p);
        } else target = newGroup(groups, fresh);
      } else {
        target = newGroup(groups, fresh);
      }
      if (!target.sentences.includes(s)) target.sentences.push(s);
      target.text.push(clause.text);
      if (hasFigures) {
        if (!target.killed && !target.injured) target.figurePlaces = new Set(places.map(sameKey));
        assignFigures(target, figures, s, clause.text);
      } else if (pending && !target.killed && !target.injured) {
        assignFigures(target, pending, s, clause.text);
        pending = undefined;
      }
      if (!target.date) target.date = eventDate(clause.text, ctx.publishedDay);
      focus = target;
    }
  }
  // Merge incidents in one oblast whose figures do not conflict (one strike told place by place).
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      const a = groups[i];
      const b = groups[j];
      if (![...b.admin1s].some((x) => a.admin1s.has(x))) continue;
      if (conflict(a.killed, b.killed) || conflict(a.injured, b.injured)) continue;
      if (a.separate || b.separate) continue;
      if (distinctStrikes(a, b)) continue;
      for (const p of b.places) addPlace(a, p);
      a.killed ??= b.killed;
      a.injured ??= b.injured;
      a.sentences.push(...b.sentences.filter((s) => !a.sentences.includes(s)));
      a.text.push(...b.text);
      a.date ??= b.date;
      groups.splice(j, 1);
      j--;
    }
  }
  return groups.map((g) => toEvent(ctx, g, reportWeapons, groups.length === 1));
}

/**
 * Figures of its own for places of its own, no figure in common, and other weapons: two strikes
 * told one after the other ("shelling killed a man in Borova … in Kupiansk a guided bomb wounded two").
 */
function distinctStrikes(a: Group, b: Group): boolean {
  if (!ownFigures(a) || !ownFigures(b)) return false;
  const same = (x?: Range, y?: Range) => !!x && !!y && x.min === y.min && x.max === y.max;
  if (same(a.killed, b.killed) || same(a.injured, b.injured)) return false;
  const wa = weaponsIn(a.text.join(' '));
  const wb = weaponsIn(b.text.join(' '));
  return wa.length > 0 && wb.length > 0 && !wa.some((w) => wb.includes(w));
}

/** The figures came from a clause naming this group's own settlements. */
const ownFigures = (g: Group): boolean =>
  !!g.figurePlaces && g.places.some((p) => p.precision === 'settlement' && g.figurePlaces!.has(sameKey(p)));
const conflict = (a?: Range, b?: Range): boolean => !!a && !!b && (a.min !== b.min || a.max !== b.max);

function newGroup(groups: Group[], places: Place[]): Group {
  const g: Group = { places: [], admin1s: new Set(), sentences: [], text: [] };
  for (const p of places) addPlace(g, p);
  groups.push(g);
  return g;
}
function addPlace(g: Group, p: Place): void {
  if (g.places.some((q) => sameKey(q) === sameKey(p))) return;
  // A region adds nothing when a settlement of it is already listed; a district of a listed region is kept.
  g.places.push(p);
  g.admin1s.add(areaOf(p));
}
/** A headline's "21 killed" that the text gives as "at least 21". */
const openedUp = (had: Range, now: Range): boolean => had.min === had.max && now.min === had.min && now.max === null && !now.approx;
const vague = (r?: Range): boolean => !!r && r.approx && r.max === null;
function assignFigures(g: Group, f: { killed?: Range; injured?: Range }, _s: Sentence, _clause: string): void {
  // The first figure is the latest (headlines and live blogs lead with it); a vague one ("dozens") gives way to a count.
  if (f.killed && (!g.killed || (vague(g.killed) && !vague(f.killed)) || openedUp(g.killed, f.killed))) g.killed = f.killed;
  if (f.injured && (!g.injured || (vague(g.injured) && !vague(f.injured)) || openedUp(g.injured, f.injured))) g.injured = f.injured;
}

function toEvent(ctx: ReportContext, g: Group, reportWeapons: Set<Weapon>, only: boolean): RuleEvent {
  const text = g.sentences.map((s) => s.text).join(' ');
  const target = g.places[0].country;
  // Named in the incident's own sentences, the attacker stands even where it hit its own country's
  // territory (occupied towns); from elsewhere in the report only the other side is plausible.
  const own = attributionIn(text);
  const said = own ?? attributionIn(ctx.text);
  const perpetrator = own ?? (said && said !== target ? said : opposite(target));
  let weapons = weaponsIn(g.text.join(' '));
  // The only strike of the report: every weapon its attack sentences name ("with artillery, drones and guided bombs").
  if (only && weapons.length) weapons = WEAPON_ORDER.filter((w) => weapons.includes(w) || reportWeapons.has(w));
  if (!weapons.length) weapons = weaponsIn(text);
  if (!weapons.length) weapons = [...reportWeapons];
  if (!weapons.length) weapons = weaponsIn(ctx.text);
  const civilianText = text.replace(NEGATED_CIVILIAN, ' ');
  const civilian =
    CIVILIAN.test(civilianText) || ((g.killed?.min ?? 0) > 0 && !MILITARY.test(text)) ? true : MILITARY.test(text) ? false : undefined;
  const data: Record<string, unknown> = {
    ...(perpetrator ? { perpetrator } : {}),
    target,
    weapons: weapons.length ? weapons : ['unknown'],
    places: g.places,
    ...(g.killed ? { killed: g.killed } : {}),
    ...(g.injured ? { injured: g.injured } : {}),
    ...(civilian !== undefined ? { civilianTargets: civilian } : {}),
    date: g.date ?? ctx.publishedDay,
  };
  const confidence = conf(0.55 + (g.killed || g.injured ? 0.2 : 0) + (weapons.length ? 0.1 : 0) + (g.sentences.length > 1 ? 0.1 : 0));
  return { type: 'AttackReported', data, evidence: g.sentences.map((s) => evidenceOf(ctx, s)), confidence };
}
