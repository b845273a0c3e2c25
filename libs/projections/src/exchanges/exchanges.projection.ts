import { EventData, Range } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { IncidentHead, corroborate, familyKeyOf, openHead } from '../shared/incident';
import { bestOf, partyKey, uniq } from '../shared/values';

export interface ExchangeRow extends IncidentHead {
  category: string;
  parties: string[];
  /** People or remains; per side when `perSide` is true ("1,000 for 1,000"). */
  count: Range | null;
  perSide: boolean | null;
  /** What one side asked for, when fewer were promised. */
  requested: Range | null;
  status: 'agreed' | 'completed';
  mechanism: string | null;
  completedAt: string | null;
  completedBy: string | null;
}

const LATER = ['ExchangeCompleted'] as const;

export function evolveExchange(row: ExchangeRow | null, e: StoredEvent, key: string): ExchangeRow | null {
  switch (e.type) {
    case 'ExchangeAgreed': {
      if (row) return row;
      const d = e.data as EventData<'ExchangeAgreed'>;
      const head = openHead(e, key, d.date);
      const completed = d.status === 'completed';
      return {
        ...head,
        category: d.category,
        parties: d.parties ?? [],
        count: d.count ?? null,
        perSide: d.perSide ?? null,
        requested: d.requested ?? null,
        status: completed ? 'completed' : 'agreed',
        mechanism: d.mechanism ?? null,
        completedAt: completed ? d.date : null,
        completedBy: completed ? (head.sources[0]?.reportId ?? null) : null,
      };
    }
    case 'IncidentCorroborated':
      return row && corroborate(row, e);
    case 'ExchangeCompleted': {
      if (!row) return null;
      const d = e.data as EventData<'ExchangeCompleted'>;
      return {
        ...row,
        updatedAt: e.recordedAt.toISOString(),
        status: 'completed',
        count: d.count ?? row.count,
        completedAt: e.recordedAt.toISOString().slice(0, 10),
        completedBy: d.reportId,
      };
    }
    default:
      return row;
  }
}

export const exchangesTable = new DocTable<ExchangeRow>('rm_exchanges', 'incident_id', (r) => r.id, [
  { name: 'date', type: 'date', value: (r) => r.date },
  { name: 'category', type: 'text', value: (r) => r.category },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'party_keys', type: 'text[]', value: (r) => uniq(r.parties.map(partyKey)) },
  { name: 'count', type: 'double precision', value: (r) => bestOf(r.count) },
  { name: 'source_count', type: 'integer', value: (r) => r.sourceCount },
  { name: 'first_position', type: 'bigint', value: (r) => r.firstPosition },
]);

/** One row per exchange agreement, completed when a later report says the swap took place. */
export const exchangesProjection: Projection<ExchangeRow> = {
  name: 'exchanges',
  eventTypes: ['ExchangeAgreed', 'IncidentCorroborated', ...LATER],
  tables: ['rm_exchanges'],
  keyOf: (e) => familyKeyOf('ExchangeAgreed', e, LATER),
  evolve: evolveExchange,
  load: (client, keys) => exchangesTable.load(client, keys),
  save: (client, changes) => exchangesTable.save(client, changes),
};
