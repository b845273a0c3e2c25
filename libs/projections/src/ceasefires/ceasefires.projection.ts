import { EventData, Range } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { IncidentHead, corroborate, familyKeyOf, openHead } from '../shared/incident';
import { partyKey, uniq } from '../shared/values';

export type CeasefireResponse = 'pending' | 'accepted' | 'rejected';

export interface CeasefireRow extends IncidentHead {
  proposer: string;
  addressee: string | null;
  durationDays: Range | null;
  scope: string | null;
  /** true: no conditions; false: conditions were named; null: the text does not say. */
  unconditional: boolean | null;
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
        purpose: d.purpose ?? null,
        response,
        responses: [{ response, reportId: head.sources[0]?.reportId ?? '', recordedAt: head.updatedAt }],
      };
    }
    case 'IncidentCorroborated':
      return row && corroborate(row, e);
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
