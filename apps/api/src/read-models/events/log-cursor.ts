import { Pool } from 'pg';
import { Checkpoint, LOG_HORIZON, PostgresEventStore, START, StoredEvent } from '@app/event-store';

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

/** The newest place every reader can already see (the store's log horizon): where a live stream without a cursor starts. */
export async function visibleHead(pool: Pool): Promise<Checkpoint> {
  const { rows } = await pool.query<{ tx: string; pos: number }>(
    `SELECT transaction_id::text AS tx, global_position AS pos FROM es_events
     WHERE transaction_id < (${LOG_HORIZON})
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

/** An event as the API shows it: its cursor as id, the recorded time as ISO text. */
export function toLogEvent(e: StoredEvent): LogEvent {
  return { ...e, id: formatCursor(e), recordedAt: e.recordedAt.toISOString() };
}

/** Events after a checkpoint in commit order (the store's readAll: only committed, upcast), as the API shows them. */
export async function readLog(store: PostgresEventStore, after: Checkpoint, types: string[] | null, limit: number): Promise<LogEvent[]> {
  const { events } = await store.readAll(after, { batchSize: limit, types });
  return events.map(toLogEvent);
}
