import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { testPool, uniqueId } from '@app/testing';
import { EventIdConflictError, InvalidAppendError, WrongExpectedVersionError } from './errors';
import { PostgresEventStore } from './postgres-event-store';
import { UpcasterRegistry } from './upcasters';
import { NewEvent } from './types';

const feed = (n: number): NewEvent => ({
  type: 'FeedRegistered',
  data: { feedId: `f${n}`, url: `https://example.org/${n}.xml`, pollIntervalSeconds: 300 },
});

describe('PostgresEventStore', () => {
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(() => {
    pool = testPool(12);
    store = new PostgresEventStore(pool);
  });
  afterAll(() => pool.end());

  describe('expected versions', () => {
    it('no_stream creates a stream once, then conflicts', async () => {
      const s = uniqueId();
      const r = await store.append(s, [feed(1), feed(2)], { expectedVersion: 'no_stream' });
      expect(r).toMatchObject({ streamId: s, nextExpectedVersion: 2, created: true });
      await expect(store.append(s, [feed(3)], { expectedVersion: 'no_stream' })).rejects.toThrow(WrongExpectedVersionError);
    });

    it('a number must equal the current version, and the error says the actual one', async () => {
      const s = uniqueId();
      await store.append(s, [feed(1)], { expectedVersion: 0 });
      await store.append(s, [feed(2)], { expectedVersion: 1 });
      const err = await store.append(s, [feed(3)], { expectedVersion: 1 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongExpectedVersionError);
      expect((err as WrongExpectedVersionError).actual).toBe(2);
      expect((err as Error).message).toMatch(/is at version 2/);
      expect(await store.streamVersion(s)).toBe(2);
    });

    it('stream_exists refuses a missing stream and appends to an existing one', async () => {
      const s = uniqueId();
      const err = await store.append(s, [feed(1)], { expectedVersion: 'stream_exists' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WrongExpectedVersionError);
      expect((err as WrongExpectedVersionError).actual).toBeNull();
      await store.append(s, [feed(1)]);
      const r = await store.append(s, [feed(2)], { expectedVersion: 'stream_exists' });
      expect(r.nextExpectedVersion).toBe(2);
    });

    it('any never raises a false conflict under contention', async () => {
      const s = uniqueId();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(s, [feed(i)], { expectedVersion: 'any' })));
      expect(results.every((r) => r.created)).toBe(true);
      const events = await store.readStream(s);
      expect(events.map((e) => e.streamPosition)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    });

    it('exactly one of concurrent appends at the same expected version wins', async () => {
      const s = uniqueId();
      await store.append(s, [feed(0)]);
      const outcomes = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => store.append(s, [feed(i)], { expectedVersion: 1 })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(rejected.every((o) => o.reason instanceof WrongExpectedVersionError)).toBe(true);
    });
  });

  describe('idempotency', () => {
    it('re-appending stored event ids returns the original result and writes nothing', async () => {
      const s = uniqueId();
      const events = [
        { ...feed(1), eventId: randomUUID() },
        { ...feed(2), eventId: randomUUID() },
      ];
      const first = await store.append(s, events, { expectedVersion: 'no_stream' });
      const again = await store.append(s, events, { expectedVersion: 'no_stream' });
      expect(again).toEqual({ ...first, created: false });
      const viaAny = await store.append(s, events);
      expect(viaAny).toEqual({ ...first, created: false });
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('concurrent retries of one append store it once', async () => {
      const s = uniqueId();
      const events = [{ ...feed(1), eventId: randomUUID() }];
      const results = await Promise.all(Array.from({ length: 6 }, () => store.append(s, events, { expectedVersion: 'any' })));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.lastPosition)).size).toBe(1);
      expect(await store.readStream(s)).toHaveLength(1);
    });

    it('mixing stored and new ids in one append is refused', async () => {
      const s = uniqueId();
      const stored = { ...feed(1), eventId: randomUUID() };
      await store.append(s, [stored]);
      await expect(store.append(s, [stored, { ...feed(2), eventId: randomUUID() }])).rejects.toThrow(EventIdConflictError);
    });
  });

  describe('validation', () => {
    it('refuses data that does not match the catalogue, naming the field', async () => {
      const s = uniqueId();
      await expect(
        store.append(s, [{ type: 'FeedRegistered', data: { feedId: 'x', url: 'not a url', pollIntervalSeconds: 300 } }]),
      ).rejects.toThrow(/FeedRegistered does not match the event catalogue: url/);
      await expect(store.append(s, [{ type: 'Nonsense', data: {} }])).rejects.toThrow(InvalidAppendError);
      expect(await store.streamVersion(s)).toBeNull();
    });
  });

  describe('several streams in one transaction', () => {
    it('writes all or nothing', async () => {
      const a = uniqueId('a');
      const b = uniqueId('b');
      await store.append(b, [feed(0)]);
      await expect(
        store.appendMany([
          { streamId: a, events: [feed(1)], expectedVersion: 'no_stream' },
          { streamId: b, events: [feed(2)], expectedVersion: 'no_stream' },
        ]),
      ).rejects.toThrow(WrongExpectedVersionError);
      expect(await store.streamVersion(a)).toBeNull();
      expect(await store.readStream(b)).toHaveLength(1);

      const ok = await store.appendMany([
        { streamId: a, events: [feed(1)], expectedVersion: 'no_stream' },
        { streamId: b, events: [feed(2)], expectedVersion: 1 },
      ]);
      expect(ok.map((r) => r.nextExpectedVersion)).toEqual([1, 2]);
    });
  });

  it('several streams of several events in one round trip keep each stream in order, and a retry writes nothing', async () => {
    const streams = [uniqueId('m'), uniqueId('m'), uniqueId('m')];
    const appends = streams.map((streamId, i) => ({
      streamId,
      expectedVersion: 'no_stream' as const,
      events: Array.from({ length: i + 1 }, (_, k) => ({ ...feed(k), eventId: randomUUID() })),
    }));
    const first = await store.appendMany(appends);
    expect(first.map((r) => [r.nextExpectedVersion, r.created])).toEqual([
      [1, true],
      [2, true],
      [3, true],
    ]);
    const again = await store.appendMany(appends);
    expect(again).toEqual(first.map((r) => ({ ...r, created: false })));
    const third = await store.readStream(streams[2]);
    expect(third.map((e) => (e.data as { feedId: string }).feedId)).toEqual(['f0', 'f1', 'f2']);
  });

  describe('appends with a statement alongside', () => {
    const countCreated = (consumer: string) => ({
      sql: `INSERT INTO es_checkpoints (consumer, global_position) SELECT $1, count(*) FILTER (WHERE created) FROM appended`,
      params: [consumer],
    });
    const counted = async (consumer: string) =>
      (await pool.query<{ n: number }>(`SELECT global_position AS n FROM es_checkpoints WHERE consumer = $1`, [consumer])).rows[0]?.n;

    it('leaves out streams that exist, appends the others in order and runs the statement, which sees what was created', async () => {
      const [a, b, c] = [uniqueId('a'), uniqueId('b'), uniqueId('c')];
      await store.append(b, [feed(0)]);
      const consumer = uniqueId('alongside');
      const results = await store.appendManyAlongside(
        [a, b, c].map((streamId, i) => ({ streamId, events: [feed(i + 1)], expectedVersion: 'no_stream' as const })),
        countCreated(consumer),
        { skipExistingStreams: true },
      );
      expect(results.map((r) => r && [r.streamId, r.nextExpectedVersion, r.created])).toEqual([[a, 1, true], null, [c, 1, true]]);
      expect(results[0]!.lastPosition).toBeLessThan(results[2]!.lastPosition);
      expect(await counted(consumer)).toBe(2);
      expect((await store.readStream(b)).map((e) => (e.data as { feedId: string }).feedId)).toEqual(['f0']);
    });

    it('lists an append whose events are stored already (a retry) as not created', async () => {
      const appends = [uniqueId('r'), uniqueId('r')].map((streamId) => ({
        streamId,
        events: [{ ...feed(1), eventId: randomUUID() }],
        expectedVersion: 'no_stream' as const,
      }));
      const [first, again] = [uniqueId('alongside'), uniqueId('alongside')];
      const stored = await store.appendManyAlongside(appends, countCreated(first));
      const retried = await store.appendManyAlongside(appends, countCreated(again));
      expect(retried).toEqual(stored.map((r) => ({ ...r, created: false })));
      expect([await counted(first), await counted(again)]).toEqual([2, 0]);
    });

    it('writes neither the events nor the statement when an append fails', async () => {
      const [a, b] = [uniqueId('a'), uniqueId('b')];
      await store.append(b, [feed(0)]);
      const consumer = uniqueId('alongside');
      await expect(
        store.appendManyAlongside(
          [a, b].map((streamId) => ({ streamId, events: [feed(1)], expectedVersion: 'no_stream' as const })),
          countCreated(consumer),
        ),
      ).rejects.toThrow(WrongExpectedVersionError);
      expect(await store.streamVersion(a)).toBeNull();
      expect(await counted(consumer)).toBeUndefined();
    });

    it('writes no event when the statement fails', async () => {
      const a = uniqueId('a');
      const consumer = uniqueId('alongside');
      await pool.query(`INSERT INTO es_checkpoints (consumer) VALUES ($1)`, [consumer]);
      await expect(
        store.appendManyAlongside([{ streamId: a, events: [feed(1)], expectedVersion: 'no_stream' }], countCreated(consumer)),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await store.streamVersion(a)).toBeNull();
    });
  });

  describe('reading', () => {
    it('reads a stream forward and backward from a version', async () => {
      const s = uniqueId();
      await store.append(s, [1, 2, 3, 4, 5].map(feed));
      const fwd = await store.readStream(s, { fromVersion: 2, maxCount: 2 });
      expect(fwd.map((e) => e.streamPosition)).toEqual([2, 3]);
      const back = await store.readStream(s, { direction: 'backward', fromVersion: 4, maxCount: 3 });
      expect(back.map((e) => e.streamPosition)).toEqual([4, 3, 2]);
      expect(back[0].data).toMatchObject({ feedId: 'f4' });
      expect(await store.readStream(uniqueId())).toEqual([]);
    });

    it('upcasts old schema versions on read', async () => {
      const upcasters = new UpcasterRegistry()
        .register('FeedRegistered', 1, (d) => ({ ...d, pollIntervalSeconds: Number(d.interval ?? 300) }))
        .register('FeedRegistered', 2, (d) => ({ ...d, title: String(d.title ?? 'untitled') }));
      const lenient = new PostgresEventStore(pool, { upcasters, validate: () => [] });
      const s = uniqueId();
      await lenient.append(s, [
        { type: 'FeedRegistered', schemaVersion: 1, data: { feedId: 'x', url: 'https://a.example/', interval: 60 } },
      ]);
      await lenient.append(s, [
        { type: 'FeedRegistered', schemaVersion: 3, data: { feedId: 'y', url: 'https://b.example/', pollIntervalSeconds: 30, title: 'B' } },
      ]);
      const [old, current] = await lenient.readStream(s);
      expect(old.schemaVersion).toBe(3);
      expect(old.data).toMatchObject({ pollIntervalSeconds: 60, title: 'untitled' });
      expect(current.schemaVersion).toBe(3);
      expect(current.data).toMatchObject({ pollIntervalSeconds: 30, title: 'B' });
      // The stored row is never edited.
      const raw = await pool.query('SELECT schema_version, data FROM es_events WHERE stream_id = $1 ORDER BY stream_position', [s]);
      expect(raw.rows[0].schema_version).toBe(1);
      expect(raw.rows[0].data).not.toHaveProperty('title');
    });

    it('a stream read within another statement as JSON decodes to what readStream returns, upcasts included', async () => {
      const upcasters = new UpcasterRegistry().register('FeedRegistered', 1, (d) => ({
        ...d,
        pollIntervalSeconds: Number(d.interval ?? 300),
      }));
      const lenient = new PostgresEventStore(pool, { upcasters, validate: () => [] });
      const s = uniqueId();
      await lenient.append(s, [
        {
          type: 'FeedRegistered',
          schemaVersion: 1,
          data: { feedId: 'x', url: 'https://a.example/', interval: 60 },
          metadata: { by: 'test' },
        },
        feed(2),
      ]);
      const { rows } = await pool.query(`SELECT ${PostgresEventStore.streamAsJson('$1')} AS events, 1 AS other`, [s]);
      const decoded = lenient.eventsFromJson(rows[0].events);
      expect(decoded).toEqual(await lenient.readStream(s));
      expect(decoded.map((e) => e.streamPosition)).toEqual([1, 2]);
      expect(decoded[0].data).toMatchObject({ pollIntervalSeconds: 60 });
      const none = await pool.query(`SELECT ${PostgresEventStore.streamAsJson('$1')} AS events`, [uniqueId()]);
      expect(lenient.eventsFromJson(none.rows[0].events)).toEqual([]);
    });
  });
});
