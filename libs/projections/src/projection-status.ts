import { Pool } from 'pg';
import { advisoryLockHeld } from '@app/event-store';
import { PROJECTIONS } from './registry';
import { projectionConsumer } from './projection-runner';

export interface ProjectionStatus {
  name: string;
  /** running: a worker holds the projection's lock; stopped: no worker runs it. */
  state: 'running' | 'stopped';
  /** A rebuild of it is under way (in any process). */
  rebuilding: boolean;
  checkpoint: { transactionId: string; globalPosition: number } | null;
  /** Events in the log after the checkpoint (counted up to `lagCap`). */
  lag: number;
  lagCapped: boolean;
  headPosition: number;
  updatedAt: string | null;
}

const LAG_CAP = 100_000;

/** Each projection's place in the log, how far behind it is, and whether a worker runs it. */
export async function projectionStatuses(pool: Pool): Promise<ProjectionStatus[]> {
  const names = PROJECTIONS.map((p) => p.name);
  const { rows } = await pool.query<{
    name: string;
    tx: string | null;
    pos: number | null;
    updated_at: Date | null;
    running: boolean;
    rebuilding: boolean;
    lag: number;
    head: number;
  }>(
    `SELECT n.name, c.transaction_id::text AS tx, c.global_position AS pos, c.updated_at,
            ${advisoryLockHeld(`'projection-lock:' || n.name`)} AS running,
            ${advisoryLockHeld(`'projection-rebuild:' || n.name`)} AS rebuilding,
            (SELECT count(*)::int FROM (SELECT 1 FROM es_events e
               WHERE (e.transaction_id, e.global_position) > (coalesce(c.transaction_id, '0'::xid8), coalesce(c.global_position, 0))
               LIMIT ${LAG_CAP}) behind) AS lag,
            coalesce((SELECT max(global_position) FROM es_events), 0) AS head
     FROM unnest($1::text[], $2::text[]) AS n(name, consumer)
     LEFT JOIN es_checkpoints c ON c.consumer = n.consumer
     ORDER BY n.name`,
    [names, names.map(projectionConsumer)],
  );
  return rows.map((r) => ({
    name: r.name,
    state: r.running ? 'running' : 'stopped',
    rebuilding: r.rebuilding,
    checkpoint: r.tx === null ? null : { transactionId: r.tx, globalPosition: r.pos ?? 0 },
    lag: r.lag,
    lagCapped: r.lag >= LAG_CAP,
    headPosition: r.head,
    updatedAt: r.updated_at ? r.updated_at.toISOString() : null,
  }));
}
