import { Pool } from 'pg';
import { Checkpoint, START } from '@app/event-store';

/** "<transactionId>:<globalPosition>": a place in the commit-ordered log. */
export const formatCursor = (c: Checkpoint): string => `${c.transactionId}:${c.globalPosition}`;

const MAX_XID8 = (1n << 64n) - 1n;

/** Parses a cursor or a bare position; null when it is neither. */
export function parseLogPosition(v: string): Checkpoint | { position: number } | null {
  const m = /^(\d{1,20}):(\d{1,15})$/.exec(v);
  if (m) {
    if (BigInt(m[1]) > MAX_XID8) return null;
    return { transactionId: BigInt(m[1]).toString(), globalPosition: Number(m[2]) };
  }
  if (/^\d{1,15}$/.test(v)) return { position: Number(v) };
  return null;
}

/** A bare position means "after the event at that position" (or the last one before it). */
export async function resolvePosition(pool: Pool, p: Checkpoint | { position: number }): Promise<Checkpoint> {
  if (!('position' in p)) return p;
  if (p.position === 0) return START;
  const { rows } = await pool.query<{ tx: string; pos: number }>(
    `SELECT transaction_id::text AS tx, global_position AS pos FROM es_events WHERE global_position <= $1 ORDER BY global_position DESC LIMIT 1`,
    [p.position],
  );
  return rows.length ? { transactionId: rows[0].tx, globalPosition: rows[0].pos } : START;
}

/** The newest place every reader can already see: where a live stream without a cursor starts. */
export async function visibleHead(pool: Pool): Promise<Checkpoint> {
  const { rows } = await pool.query<{ tx: string; pos: number }>(
    `SELECT transaction_id::text AS tx, global_position AS pos FROM es_events
     WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
     ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
  );
  return rows.length ? { transactionId: rows[0].tx, globalPosition: rows[0].pos } : START;
}

export interface LogEvent {
  /** This event's cursor: pass it as `after` (or Last-Event-ID) to continue after it. */
  id: string;
  globalPosition: number;
  transactionId: string;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  recordedAt: string;
}

/** Events after a checkpoint in commit order, only from transactions every reader can see. */
export async function readLog(pool: Pool, after: Checkpoint, types: string[] | null, limit: number): Promise<LogEvent[]> {
  const { rows } = await pool.query<{
    global_position: number;
    tx: string;
    stream_id: string;
    stream_position: number;
    event_id: string;
    type: string;
    schema_version: number;
    data: unknown;
    metadata: unknown;
    recorded_at: Date;
  }>(
    `SELECT global_position, transaction_id::text AS tx, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at
     FROM es_events
     WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
       AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
       AND ($3::text[] IS NULL OR type = ANY ($3))
     ORDER BY transaction_id, global_position LIMIT $4`,
    [after.transactionId, after.globalPosition, types, limit],
  );
  return rows.map((r) => ({
    id: formatCursor({ transactionId: r.tx, globalPosition: r.global_position }),
    globalPosition: r.global_position,
    transactionId: r.tx,
    streamId: r.stream_id,
    streamPosition: r.stream_position,
    eventId: r.event_id,
    type: r.type,
    schemaVersion: r.schema_version,
    data: r.data,
    metadata: r.metadata,
    recordedAt: r.recorded_at.toISOString(),
  }));
}
