import { findParties } from '../lexicon/parties';

export interface Lead {
  name: string;
  party: string;
  role?: string;
}

const NAME = "([A-Z][a-z'’-]+(?: [A-Z][a-z'’-]+){1,4})";
const ROLE = '((?:[A-Z][a-z]+ |[a-z]+ ){0,4}?)';
const SIDE = "(Russian|Ukrainian|US|U\\.S\\.|American|Turkish|Ukraine's|Russia's)";
const UNIT = '(?:delegation|side|team|negotiators)';
const PATTERNS: { re: RegExp; name: number; role?: number; side?: number }[] = [
  // "Ukraine's team was led by Defence Minister Rustem Umerov"
  { re: new RegExp(`\\b${SIDE} ${UNIT}(?:,)? (?:was |is )?(?:led|headed) by ${ROLE}${NAME}`, 'g'), side: 1, role: 2, name: 3 },
  // "Secretary of State Marco Rubio led the US side"
  { re: new RegExp(`${ROLE}${NAME},? (?:who )?(?:led|leads|heads|headed|chaired) the ${SIDE} ${UNIT}`, 'g'), role: 1, name: 2, side: 3 },
  // "Vladimir Medinsky, who heads the Russian delegation" / "Medinsky, the head of the Russian delegation"
  {
    re: new RegExp(`${NAME}, (?:who (?:led|leads|heads|headed) |the (?:head|leader|chief) of )the ${SIDE} ${UNIT}`, 'g'),
    name: 1,
    side: 2,
  },
];

const sideParty = (w: string): string | undefined => findParties(w)[0]?.party;
const ROLE_WORD =
  /\b(?:minister|secretary|adviser|advisor|aide|envoy|president|chief|head|director|commissioner|chair\w*|deputy|general|spokes\w+)\b/i;

/** Heads of delegation named in the text, with their side and role where given. */
export function findLeads(text: string): Lead[] {
  const out: Lead[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = p.re.exec(text))) {
      // Titles are capitalised too ("Defence Minister Rustem Umerov"): the name is the last two words.
      const words = `${p.role !== undefined ? m[p.role] : ''}${m[p.name]}`.trim().split(/\s+/);
      const name = words.slice(-2).join(' ');
      const roleText = words
        .slice(0, -2)
        .join(' ')
        .replace(/^.*\b(?:and|with|by)\s+/, '');
      const party = (p.side !== undefined ? sideParty(m[p.side]) : undefined) ?? findParties(name)[0]?.party;
      if (!party || out.some((l) => l.name === name || (l.name.split(' ').pop() === name.split(' ').pop() && l.party === party))) continue;
      const role = ROLE_WORD.test(roleText) ? roleText.replace(/^(?:the|and|by|with)\s+/i, '') : undefined;
      out.push({ name, party, ...(role ? { role } : {}) });
    }
  }
  return out;
}
