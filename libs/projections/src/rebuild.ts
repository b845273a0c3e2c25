import { Pool, PoolClient } from 'pg';
import { Checkpoint, CheckpointStore, PostgresEventStore, START } from '@app/event-store';
import { AnyProjection, applyBatch } from './projection';
import { projectionConsumer } from './projection-runner';

export interface RebuildReport {
  projection: string;
  eventsRead: number;
  eventsApplied: number;
  seconds: number;
}

export interface RebuildOptions {
  batchSize?: number;
  progress?: (r: RebuildReport) => void;
  progressEvery?: number;
  /** Attempts at the final swap when it meets a deadlock or a lock timeout. */
  swapAttempts?: number;
}

/** Another rebuild of the same projection is running (in this process or another). */
export class RebuildInProgressError extends Error {
  readonly code = 'PROJECTION.REBUILD_IN_PROGRESS';
  constructor(readonly projection: string) {
    super(`A rebuild of projection ${projection} is already running`);
  }
}

export const rebuildLockKey = (name: string): string => `projection-rebuild:${name}`;
export const shadowSchema = (name: string): string => `rebuild_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;

const RETRIABLE = new Set(['40P01', '55P03', '40001']);

interface Target {
  projection: AnyProjection;
  schema: string;
  report: RebuildReport;
}

/**
 * Rebuilds one projection from the start of the log without readers ever seeing half-built rows:
 * the rows are built beside the live tables (in a shadow schema), then one short transaction
 * applies the last events, swaps the tables in and moves the checkpoint. A live runner whose
 * checkpoint moved stands by and resumes from the new one, so no event is lost.
 */
export async function rebuildProjection(
  pool: Pool,
  store: PostgresEventStore,
  projection: AnyProjection,
  options: RebuildOptions = {},
): Promise<RebuildReport> {
  const [report] = await rebuildProjections(pool, store, [projection], options);
  return report;
}

/** Rebuilds several projections in one pass over the log (each swapped in on its own). */
export async function rebuildProjections(
  pool: Pool,
  store: PostgresEventStore,
  projections: readonly AnyProjection[],
  options: RebuildOptions = {},
): Promise<RebuildReport[]> {
  const started = Date.now();
  const batchSize = options.batchSize ?? 5000;
  const every = options.progressEvery ?? 50_000;
  const client = await pool.connect();
  const locked: string[] = [];
  const targets: Target[] = projections.map((projection) => ({
    projection,
    schema: shadowSchema(projection.name),
    report: { projection: projection.name, eventsRead: 0, eventsApplied: 0, seconds: 0 },
  }));
  try {
    for (const t of targets) {
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [
        rebuildLockKey(t.projection.name),
      ]);
      if (!rows[0].ok) throw new RebuildInProgressError(t.projection.name);
      locked.push(t.projection.name);
    }
    const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    const live = rows[0].schema;
    for (const t of targets) await createShadow(client, t, live);

    // Build beside: replay the log into the shadow tables, batch by batch, committing as it goes.
    let from: Checkpoint = START;
    let nextProgress = every;
    let next = store.readAll(from, { batchSize });
    for (;;) {
      const batch = await next;
      if (batch.events.length === 0) break;
      from = batch.checkpoint;
      next = store.readAll(from, { batchSize });
      for (const t of targets) {
        await client.query(`SET search_path TO ${t.schema}, ${live}`);
        t.report.eventsRead += batch.events.length;
        t.report.eventsApplied += await applyBatch(t.projection, client, batch.events);
      }
      if (targets[0].report.eventsRead >= nextProgress) {
        nextProgress += every;
        for (const t of targets) options.progress?.({ ...t.report, seconds: (Date.now() - started) / 1000 });
      }
    }
    await client.query(`SET search_path TO ${live}`);

    // Swap each in, catching up on what arrived meanwhile.
    for (const t of targets) {
      await swapIn(pool, store, client, t, live, from, batchSize, options.swapAttempts ?? 5);
      t.report.seconds = (Date.now() - started) / 1000;
    }
    return targets.map((t) => t.report);
  } finally {
    try {
      await client.query('ROLLBACK').catch(() => undefined);
      for (const t of targets) await client.query(`DROP SCHEMA IF EXISTS ${t.schema} CASCADE`).catch(() => undefined);
      for (const name of locked)
        await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [rebuildLockKey(name)]).catch(() => undefined);
    } finally {
      // The session carried a search path and locks: never hand it back to the pool.
      client.release(true);
    }
  }
}

async function createShadow(client: PoolClient, t: Target, live: string): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${t.schema} CASCADE`);
  await client.query(`CREATE SCHEMA ${t.schema}`);
  for (const table of t.projection.tables) {
    await client.query(`CREATE TABLE ${t.schema}.${table} (LIKE ${live}.${table} INCLUDING ALL)`);
  }
}

interface IndexInfo {
  name: string;
  shape: string;
}

async function indexesOf(client: PoolClient, schema: string, table: string): Promise<IndexInfo[]> {
  const { rows } = await client.query<{ name: string; def: string }>(
    `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
     FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass`,
    [schema, table],
  );
  // "CREATE UNIQUE INDEX name ON schema.table USING btree (a, b)": what matters is unique or not and from USING on.
  return rows.map((r) => ({ name: r.name, shape: `${/^CREATE UNIQUE/.test(r.def) ? 'u' : ''}${r.def.slice(r.def.indexOf(' USING '))}` }));
}

async function swapIn(
  pool: Pool,
  store: PostgresEventStore,
  client: PoolClient,
  t: Target,
  live: string,
  built: Checkpoint,
  batchSize: number,
  attempts: number,
): Promise<void> {
  const checkpoints = new CheckpointStore(pool);
  const consumer = projectionConsumer(t.projection.name);
  for (let attempt = 1; ; attempt++) {
    const report = { ...t.report };
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '10s'`);
      // Tables first, then the checkpoint: the order a runner's batch takes them in.
      await client.query(`LOCK TABLE ${t.projection.tables.map((x) => `${live}.${x}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
      await client.query(`SELECT 1 FROM es_checkpoints WHERE consumer = $1 FOR UPDATE`, [consumer]);
      await client.query(`SET LOCAL search_path TO ${t.schema}, ${live}`);
      let from = built;
      for (;;) {
        const batch = await store.readAll(from, { batchSize });
        if (batch.events.length === 0) break;
        from = batch.checkpoint;
        report.eventsRead += batch.events.length;
        report.eventsApplied += await applyBatch(t.projection, client, batch.events);
      }
      for (const table of t.projection.tables) {
        const before = await indexesOf(client, live, table);
        await client.query(`DROP TABLE ${live}.${table}`);
        await client.query(`ALTER TABLE ${t.schema}.${table} SET SCHEMA ${live}`);
        // Keep the index names the migrations gave, so later migrations find them.
        for (const idx of await indexesOf(client, live, table)) {
          const old = before.find((b) => b.shape === idx.shape);
          if (old && old.name !== idx.name) await client.query(`ALTER INDEX ${live}.${idx.name} RENAME TO ${old.name}`);
        }
      }
      await checkpoints.save(consumer, from, client);
      await client.query('COMMIT');
      t.report = report;
      return;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (!code || !RETRIABLE.has(code) || attempt >= attempts) throw err;
    }
  }
}
