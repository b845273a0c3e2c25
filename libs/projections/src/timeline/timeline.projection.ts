import { EventData, Range, independentSources } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { incidentIdOf } from '../shared/incident';
import { describeRange, isoDay, nameKey, oblastKey, oblastOf, partyKey, uniq } from '../shared/values';

export const TIMELINE_FAMILIES = [
  'AttackReported',
  'TalksHeld',
  'CeasefireProposed',
  'ExchangeAgreed',
  'TalksScheduled',
  'DemandsIssued',
  'ProposalRejected',
] as const;
export type TimelineFamily = (typeof TIMELINE_FAMILIES)[number];

/** What the one-line summary is made from; kept so later events can rewrite the line. */
export interface TimelineFacts {
  parties: string[];
  places: { name: string; oblast: string | null }[];
  weapons?: string[];
  killed?: Range | null;
  injured?: Range | null;
  outcome?: string;
  response?: string;
  scope?: string | null;
  category?: string;
  count?: Range | null;
  status?: string;
  demands?: string[];
  text?: string;
}

export interface TimelineRow {
  /** The incident id, or for statements on a report stream (scheduled talks, demands, rejections) the event id. */
  id: string;
  kind: 'incident' | 'statement';
  family: TimelineFamily;
  date: string;
  summary: string;
  /** Independent sources: distinct outlets among the reports. */
  sourceCount: number;
  reportIds: string[];
  /** The outlet of each report, in the order of reportIds (null when the event did not say). */
  outlets: (string | null)[];
  firstPosition: number;
  updatedAt: string;
  facts: TimelineFacts;
}

const list = (xs: string[]) => xs.join(', ');

const outletIn = (e: StoredEvent): string | null => (typeof e.metadata.outlet === 'string' ? e.metadata.outlet : null);
const figure = (r: Range | null | undefined, word: string) => {
  const d = describeRange(r);
  return d ? `${d} ${word}` : null;
};

export function summarise(family: TimelineFamily, f: TimelineFacts): string {
  const where = f.places.length ? list(f.places.map((p) => p.name)) : null;
  switch (family) {
    case 'AttackReported': {
      const [target, by] = [f.parties[0], f.parties[1]];
      const how = f.weapons?.length ? ` (${list(f.weapons.map((w) => w.replace('_', ' ')))})` : '';
      const toll = [figure(f.killed, 'killed'), figure(f.injured, 'injured')].filter(Boolean).join(', ');
      return `${by ? `${by} attack` : 'Attack'} on ${where ?? target}${how}${toll ? `: ${toll}` : ''}`;
    }
    case 'TalksHeld':
      return `Talks between ${list(f.parties)}${where ? ` in ${where}` : ''}${f.outcome && f.outcome !== 'unknown' ? `: ${f.outcome.replace('_', ' ')}` : ''}`;
    case 'CeasefireProposed':
      return `${f.parties[0]} proposed a ${f.scope ? `${f.scope} ` : ''}ceasefire${f.parties[1] ? ` to ${f.parties[1]}` : ''}: ${f.response ?? 'pending'}`;
    case 'ExchangeAgreed': {
      const n = describeRange(f.count);
      return `Exchange of ${n ? `${n} ` : ''}${f.category ?? 'people'} between ${f.parties.length ? list(f.parties) : 'the sides'}: ${f.status ?? 'agreed'}`;
    }
    case 'TalksScheduled':
      return `Talks between ${list(f.parties)} scheduled${where ? ` in ${where}` : ''}`;
    case 'DemandsIssued':
      return `${f.parties[0]} demanded ${list(f.demands ?? [])}`;
    case 'ProposalRejected':
      return `${f.parties[0]} rejected a proposal of ${f.parties[1] ?? 'the other side'}${f.text ? `: ${f.text}` : ''}`;
  }
}

const place = (p: { name: string; admin1?: string; precision: 'settlement' | 'region' | 'country' }) => ({
  name: p.name,
  oblast: oblastOf(p),
});

function open(
  e: StoredEvent,
  id: string,
  kind: TimelineRow['kind'],
  family: TimelineFamily,
  date: string,
  facts: TimelineFacts,
): TimelineRow {
  const reportId = typeof e.metadata.reportId === 'string' ? e.metadata.reportId : null;
  return {
    id,
    kind,
    family,
    date,
    summary: summarise(family, facts),
    sourceCount: reportId ? 1 : 0,
    reportIds: reportId ? [reportId] : [],
    outlets: reportId ? [outletIn(e)] : [],
    firstPosition: e.globalPosition,
    updatedAt: e.recordedAt.toISOString(),
    facts,
  };
}

function revise(row: TimelineRow, e: StoredEvent, facts: Partial<TimelineFacts>): TimelineRow {
  const next = { ...row.facts, ...facts };
  return { ...row, facts: next, summary: summarise(row.family, next), updatedAt: e.recordedAt.toISOString() };
}

export function evolveTimeline(row: TimelineRow | null, e: StoredEvent, key: string): TimelineRow | null {
  switch (e.type) {
    case 'AttackReported': {
      if (row) return row;
      const d = e.data as EventData<'AttackReported'>;
      return open(e, key, 'incident', e.type, d.date, {
        parties: [d.target, ...(d.perpetrator ? [d.perpetrator] : [])],
        places: d.places.map(place),
        weapons: d.weapons ?? [],
        killed: d.killed ?? null,
        injured: d.injured ?? null,
      });
    }
    case 'TalksHeld': {
      if (row) return row;
      const d = e.data as EventData<'TalksHeld'>;
      return open(e, key, 'incident', e.type, d.date, {
        parties: uniq([...d.parties, ...(d.mediators ?? [])]),
        places: d.location ? [place(d.location)] : [],
        outcome: d.outcome ?? 'unknown',
      });
    }
    case 'CeasefireProposed': {
      if (row) return row;
      const d = e.data as EventData<'CeasefireProposed'>;
      return open(e, key, 'incident', e.type, d.date, {
        parties: [d.proposer, ...(d.addressee ? [d.addressee] : [])],
        places: [],
        scope: d.scope ?? null,
        response: d.response ?? 'pending',
      });
    }
    case 'ExchangeAgreed': {
      if (row) return row;
      const d = e.data as EventData<'ExchangeAgreed'>;
      return open(e, key, 'incident', e.type, d.date, {
        parties: d.parties ?? [],
        places: [],
        category: d.category,
        count: d.count ?? null,
        status: d.status ?? 'agreed',
      });
    }
    case 'TalksScheduled': {
      if (row) return row;
      const d = e.data as EventData<'TalksScheduled'>;
      return open(e, key, 'statement', e.type, d.window.from ?? isoDay(e.recordedAt), {
        parties: d.parties,
        places: d.location ? [place(d.location)] : [],
      });
    }
    case 'DemandsIssued': {
      if (row) return row;
      const d = e.data as EventData<'DemandsIssued'>;
      return open(e, key, 'statement', e.type, isoDay(e.recordedAt), { parties: [d.by], places: [], demands: d.demands });
    }
    case 'ProposalRejected': {
      if (row) return row;
      const d = e.data as EventData<'ProposalRejected'>;
      return open(e, key, 'statement', e.type, isoDay(e.recordedAt), { parties: [d.by, d.proposalOf], places: [], text: d.summary });
    }
    case 'IncidentCorroborated': {
      if (!row) return null;
      const reportId = String((e.data as { reportId?: unknown }).reportId ?? '');
      if (!reportId || row.reportIds.includes(reportId)) return { ...row, updatedAt: e.recordedAt.toISOString() };
      const reportIds = [...row.reportIds, reportId];
      const outlets = [...(row.outlets ?? row.reportIds.map(() => null)), outletIn(e)];
      const sourceCount = independentSources(reportIds.map((r, i) => ({ reportId: r, outlet: outlets[i] })));
      return { ...row, reportIds, outlets, sourceCount, updatedAt: e.recordedAt.toISOString() };
    }
    case 'CasualtiesRevised': {
      if (!row) return null;
      const d = e.data as EventData<'CasualtiesRevised'>;
      return revise(row, e, { killed: d.killed ?? row.facts.killed, injured: d.injured ?? row.facts.injured });
    }
    case 'CeasefireResponded':
      return row && revise(row, e, { response: (e.data as EventData<'CeasefireResponded'>).response });
    case 'ExchangeCompleted': {
      if (!row) return null;
      const d = e.data as EventData<'ExchangeCompleted'>;
      return revise(row, e, { status: 'completed', count: d.count ?? row.facts.count });
    }
    default:
      return row;
  }
}

const STATEMENTS = new Set<string>(['TalksScheduled', 'DemandsIssued', 'ProposalRejected']);

export const timelineTable = new DocTable<TimelineRow>('rm_timeline', 'id', (r) => r.id, [
  { name: 'family', type: 'text', value: (r) => r.family },
  { name: 'date', type: 'date', value: (r) => r.date },
  { name: 'party_keys', type: 'text[]', value: (r) => uniq(r.facts.parties.map(partyKey)) },
  { name: 'place_keys', type: 'text[]', value: (r) => uniq(r.facts.places.map((p) => nameKey(p.name))) },
  {
    name: 'oblast_keys',
    type: 'text[]',
    value: (r) =>
      uniq(
        r.facts.places
          .map((p) => p.oblast)
          .filter((o): o is string => !!o)
          .map(oblastKey),
      ),
  },
  { name: 'source_count', type: 'integer', value: (r) => r.sourceCount },
  { name: 'first_position', type: 'bigint', value: (r) => r.firstPosition },
]);

/** Every incident of every family (and every statement), one line each, in time order. */
export const timelineProjection: Projection<TimelineRow> = {
  name: 'timeline',
  eventTypes: [...TIMELINE_FAMILIES, 'IncidentCorroborated', 'CasualtiesRevised', 'CeasefireResponded', 'ExchangeCompleted'],
  tables: ['rm_timeline'],
  keyOf: (e) => (STATEMENTS.has(e.type) ? e.eventId : incidentIdOf(e)),
  evolve: evolveTimeline,
  load: (client, keys) => timelineTable.load(client, keys),
  save: (client, changes) => timelineTable.save(client, changes),
};
