import { PoolClient } from 'pg';
import { StoredEvent } from '@app/event-store';

export type Queryable = Pick<PoolClient, 'query'>;

/**
 * A read model: a name, the event types it handles, and a pure `evolve(row | null, event)`.
 * `load` and `save` move its rows in and out of the tables it owns; the runner calls them inside
 * the transaction that also stores its checkpoint.
 */
export interface Projection<Row> {
  readonly name: string;
  /** The types it handles, or '*' for every type. */
  readonly eventTypes: readonly string[] | '*';
  /** Tables the projection owns (emptied on rebuild). */
  readonly tables: readonly string[];
  /** The row (or rows) an event touches; null to ignore it. */
  keyOf(event: StoredEvent): string | string[] | null;
  evolve(row: Row | null, event: StoredEvent, key: string): Row | null;
  load(client: Queryable, keys: string[]): Promise<Map<string, Row>>;
  /** Writes changed rows; a null value deletes the row. */
  save(client: Queryable, changes: Map<string, Row | null>): Promise<void>;
}

export type AnyProjection = Projection<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The events of a batch the projection handles, each with the rows it touches. */
export function relevantEvents(projection: AnyProjection, events: StoredEvent[]): { event: StoredEvent; keys: string[] }[] {
  const types = projection.eventTypes === '*' ? null : new Set(projection.eventTypes);
  const relevant: { event: StoredEvent; keys: string[] }[] = [];
  for (const event of events) {
    if (types && !types.has(event.type)) continue;
    const k = projection.keyOf(event);
    if (k === null) continue;
    relevant.push({ event, keys: Array.isArray(k) ? k : [k] });
  }
  return relevant;
}

/** Applies a batch in memory: loads the rows it touches once, evolves them in order. */
export async function applyBatch<Row>(
  projection: Projection<Row>,
  client: Queryable,
  events: StoredEvent[],
  relevant = relevantEvents(projection, events),
): Promise<number> {
  if (relevant.length === 0) return 0;
  const allKeys = new Set(relevant.flatMap((r) => r.keys));
  const loaded = await projection.load(client, [...allKeys]);
  const rows = new Map<string, Row | null>();
  for (const key of allKeys) rows.set(key, loaded.get(key) ?? null);
  for (const { event, keys } of relevant) {
    for (const key of keys) rows.set(key, projection.evolve(rows.get(key) ?? null, event, key));
  }
  const changes = new Map<string, Row | null>();
  for (const [key, row] of rows) {
    if (row !== null || loaded.has(key)) changes.set(key, row);
  }
  await projection.save(client, changes);
  return relevant.length;
}
