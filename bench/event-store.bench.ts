/**
 * Event store figures, each beside a baseline measured in the same run on the same pool:
 *  - append: single-event appends with an expected-version check, 8 writers on distinct streams,
 *    against plain single-row INSERTs of the same row shape;
 *  - batch: 100-event appends against 100-row multi-row INSERTs;
 *  - replay: 200,000 events through readAll against one plain SELECT of the same rows;
 *  - lag: append commit to subscriber delivery while appending at 2,000 events/s.
 * Last line: one JSON object.
 */
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createPool, runMigrations } from '@app/database';
import { createRedis } from '@app/common';
import { EventSubscription, PostgresEventStore, RedisAppendNotifier, RedisWakeSource, START, eventsChannel } from '@app/event-store';
import { log, percentile, printTable, round, withBenchDatabase } from './bench-util';

const WRITERS = 8;
const APPENDS_PER_WRITER = Number(process.env.BENCH_APPENDS ?? 1500);
const BATCHES_PER_WRITER = Number(process.env.BENCH_BATCHES ?? 40);
const REPLAY_EVENTS = Number(process.env.BENCH_REPLAY ?? 200_000);
const LAG_RATE = 2000;
const LAG_SECONDS = Number(process.env.BENCH_LAG_SECONDS ?? 5);

const data = (i: number) => ({
  feedId: `feed-${i}`,
  url: `https://example.org/feeds/${i}.xml`,
  title: `Feed number ${i}`,
  pollIntervalSeconds: 300,
});
const meta = () => ({ correlationId: randomUUID() });

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const plainInsert = `INSERT INTO bench_plain (stream_id, stream_position, event_id, type, schema_version, data, metadata) VALUES ($1, $2, $3, $4, 1, $5, $6)`;

async function appendFigures(pool: Pool, store: PostgresEventStore) {
  const ours = async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const stream = `bench-${randomUUID()}`;
        for (let v = 0; v < APPENDS_PER_WRITER; v++) {
          await store.append(stream, [{ type: 'FeedRegistered', data: data(v), metadata: meta() }], { expectedVersion: v });
        }
      }),
    );
  };
  const plain = async () => {
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const stream = `plain-${randomUUID()}`;
        for (let v = 0; v < APPENDS_PER_WRITER; v++) {
          await pool.query(plainInsert, [stream, v + 1, randomUUID(), 'FeedRegistered', JSON.stringify(data(v)), JSON.stringify(meta())]);
        }
      }),
    );
  };
  // Alternate rounds so drift on the machine hits both sides alike.
  let tOurs = 0;
  let tPlain = 0;
  for (let round = 0; round < 2; round++) {
    tPlain += await timed(plain);
    tOurs += await timed(ours);
  }
  const n = 2 * WRITERS * APPENDS_PER_WRITER;
  return { appendPerSec: n / tOurs, plainPerSec: n / tPlain };
}

async function batchFigures(pool: Pool, store: PostgresEventStore) {
  const ours = () =>
    Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const stream = `batch-${randomUUID()}`;
        for (let b = 0; b < BATCHES_PER_WRITER; b++) {
          const events = Array.from({ length: 100 }, (_, i) => ({ type: 'FeedRegistered', data: data(i), metadata: meta() }));
          await store.append(stream, events, { expectedVersion: b * 100 });
        }
      }),
    ).then(() => undefined);
  const plain = () =>
    Promise.all(
      Array.from({ length: WRITERS }, async () => {
        const stream = `plainbatch-${randomUUID()}`;
        for (let b = 0; b < BATCHES_PER_WRITER; b++) {
          const values: unknown[] = [];
          const rows: string[] = [];
          for (let i = 0; i < 100; i++) {
            const o = i * 6;
            rows.push(`($${o + 1}, $${o + 2}, $${o + 3}, $${o + 4}, 1, $${o + 5}, $${o + 6})`);
            values.push(stream, b * 100 + i + 1, randomUUID(), 'FeedRegistered', JSON.stringify(data(i)), JSON.stringify(meta()));
          }
          await pool.query(
            `INSERT INTO bench_plain (stream_id, stream_position, event_id, type, schema_version, data, metadata) VALUES ${rows.join(',')}`,
            values,
          );
        }
      }),
    ).then(() => undefined);
  let tOurs = 0;
  let tPlain = 0;
  for (let r = 0; r < 2; r++) {
    tPlain += await timed(plain);
    tOurs += await timed(ours);
  }
  const n = 2 * WRITERS * BATCHES_PER_WRITER * 100;
  return { batchEventsPerSec: n / tOurs, plainBatchEventsPerSec: n / tPlain };
}

async function replayFigures(url: string) {
  // A database of its own holding exactly the replayed events.
  return withBenchDatabase('replay', async (replayUrl) => {
    await runMigrations(replayUrl, { log: () => undefined });
    const pool = createPool(replayUrl, 8);
    const store = new PostgresEventStore(pool);
    const streams = REPLAY_EVENTS / 100;
    log(`seeding ${REPLAY_EVENTS} events for replay …`);
    for (let s = 0; s < streams; s += 8) {
      await Promise.all(
        Array.from({ length: Math.min(8, streams - s) }, (_, k) =>
          store.append(
            `replay-${s + k}`,
            Array.from({ length: 100 }, (_, i) => ({ type: 'FeedRegistered', data: data(i), metadata: meta() })),
          ),
        ),
      );
    }
    await pool.query('VACUUM ANALYZE es_events');
    let readCount = 0;
    let plainCount = 0;
    const ours = async () => {
      readCount = 0;
      let from = START;
      for (;;) {
        const r = await store.readAll(from, { batchSize: 5000 });
        if (r.events.length === 0) break;
        readCount += r.events.length;
        from = r.checkpoint;
      }
    };
    const plain = async () => {
      const { rows } = await pool.query(
        `SELECT global_position, transaction_id::text AS transaction_id, stream_id, stream_position, event_id, type, schema_version, data, metadata, recorded_at
         FROM es_events ORDER BY global_position`,
      );
      plainCount = rows.length;
    };
    let tOurs = 0;
    let tPlain = 0;
    for (let r = 0; r < 2; r++) {
      tPlain += await timed(plain);
      tOurs += await timed(ours);
    }
    await pool.end();
    if (readCount !== REPLAY_EVENTS || plainCount !== REPLAY_EVENTS)
      throw new Error(`replay read ${readCount}/${plainCount} of ${REPLAY_EVENTS} events`);
    void url;
    return { replayPerSec: (2 * REPLAY_EVENTS) / tOurs, plainReplayPerSec: (2 * REPLAY_EVENTS) / tPlain };
  });
}

async function lagFigures(url: string) {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const channel = eventsChannel(`cmbench:${process.pid}`);
  const redis = createRedis(redisUrl);
  const pool = createPool(url, 16);
  const store = new PostgresEventStore(pool, { notifier: new RedisAppendNotifier(redis, channel) });
  const readerPool = createPool(url, 2);
  const reader = new PostgresEventStore(readerPool);
  const wake = new RedisWakeSource(redisUrl, channel);
  await new Promise((r) => setTimeout(r, 200));
  const acked = new Map<string, number>();
  const delivered = new Map<string, number>();
  // Start at the end of the log as it stands, before anything is appended.
  let start = START;
  for (;;) {
    const r = await reader.readAll(start, { batchSize: 10000 });
    if (r.events.length === 0) break;
    start = r.checkpoint;
  }
  const sub = new EventSubscription(reader, {
    from: start,
    wake,
    pollMs: 500,
    batchSize: 1000,
    onError: (err) => log(`subscriber error: ${String(err)}`),
    handle: async (events) => {
      const now = performance.now();
      for (const e of events) if (e.streamId.startsWith('lag-')) delivered.set(e.eventId, now);
    },
  });
  void sub.start();
  await new Promise((r) => setTimeout(r, 300));
  const total = LAG_RATE * LAG_SECONDS;
  const tickMs = 10;
  const perTick = (LAG_RATE * tickMs) / 1000;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i += perTick) {
    const due = started + (i / LAG_RATE) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    for (let k = 0; k < perTick && i + k < total; k++) {
      const id = randomUUID();
      inflight.push(
        store
          .append(`lag-${id}`, [{ eventId: id, type: 'FeedRegistered', data: data(k), metadata: meta() }], { expectedVersion: 'no_stream' })
          .then(() => {
            acked.set(id, performance.now());
          }),
      );
    }
  }
  await Promise.all(inflight);
  const achievedRate = total / ((performance.now() - started) / 1000);
  const deadline = Date.now() + 10_000;
  while (delivered.size < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  await sub.stop();
  await wake.close();
  redis.disconnect();
  await pool.end();
  await readerPool.end();
  if (process.env.BENCH_DEBUG) {
    const slow = [...acked]
      .filter(([id, t]) => (delivered.get(id) ?? Infinity) - t > 100)
      .map(([id, t]) => `${Math.round(t - started)}:${Math.round((delivered.get(id) ?? Infinity) - t)}`);
    log(`DEBUG slow ${slow.length}: ${slow.slice(0, 40).join(' ')}`);
  }
  const lags = [...acked].map(([id, t]) => Math.max(0, (delivered.get(id) ?? Infinity) - t)).sort((a, b) => a - b);
  return { lagP50Ms: percentile(lags, 50), lagP99Ms: percentile(lags, 99), delivered: delivered.size, total, achievedRate };
}

async function main() {
  await withBenchDatabase('es', async (url) => {
    await runMigrations(url, { log: () => undefined });
    const pool = createPool(url, 16);
    await pool.query('CREATE TABLE bench_plain (LIKE es_events INCLUDING ALL)');
    const store = new PostgresEventStore(pool);
    log('append: 8 writers, single events with expected version …');
    const a = await appendFigures(pool, store);
    log('batch: 100-event appends …');
    const b = await batchFigures(pool, store);
    await pool.end();
    log('replay …');
    const r = await replayFigures(url);
    log(`lag: appending at ${LAG_RATE} events/s for ${LAG_SECONDS} s …`);
    // Its own database too, so the load of the earlier figures (autovacuum, checkpoints) is not measured here.
    const l = await withBenchDatabase('lag', async (lagUrl) => {
      await runMigrations(lagUrl, { log: () => undefined });
      return lagFigures(lagUrl);
    });
    const result = {
      appendPerSec: round(a.appendPerSec, 0),
      appendBaselinePerSec: round(a.plainPerSec, 0),
      appendRatio: round(a.appendPerSec / a.plainPerSec),
      batchEventsPerSec: round(b.batchEventsPerSec, 0),
      batchBaselineEventsPerSec: round(b.plainBatchEventsPerSec, 0),
      batchRatio: round(b.batchEventsPerSec / b.plainBatchEventsPerSec),
      replayPerSec: round(r.replayPerSec, 0),
      replayBaselinePerSec: round(r.plainReplayPerSec, 0),
      replayRatio: round(r.replayPerSec / r.plainReplayPerSec),
      lagP50Ms: round(l.lagP50Ms, 1),
      lagP99Ms: round(l.lagP99Ms, 1),
      lagRatePerSec: round(l.achievedRate, 0),
      lagDelivered: `${l.delivered}/${l.total}`,
    };
    printTable([
      ['figure', 'ours', 'baseline', 'ratio', 'target'],
      ['single-event appends/s (8 writers)', result.appendPerSec, result.appendBaselinePerSec, result.appendRatio, 'ratio ≥ 0.6'],
      ['events/s in 100-event appends', result.batchEventsPerSec, result.batchBaselineEventsPerSec, result.batchRatio, 'ratio ≥ 0.85'],
      ['events/s replayed (200k)', result.replayPerSec, result.replayBaselinePerSec, result.replayRatio, 'ratio ≥ 0.5'],
      [`lag p50 / p99 ms at ${result.lagRatePerSec} ev/s`, `${result.lagP50Ms} / ${result.lagP99Ms}`, '-', '-', 'p99 ≤ 100'],
    ]);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
