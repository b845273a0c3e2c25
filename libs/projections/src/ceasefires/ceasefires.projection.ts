import { EventData, Range } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { IncidentHead, corroborate, familyKeyOf, openHead } from '../shared/incident';
import { partyKey, uniq } from '../shared/values';

export type CeasefireResponse = 'pending' | 'accepted' | 'rejected';

export interface CeasefireCondition {
  by: string;
  text: string;
}

const sameCondition = (a: CeasefireCondition, b: CeasefireCondition): boolean =>
  a.by === b.by && a.text.toLowerCase().replace(/\W+/g, ' ').trim() === b.text.toLowerCase().replace(/\W+/g, ' ').trim();

/** The conditions on record and those a report adds, each once. */
export function addConditions(have: CeasefireCondition[], more: unknown): CeasefireCondition[] {
  const out = [...have];
  for (const c of Array.isArray(more) ? more : []) {
    if (!c || typeof c.by !== 'string' || typeof c.text !== 'string' || !c.text) continue;
    const next = { by: c.by, text: c.text };
    if (!out.some((x) => sameCondition(x, next))) out.push(next);
  }
  return out;
}

export interface CeasefireRow extends IncidentHead {
  proposer: string;
  addressee: string | null;
  durationDays: Range | null;
  scope: string | null;
  /** true: no conditions; false: conditions were named; null: the text does not say. */
  unconditional: boolean | null;
  /** Conditions attached to the truce, by the side that sets them: the first report's, then those later reports add. */
  conditions: CeasefireCondition[];
  purpose: string | null;
  response: CeasefireResponse;
  responses: { response: CeasefireResponse; reportId: string; recordedAt: string }[];
}

const LATER = ['CeasefireResponded'] as const;

export function evolveCeasefire(row: CeasefireRow | null, e: StoredEvent, key: string): CeasefireRow | null {
  switch (e.type) {
    case 'CeasefireProposed': {
      if (row) return row;
      const d = e.data as EventData<'CeasefireProposed'>;
      const response = d.response ?? 'pending';
      const head = openHead(e, key, d.date);
      return {
        ...head,
        proposer: d.proposer,
        addressee: d.addressee ?? null,
        durationDays: d.durationDays ?? null,
        scope: d.scope ?? null,
        unconditional: d.unconditional ?? null,
        conditions: addConditions([], d.conditions),
        purpose: d.purpose ?? null,
        response,
        responses: [{ response, reportId: head.sources[0]?.reportId ?? '', recordedAt: head.updatedAt }],
      };
    }
    case 'IncidentCorroborated': {
      if (!row) return null;
      const next = corroborate(row, e);
      const more = (e.data as { revised?: { conditions?: unknown } }).revised?.conditions;
      if (!Array.isArray(more) || !more.length) return next;
      const conditions = addConditions(row.conditions ?? [], more);
      // Conditions named make the proposal conditional, unless it was called unconditional and only the other side set them.
      const proposers = conditions.some((c) => c.by === row.proposer);
      return { ...next, conditions, unconditional: row.unconditional === true && !proposers ? true : false };
    }
    case 'CeasefireResponded': {
      if (!row) return null;
      const d = e.data as EventData<'CeasefireResponded'>;
      return {
        ...row,
        updatedAt: e.recordedAt.toISOString(),
        response: d.response,
        responses: [...row.responses, { response: d.response, reportId: d.reportId, recordedAt: e.recordedAt.toISOString() }],
      };
    }
    default:
      return row;
  }
}

export const ceasefiresTable = new DocTable<CeasefireRow>('rm_ceasefires', 'incident_id', (r) => r.id, [
  { name: 'date', type: 'date', value: (r) => r.date },
  { name: 'proposer_key', type: 'text', value: (r) => partyKey(r.proposer) },
  { name: 'party_keys', type: 'text[]', value: (r) => uniq([r.proposer, ...(r.addressee ? [r.addressee] : [])].map(partyKey)) },
  { name: 'scope', type: 'text', value: (r) => r.scope },
  { name: 'response', type: 'text', value: (r) => r.response },
  { name: 'source_count', type: 'integer', value: (r) => r.sourceCount },
  { name: 'first_position', type: 'bigint', value: (r) => r.firstPosition },
]);

/** One row per ceasefire proposal, its response kept current by later reports. */
export const ceasefiresProjection: Projection<CeasefireRow> = {
  name: 'ceasefires',
  eventTypes: ['CeasefireProposed', 'IncidentCorroborated', ...LATER],
  tables: ['rm_ceasefires'],
  keyOf: (e) => familyKeyOf('CeasefireProposed', e, LATER),
  evolve: evolveCeasefire,
  load: (client, keys) => ceasefiresTable.load(client, keys),
  save: (client, changes) => ceasefiresTable.save(client, changes),
};
