import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createPool } from '@app/database';
import { LocalWake, PostgresEventStore, StoredEvent } from '@app/event-store';
import { eventually, sleep, testDatabaseUrl, testPool, uniqueId } from '@app/testing';
import { Projection, Queryable } from './projection';
import { ProjectionRunner } from './projection-runner';
import { rebuildProjection } from './rebuild';
import { eventTypeCountsProjection } from './event-type-counts/event-type-counts.projection';

interface Row {
  streamId: string;
  positions: number[];
}

/** Records every stream position it applies, so a doubled or missing event shows. */
function positionsProjection(table: string, prefix: string): Projection<Row> {
  return {
    name: `test-positions-${table}`,
    eventTypes: ['FeedRegistered'],
    tables: [table],
    keyOf: (e) => (e.streamId.startsWith(prefix) ? e.streamId : null),
    evolve: (row, e) => ({ streamId: e.streamId, positions: [...(row?.positions ?? []), e.streamPosition] }),
    async load(client: Queryable, keys) {
      const { rows } = await client.query<{ stream_id: string; positions: number[] }>(
        `SELECT stream_id, positions FROM ${table} WHERE stream_id = ANY ($1)`,
        [keys],
      );
      return new Map(rows.map((r) => [r.stream_id, { streamId: r.stream_id, positions: r.positions.map(Number) }]));
    },
    async save(client: Queryable, changes) {
      for (const [key, row] of changes) {
        if (row === null) await client.query(`DELETE FROM ${table} WHERE stream_id = $1`, [key]);
        else
          await client.query(
            `INSERT INTO ${table} (stream_id, positions) VALUES ($1, $2) ON CONFLICT (stream_id) DO UPDATE SET positions = EXCLUDED.positions`,
            [key, row.positions],
          );
      }
    },
  };
}

describe('ProjectionRunner', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  const wake = new LocalWake();

  beforeAll(() => {
    pool = testPool(10);
    store = new PostgresEventStore(pool, { notifier: wake });
  });
  afterAll(() => pool.end());

  const event = (i: number) => ({
    type: 'FeedRegistered',
    data: { feedId: `f${i}`, url: `https://example.org/${i}`, pollIntervalSeconds: 60 },
  });

  /** A runner as its own process would have it: its own pool, so killing it kills its connections. */
  function runner(projection: Projection<Row>) {
    const appName = `runner-${randomUUID().slice(0, 8)}`;
    const own = createPool(testDatabaseUrl(), 3, appName);
    const r = new ProjectionRunner(own, new PostgresEventStore(own), projection, {
      databaseUrl: `${testDatabaseUrl()}?application_name=${appName}`,
      batchSize: 10,
      pollMs: 30,
      standbyRetryMs: 50,
      wake,
    });
    r.start();
    return {
      r,
      /** Dies as a process dies: every connection dropped at once, nothing cleaned up. */
      kill: async () => {
        void r.stop();
        await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
        await own.end().catch(() => undefined);
      },
      close: async () => {
        await r.stop();
        await own.end().catch(() => undefined);
      },
    };
  }

  it('two runners on one projection: only one applies; kill it and the other takes over, nothing lost or doubled', async () => {
    const table = `test_positions_${randomUUID().slice(0, 8)}`;
    await pool.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, positions bigint[] NOT NULL)`);
    const prefix = uniqueId('proj');
    const projection = positionsProjection(table, prefix);
    const a = runner(projection);
    await eventually(async () => a.r.status().state === 'active');
    const b = runner(projection);
    await sleep(200);
    expect(b.r.status().state).toBe('standby');

    const streams = Array.from({ length: 4 }, (_, i) => `${prefix}-${i}`);
    const write = async (from: number, to: number) => {
      for (let i = from; i < to; i++) {
        await store.append(streams[i % 4], [event(i)]);
        if (i % 10 === 0) await sleep(10);
      }
    };
    // Events keep arriving while the active runner is killed; more arrive once the other took over.
    const writing = write(0, 40);
    await eventually(async () => a.r.status().eventsApplied >= 15);
    expect(b.r.status().eventsApplied).toBe(0);
    await a.kill();
    await eventually(async () => b.r.status().state === 'active');
    await writing;
    await write(40, 60);

    await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>(`SELECT sum(cardinality(positions))::int AS n FROM ${table}`);
      return rows[0].n === 60;
    });
    const { rows } = await pool.query<{ stream_id: string; positions: string[] }>(
      `SELECT stream_id, positions FROM ${table} ORDER BY stream_id`,
    );
    for (const r of rows) expect(r.positions.map(Number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(b.r.status().eventsApplied).toBeGreaterThan(0);
    await b.close();
  });

  it('a rebuild while the runner is live yields the same rows, losing nothing that arrives meanwhile', async () => {
    const table = `test_positions_${randomUUID().slice(0, 8)}`;
    await pool.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, positions bigint[] NOT NULL)`);
    const prefix = uniqueId('rb');
    const projection = positionsProjection(table, prefix);
    const live = runner(projection);
    for (let i = 0; i < 30; i++) await store.append(`${prefix}-${i % 3}`, [event(i)]);
    await eventually(async () => live.r.status().eventsApplied === 30);
    const during = (async () => {
      for (let i = 30; i < 60; i++) await store.append(`${prefix}-${i % 3}`, [event(i)]);
    })();
    const report = await rebuildProjection(pool, store, projection, { batchSize: 7 });
    expect(report.eventsApplied).toBeGreaterThanOrEqual(30);
    await during;
    await eventually(async () => {
      const { rows } = await pool.query<{ n: number }>(`SELECT sum(cardinality(positions))::int AS n FROM ${table}`);
      return rows[0].n === 60;
    });
    const { rows } = await pool.query<{ positions: string[] }>(`SELECT positions FROM ${table} ORDER BY stream_id`);
    for (const r of rows) expect(r.positions.map(Number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await live.close();
  });

  it('stops promptly whatever it is doing: just started, taking the lock, active, or standing by', async () => {
    const table = `test_positions_${randomUUID().slice(0, 8)}`;
    await pool.query(`CREATE TABLE ${table} (stream_id text PRIMARY KEY, positions bigint[] NOT NULL)`);
    const projection = positionsProjection(table, uniqueId('stop'));
    const within = <T>(p: Promise<T>, ms: number) =>
      Promise.race([p, sleep(ms).then(() => Promise.reject(new Error(`did not stop within ${ms} ms`)))]);
    // Stopped in the same turn it started: its first lock attempt is still in flight and succeeds.
    for (let i = 0; i < 5; i++) await within(runner(projection).close(), 5000);
    // One active, one standing by: both stop.
    const active = runner(projection);
    await eventually(async () => active.r.status().state === 'active');
    const standby = runner(projection);
    await sleep(200);
    expect(standby.r.status().state).toBe('standby');
    await within(standby.close(), 5000);
    await within(active.close(), 5000);
    await pool.query(`DROP TABLE ${table}`);
  });

  it('the example projection counts events per type', () => {
    const e = { type: 'FeedRegistered', globalPosition: 9, recordedAt: new Date('2025-01-01T00:00:00Z') } as StoredEvent;
    const once = eventTypeCountsProjection.evolve(null, e);
    const twice = eventTypeCountsProjection.evolve(once, { ...e, globalPosition: 12 });
    expect(twice).toEqual({ type: 'FeedRegistered', count: 2, lastPosition: 12, lastRecordedAt: '2025-01-01T00:00:00.000Z' });
  });
});
