import { Pool } from 'pg';

/**
 * Reports received but not processed yet (their stream holds only `ReportReceived`), older than
 * `minAgeSeconds`: what a process sweep queues again after Redis lost its jobs.
 */
export async function unprocessedReports(pool: Pool, limit = 500, minAgeSeconds = 30): Promise<string[]> {
  const { rows } = await pool.query<{ stream_id: string }>(
    `SELECT stream_id FROM es_streams
     WHERE stream_id LIKE 'report-%' AND version = 1 AND updated_at < now() - make_interval(secs => $2)
     ORDER BY updated_at LIMIT $1`,
    [limit, minAgeSeconds],
  );
  return rows.map((r) => r.stream_id.slice('report-'.length));
}

/** Reports received since a time, for running a newer extractor over them again. */
export async function reportsReceivedSince(
  pool: Pool,
  since: Date,
  afterPosition = 0,
  limit = 1000,
): Promise<{ reportId: string; position: number }[]> {
  const { rows } = await pool.query<{ stream_id: string; global_position: number }>(
    `SELECT stream_id, global_position FROM es_events
     WHERE type = 'ReportReceived' AND recorded_at >= $1 AND global_position > $2
     ORDER BY global_position LIMIT $3`,
    [since, afterPosition, limit],
  );
  return rows.map((r) => ({ reportId: r.stream_id.slice('report-'.length), position: r.global_position }));
}
