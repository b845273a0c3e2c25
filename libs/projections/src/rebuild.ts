import { Pool } from 'pg';
import { CheckpointStore, PostgresEventStore, START } from '@app/event-store';
import { AnyProjection, applyBatch } from './projection';
import { projectionConsumer } from './projection-runner';

export interface RebuildReport {
  projection: string;
  eventsRead: number;
  eventsApplied: number;
  seconds: number;
}

/**
 * Rebuilds a projection from the start of the log in one transaction: readers keep seeing the old
 * rows until the new ones commit, and a live runner finds its checkpoint moved and picks up
 * from where the rebuild ended.
 */
export async function rebuildProjection(
  pool: Pool,
  store: PostgresEventStore,
  projection: AnyProjection,
  options: { batchSize?: number; progress?: (r: RebuildReport) => void; progressEvery?: number } = {},
): Promise<RebuildReport> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const every = options.progressEvery ?? 50_000;
  const checkpoints = new CheckpointStore(pool);
  const report: RebuildReport = { projection: projection.name, eventsRead: 0, eventsApplied: 0, seconds: 0 };
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const table of projection.tables) await client.query(`TRUNCATE TABLE ${table}`);
    let from = START;
    let nextProgress = every;
    let next = store.readAll(from, { batchSize });
    for (;;) {
      const batch = await next;
      if (batch.events.length === 0) break;
      from = batch.checkpoint;
      // Read the next batch while this one is applied.
      next = store.readAll(from, { batchSize });
      report.eventsRead += batch.events.length;
      report.eventsApplied += await applyBatch(projection, client, batch.events);
      if (report.eventsRead >= nextProgress) {
        nextProgress += every;
        report.seconds = (Date.now() - started) / 1000;
        options.progress?.({ ...report });
      }
    }
    await checkpoints.save(projectionConsumer(projection.name), from, client);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
  report.seconds = (Date.now() - started) / 1000;
  return report;
}
