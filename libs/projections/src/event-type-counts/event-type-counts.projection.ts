import { StoredEvent } from '@app/event-store';
import { Projection, Queryable } from '../projection';

export interface EventTypeCountRow {
  type: string;
  count: number;
  lastPosition: number;
  lastRecordedAt: string;
}

/** How many events of each type the log holds: the smallest read model, proving the runner. */
export const eventTypeCountsProjection: Projection<EventTypeCountRow> & {
  evolve: (row: EventTypeCountRow | null, e: StoredEvent) => EventTypeCountRow;
} = {
  name: 'event-type-counts',
  eventTypes: '*',
  tables: ['rm_event_type_counts'],
  keyOf: (e) => e.type,
  evolve: (row, e) => ({
    type: e.type,
    count: (row?.count ?? 0) + 1,
    lastPosition: Math.max(row?.lastPosition ?? 0, e.globalPosition),
    lastRecordedAt: e.recordedAt.toISOString(),
  }),
  async load(client: Queryable, keys: string[]) {
    const { rows } = await client.query<{ type: string; count: number; last_position: number; last_recorded_at: Date }>(
      'SELECT type, count, last_position, last_recorded_at FROM rm_event_type_counts WHERE type = ANY ($1)',
      [keys],
    );
    return new Map(
      rows.map((r) => [
        r.type,
        { type: r.type, count: r.count, lastPosition: r.last_position, lastRecordedAt: r.last_recorded_at.toISOString() },
      ]),
    );
  },
  async save(client: Queryable, changes) {
    const rows = [...changes.values()].filter((r): r is EventTypeCountRow => r !== null);
    if (!rows.length) return;
    await client.query(
      `INSERT INTO rm_event_type_counts (type, count, last_position, last_recorded_at)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::timestamptz[])
       ON CONFLICT (type) DO UPDATE SET count = EXCLUDED.count, last_position = EXCLUDED.last_position,
         last_recorded_at = EXCLUDED.last_recorded_at`,
      [rows.map((r) => r.type), rows.map((r) => r.count), rows.map((r) => r.lastPosition), rows.map((r) => r.lastRecordedAt)],
    );
  },
};
