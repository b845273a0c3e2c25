import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { createPool } from '@app/database';
import { eventually, sleep, testDatabaseUrl, testPool, uniqueId } from '@app/testing';
import { CheckpointStore } from './checkpoint-store';
import { PostgresEventStore } from './postgres-event-store';
import { EventSubscription } from './subscription';
import { START, compareCheckpoints } from './types';
import { LocalWake } from './wake';

/**
 * The skipped-event test: positions are taken at insert but become visible at commit. Writers that
 * hold their transactions open while later ones commit must not make a reader skip their events.
 */
describe('EventSubscription: no skipped, no doubled events', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  const wake = new LocalWake();

  beforeAll(async () => {
    pool = testPool(20);
    store = new PostgresEventStore(pool, { notifier: wake });
    await pool.query(
      `CREATE TABLE IF NOT EXISTS test_received (consumer text, event_id uuid, stream_id text, stream_position bigint, seq bigserial)`,
    );
  });
  afterAll(() => pool.end());

  const feedEvent = (stream: string, i: number) => ({
    eventId: randomUUID(),
    type: 'FeedRegistered',
    data: { feedId: `${stream}-${i}`, url: `https://example.org/${i}`, pollIntervalSeconds: 300 },
  });

  /** A consumer that records what it receives and its checkpoint in one transaction, in its own pool. */
  function startConsumer(consumer: string, killAfter: number | null, streams: Set<string>) {
    const appName = `consumer-${randomUUID().slice(0, 8)}`;
    const own = createPool(testDatabaseUrl(), 2, appName);
    const ownStore = new PostgresEventStore(own);
    const checkpoints = new CheckpointStore(own);
    let handled = 0;
    let killed = false;
    const sub = new EventSubscription(ownStore, {
      from: () => checkpoints.load(consumer),
      batchSize: 7,
      wake,
      pollMs: 50,
      retryMs: 20,
      handle: async (events, checkpoint) => {
        const client = await own.connect();
        try {
          await client.query('BEGIN');
          for (const e of events) {
            // Other test files write to the same log: record only this test's streams.
            if (!streams.has(e.streamId)) continue;
            await client.query('INSERT INTO test_received (consumer, event_id, stream_id, stream_position) VALUES ($1, $2, $3, $4)', [
              consumer,
              e.eventId,
              e.streamId,
              e.streamPosition,
            ]);
          }
          handled += events.length;
          if (killAfter !== null && handled >= killAfter && !killed) {
            // The process dies mid-transaction: its connection is gone, the batch never commits.
            killed = true;
            void sub.stop();
            await pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [appName]);
          }
          await checkpoints.save(consumer, checkpoint, client);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release(killed);
        }
      },
    });
    void sub.start();
    return {
      sub,
      isKilled: () => killed,
      close: async () => {
        await sub.stop();
        await own.end().catch(() => undefined);
      },
    };
  }

  it('8 concurrent writers, some holding transactions open; a subscriber killed mid-way resumes with no gap and no duplicate', async () => {
    const consumer = uniqueId('consumer');
    const writers = 8;
    const perWriter = 30;
    const appended: string[] = [];
    const streams = Array.from({ length: writers }, (_, w) => uniqueId(`w${w}`));

    const first = startConsumer(consumer, 60, new Set(streams));

    const write = async (w: number) => {
      const stream = streams[w];
      for (let i = 0; i < perWriter; i++) {
        const e = feedEvent(stream, i);
        if (w % 2 === 0 && i % 3 === 0) {
          // Take a position now, commit late: later writers commit first.
          const client = await pool.connect();
          try {
            await client.query('BEGIN');
            await store.appendWith(client, { streamId: stream, events: [e] });
            await client.query('SELECT pg_sleep($1)', [0.02 + Math.random() * 0.15]);
            await client.query('COMMIT');
          } finally {
            client.release();
          }
          wake.notify();
        } else {
          await store.append(stream, [e]);
        }
        appended.push(e.eventId);
      }
    };
    const writing = Promise.all(streams.map((_, w) => write(w)));

    await eventually(async () => first.isKilled(), 20_000);
    await first.close();
    await sleep(50);
    const second = startConsumer(consumer, null, new Set(streams));
    await writing;

    const total = writers * perWriter;
    await eventually(async () => {
      const { rows } = await pool.query('SELECT count(*)::int AS n FROM test_received WHERE consumer = $1', [consumer]);
      return rows[0].n >= total;
    }, 20_000);
    // Once the consumer's checkpoint has passed the last event appended, nothing of ours can still arrive.
    const { rows: lastRows } = await pool.query<{ tx: string; pos: string }>(
      `SELECT transaction_id::text AS tx, global_position AS pos FROM es_events WHERE stream_id = ANY($1)
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1`,
      [streams],
    );
    const last = { transactionId: lastRows[0].tx, globalPosition: Number(lastRows[0].pos) };
    await eventually(async () => {
      const at = second.sub.checkpoint;
      return at !== null && compareCheckpoints(at, last) >= 0;
    }, 20_000);
    await second.close();

    const { rows } = await pool.query<{ event_id: string; stream_id: string; stream_position: number }>(
      'SELECT event_id, stream_id, stream_position FROM test_received WHERE consumer = $1 ORDER BY seq',
      [consumer],
    );
    const received = rows.map((r) => r.event_id);
    expect(received).toHaveLength(total);
    expect(new Set(received).size).toBe(total);
    expect(new Set(received)).toEqual(new Set(appended));
    // Commit-consistent order: within a stream, positions arrive in order.
    for (const s of streams) {
      const positions = rows.filter((r) => r.stream_id === s).map((r) => r.stream_position);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });

  it('a read never returns an event of a transaction that is still open, nor anything after it', async () => {
    const s1 = uniqueId();
    const s2 = uniqueId();
    const { checkpoint: head } = await drain(store);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await store.appendWith(client, { streamId: s1, events: [feedEvent(s1, 1)] });
      await store.append(s2, [feedEvent(s2, 1)]);
      const during = await store.readAll(head, { batchSize: 1000 });
      expect(during.events.find((e) => e.streamId === s1 || e.streamId === s2)).toBeUndefined();
      await client.query('COMMIT');
    } finally {
      client.release();
    }
    // Other test files write to this database too: a transaction of theirs still open holds the
    // horizon back for a moment, so wait until both events are readable, then check their order.
    const mine = await eventually(async () => {
      const after = await store.readAll(head, { batchSize: 50_000 });
      const found = after.events.filter((e) => e.streamId === s1 || e.streamId === s2).map((e) => e.streamId);
      return found.length === 2 ? found : null;
    });
    expect(mine).toEqual([s1, s2]);
  });

  it('a transaction open in another database of the cluster does not hold a read back', async () => {
    const s = uniqueId();
    const { checkpoint: head } = await drain(store);
    // The server's maintenance database, which the run's setup connects to.
    const other = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      // An xid older than the append's, still running.
      await other.query('SELECT pg_current_xact_id()');
      await store.append(s, [feedEvent(s, 1)]);
      // Readable while the other database's transaction stays open (a transaction of another test
      // file in this database may hold it back for a moment, never for as long as this one lasts).
      const during = await eventually(async () => {
        const r = await store.readAll(head, { batchSize: 50_000 });
        const found = r.events.filter((e) => e.streamId === s);
        return found.length ? found : null;
      }, 5_000);
      expect(during).toHaveLength(1);
      await other.query('COMMIT');
    } finally {
      await other.end();
    }
  });

  it('while following live, commits that arrive within the least interval are read as one batch', async () => {
    const s = uniqueId();
    const { checkpoint: head } = await drain(store);
    const batches: number[] = [];
    const sub = new EventSubscription(store, {
      from: head,
      batchSize: 1000,
      wake,
      pollMs: 10_000,
      minIntervalMs: 2000,
      handle: async (events) => {
        const mine = events.filter((e) => e.streamId === s).length;
        if (mine) batches.push(mine);
      },
    });
    void sub.start();
    try {
      // Ten commits, each waking the subscription.
      for (let i = 1; i <= 10; i++) await store.append(s, [feedEvent(s, i)]);
      await eventually(async () => batches.reduce((a, b) => a + b, 0) === 10);
      // The first read may catch a few; every later wake-up waits for the one paced read.
      expect(batches.length).toBeLessThanOrEqual(2);
    } finally {
      await sub.stop();
    }
  });
});

async function drain(store: PostgresEventStore) {
  let from = START;
  for (;;) {
    const r = await store.readAll(from, { batchSize: 5000 });
    if (r.events.length === 0) return { checkpoint: from };
    from = r.checkpoint;
  }
}
