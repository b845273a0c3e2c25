import { EventData, IncidentFamily } from './catalogue';
import { Place, Range } from './values';

/**
 * Incidents: one real-world event, many reports. The processor keeps a summary per incident and
 * asks `findMatch` whether a new candidate is the same event (same family, overlapping places or
 * parties, dates within a day) before opening a new incident.
 */
export interface IncidentSummary {
  incidentId: string;
  family: IncidentFamily;
  /** ISO date of the event. */
  date: string;
  /** Normalised settlement names; and the regions (oblasts) they lie in or that are named on their own. */
  places: string[];
  regions: string[];
  parties: string[];
  /** Family-specific identity: the proposer of a ceasefire, the category of an exchange. */
  discriminator: string | null;
  killed?: Range;
  injured?: Range;
  response?: string;
  status?: string;
  sources: string[];
  /** The incident stream's version (its event count): the expected version of the next append. */
  version: number;
}

export interface CandidateLike {
  type: IncidentFamily;
  data: Record<string, unknown>;
}

const norm = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\b(oblast|region|province|city|village|town)\b/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Settlements only: a region named on its own is a region, not a place ("the Sumy region" is not Sumy). */
const placeNames = (places: Place[]) => places.filter((p) => p.precision === 'settlement').map((p) => norm(p.name));
const regionNames = (places: Place[]) =>
  places.flatMap((p) => [p.admin1 ? norm(p.admin1) : null, p.precision === 'region' ? norm(p.name) : null]).filter((x): x is string => !!x);

/** The parts of a candidate that decide which incident it belongs to. */
export function identityOf(c: CandidateLike): Omit<IncidentSummary, 'incidentId' | 'sources' | 'version'> {
  switch (c.type) {
    case 'AttackReported': {
      const d = c.data as EventData<'AttackReported'>;
      return {
        family: c.type,
        date: d.date,
        places: placeNames(d.places),
        regions: regionNames(d.places),
        parties: [d.target, ...(d.perpetrator ? [d.perpetrator] : [])],
        discriminator: null,
        killed: d.killed,
        injured: d.injured,
      };
    }
    case 'TalksHeld': {
      const d = c.data as EventData<'TalksHeld'>;
      const where = d.location ? [d.location] : [];
      return {
        family: c.type,
        date: d.date,
        places: placeNames(where),
        regions: regionNames(where),
        parties: [...d.parties, ...(d.mediators ?? [])],
        discriminator: null,
      };
    }
    case 'CeasefireProposed': {
      const d = c.data as EventData<'CeasefireProposed'>;
      return {
        family: c.type,
        date: d.date,
        places: [],
        regions: [],
        parties: [d.proposer, ...(d.addressee ? [d.addressee] : [])],
        discriminator: `${d.proposer}|${d.scope ?? ''}`,
        response: d.response,
      };
    }
    case 'ExchangeAgreed': {
      const d = c.data as EventData<'ExchangeAgreed'>;
      return {
        family: c.type,
        date: d.date,
        places: [],
        regions: [],
        parties: d.parties ?? [],
        discriminator: d.category,
        status: d.status,
      };
    }
  }
}

const dayDiff = (a: string, b: string) => Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
const overlaps = (a: string[], b: string[]) => a.some((x) => b.includes(x));

/** Whether a candidate is the same real-world event as an incident on record. */
export function isSameIncident(c: CandidateLike, s: IncidentSummary): boolean {
  const id = identityOf(c);
  if (id.family !== s.family) return false;
  if (!(dayDiff(id.date, s.date) <= 1)) return false;
  switch (id.family) {
    case 'AttackReported':
      // A settlement named by both, or a region-only report inside the other's region.
      if (overlaps(id.places, s.places)) return true;
      return (id.places.length === 0 || s.places.length === 0) && overlaps(id.regions, s.regions);
    case 'TalksHeld':
      if (id.places.length && s.places.length) return overlaps(id.places, s.places);
      return overlaps(id.parties, s.parties);
    case 'CeasefireProposed':
    case 'ExchangeAgreed':
      return id.discriminator === s.discriminator && (id.parties.length === 0 || s.parties.length === 0 || overlaps(id.parties, s.parties));
  }
}

/** The best match among incidents on record (the nearest in time, then the best sourced). */
export function findMatch(c: CandidateLike, incidents: IncidentSummary[]): IncidentSummary | null {
  const id = identityOf(c);
  const matching = incidents.filter((s) => isSameIncident(c, s));
  matching.sort(
    (a, b) =>
      dayDiff(id.date, a.date) - dayDiff(id.date, b.date) ||
      b.sources.length - a.sources.length ||
      a.incidentId.localeCompare(b.incidentId),
  );
  return matching[0] ?? null;
}

const rangeKey = (r?: Range) => (r ? `${r.min}|${r.max}|${r.approx}` : '');

/** A later report's figure revises the incident's when it differs and does not go below it. */
export function revisesRange(previous: Range | undefined, next: Range | undefined): boolean {
  if (!next) return false;
  if (!previous) return true;
  if (rangeKey(previous) === rangeKey(next)) return false;
  const lo = (r: Range) => r.min ?? r.max ?? 0;
  return lo(next) >= lo(previous);
}

/** What a corroborating candidate changes on an incident: the events to append after the corroboration. */
export interface Revisions {
  casualties?: { killed?: Range; injured?: Range };
  response?: string;
  completed?: boolean;
  /** The conditions a later report of a ceasefire names: the read model adds those it does not have yet. */
  conditions?: { by: string; text: string }[];
}

export function revisionsOf(c: CandidateLike, s: IncidentSummary): Revisions {
  const id = identityOf(c);
  const out: Revisions = {};
  if (id.family === 'AttackReported') {
    const killed = revisesRange(s.killed, id.killed) ? id.killed : undefined;
    const injured = revisesRange(s.injured, id.injured) ? id.injured : undefined;
    if (killed || injured) out.casualties = { ...(killed ? { killed } : {}), ...(injured ? { injured } : {}) };
  }
  if (id.family === 'CeasefireProposed' && id.response && id.response !== 'pending' && id.response !== s.response)
    out.response = id.response;
  if (id.family === 'ExchangeAgreed' && id.status === 'completed' && s.status !== 'completed') out.completed = true;
  const conditions = c.type === 'CeasefireProposed' ? (c.data as EventData<'CeasefireProposed'>).conditions : undefined;
  if (conditions?.length) out.conditions = conditions;
  return out;
}
