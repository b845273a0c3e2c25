import { Pool, PoolClient } from 'pg';
import { Checkpoint, CheckpointStore, PostgresEventStore, START, StoredEvent } from '@app/event-store';
import { AnyProjection, Queryable, applyBatch, relevantEvents } from './projection';
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
  /** Rows are kept in memory while building and written after this many applied events (and at the end). */
  flushEvery?: number;
  /** Connections the build uses side by side (at most the pool's size less two). Default 2. */
  parallel?: number;
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
  rows: BuildCache;
}

/**
 * Rows evolved during the build, held in memory until flushed: the shadow tables have no other
 * writer, so a row not in memory is either in the shadow table (flushed earlier) or nowhere.
 */
class BuildCache {
  readonly rows = new Map<string, unknown>();
  /** Whether anything was flushed yet: until then a row not in memory does not exist. */
  flushed = false;
  events = 0;

  async apply(projection: AnyProjection, client: Queryable, events: StoredEvent[]): Promise<number> {
    const relevant = relevantEvents(projection, events);
    const missing = new Set(relevant.flatMap((r) => r.keys).filter((key) => !this.rows.has(key)));
    if (missing.size && this.flushed) {
      const loaded = await projection.load(client, [...missing]);
      for (const [key, row] of loaded) this.rows.set(key, row);
    }
    for (const { event, keys } of relevant)
      for (const key of keys) this.rows.set(key, projection.evolve(this.rows.get(key) ?? null, event, key));
    this.events += relevant.length;
    return relevant.length;
  }

  /** Writes the rows held in memory and forgets them (a save may change what it wrote, as counters do). */
  async flush(projection: AnyProjection, client: Queryable, chunk = 2000): Promise<void> {
    const entries = [...this.rows];
    for (let i = 0; i < entries.length; i += chunk) await projection.save(client, new Map(entries.slice(i, i + chunk)));
    this.rows.clear();
    this.events = 0;
    this.flushed = true;
  }
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
    rows: new BuildCache(),
  }));
  const flushEvery = options.flushEvery ?? 100_000;
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
    let from: Checkpoint = START;

    // Build beside: replay the log into the shadow tables, the projections split over a few
    // connections that apply each batch side by side.
    const lanes = Math.max(1, Math.min(targets.length, options.parallel ?? 2, ((pool.options.max as number | undefined) ?? 10) - 2));
    const extra = await Promise.all(Array.from({ length: lanes - 1 }, () => pool.connect()));
    const laneClients = [client, ...extra];
    try {
      // The shadow tables are thrown away if this process dies: no need to wait for each commit to be flushed.
      for (const c of laneClients) await c.query('SET synchronous_commit TO off');
      const groups = laneClients.map((c, i) => ({ client: c, targets: targets.filter((_, j) => j % lanes === i) }));
      let nextProgress = every;
      let next = store.readAll(from, { batchSize });
      for (;;) {
        const batch = await next;
        if (batch.events.length === 0) break;
        from = batch.checkpoint;
        next = store.readAll(from, { batchSize });
        await Promise.all(
          groups.map(async (g) => {
            await g.client.query('BEGIN');
            for (const t of g.targets) {
              await g.client.query(`SET LOCAL search_path TO ${t.schema}, ${live}`);
              t.report.eventsRead += batch.events.length;
              t.report.eventsApplied += await t.rows.apply(t.projection, g.client, batch.events);
              if (t.rows.events >= flushEvery) await t.rows.flush(t.projection, g.client);
            }
            await g.client.query('COMMIT');
          }),
        );
        if (targets[0].report.eventsRead >= nextProgress) {
          nextProgress += every;
          for (const t of targets) options.progress?.({ ...t.report, seconds: (Date.now() - started) / 1000 });
        }
      }
      await Promise.all(
        groups.map(async (g) => {
          for (const t of g.targets) {
            await g.client.query(`SET search_path TO ${t.schema}, ${live}`);
            await t.rows.flush(t.projection, g.client);
            await g.client.query(`SET search_path TO ${live}`);
            await finishShadow(g.client, t, live);
          }
        }),
      );
    } finally {
      for (const c of extra) c.release(true);
    }
    await client.query(`SET search_path TO ${live}`);
    await client.query('SET synchronous_commit TO DEFAULT');

    // Swap each in, catching up on what arrived meanwhile.
    for (const t of targets) {
      await swapIn(pool, store, client, t, live, from, batchSize, options.swapAttempts ?? 5);
      t.report.seconds = (Date.now() - started) / 1000;
    }
    return targets.map((t) => t.report);
  } finally {
    try {
      await client.query('ROLLBACK').catch(() => undefined);
      // Only the shadow schemas this rebuild owns: a rebuild refused because another runs must not drop that one's tables.
      for (const t of targets)
        if (locked.includes(t.projection.name)) await client.query(`DROP SCHEMA IF EXISTS ${t.schema} CASCADE`).catch(() => undefined);
      for (const name of locked)
        await client.query(`SELECT pg_advisory_unlock(hashtextextended($1, 0))`, [rebuildLockKey(name)]).catch(() => undefined);
    } finally {
      // The session carried a search path and locks: never hand it back to the pool.
      client.release(true);
    }
  }
}

/**
 * Shadow tables beside the live ones: unlogged while they fill, with the live table's constraints
 * (its upserts need the keys) but its other indexes only once the rows are in (see `finishShadow`).
 */
async function createShadow(client: PoolClient, t: Target, live: string): Promise<void> {
  await client.query(`DROP SCHEMA IF EXISTS ${t.schema} CASCADE`);
  await client.query(`CREATE SCHEMA ${t.schema}`);
  for (const table of t.projection.tables) {
    await client.query(
      `CREATE UNLOGGED TABLE ${t.schema}.${table} (LIKE ${live}.${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING GENERATED INCLUDING IDENTITY INCLUDING STORAGE)`,
    );
    const { rows } = await client.query<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
       WHERE conrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname`,
      [live, table],
    );
    for (const c of rows) await client.query(`ALTER TABLE ${t.schema}.${table} ADD CONSTRAINT ${c.name} ${c.def}`);
  }
}

/** Makes the filled shadow tables durable and gives them the live tables' other indexes, under the same names. */
async function finishShadow(client: PoolClient, t: Target, live: string): Promise<void> {
  for (const table of t.projection.tables) {
    await client.query(`ALTER TABLE ${t.schema}.${table} SET LOGGED`);
    const { rows } = await client.query<{ def: string }>(
      `SELECT pg_get_indexdef(i.indexrelid) AS def FROM pg_index i
       WHERE i.indrelid = (quote_ident($1) || '.' || quote_ident($2))::regclass
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      [live, table],
    );
    for (const r of rows) {
      const def = r.def.replace(` ON ${live}.${table} USING `, ` ON ${t.schema}.${table} USING `);
      if (def === r.def) throw new Error(`cannot place index beside ${live}.${table}: ${r.def}`);
      await client.query(def);
    }
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
      // The checkpoint first, then the tables: the order a runner's batch takes them in.
      await client.query(`SELECT 1 FROM es_checkpoints WHERE consumer = $1 FOR UPDATE`, [consumer]);
      await client.query(`LOCK TABLE ${t.projection.tables.map((x) => `${live}.${x}`).join(', ')} IN ACCESS EXCLUSIVE MODE`);
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
