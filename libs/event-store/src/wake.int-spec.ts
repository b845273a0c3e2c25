import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createRedis } from '@app/common';
import { eventually, testPool, testRedisPrefix, testRedisUrl, uniqueId } from '@app/testing';
import { PostgresEventStore } from './postgres-event-store';
import { EventSubscription } from './subscription';
import { StoredEvent } from './types';
import { RedisAppendNotifier, RedisWakeSource, eventsChannel } from './wake';

describe('Redis wake-ups', () => {
  let pool: Pool;
  beforeAll(() => {
    pool = testPool(4);
  });
  afterAll(() => pool.end());

  it('a commit in one process wakes a subscriber in another long before its next poll', async () => {
    const channel = eventsChannel(testRedisPrefix('wake'));
    const redis = createRedis(testRedisUrl());
    const writer = new PostgresEventStore(pool, { notifier: new RedisAppendNotifier(redis, channel) });
    const wake = new RedisWakeSource(testRedisUrl(), channel);
    const stream = uniqueId('wake');
    const seen: StoredEvent[] = [];
    // Catch up to the end first, then wait: with a one-minute poll, only a wake-up brings the event in time.
    const head = await new PostgresEventStore(pool).readAll(undefined, { batchSize: 50_000 });
    let from = head.checkpoint;
    for (let r = head; r.events.length; r = await writer.readAll(from, { batchSize: 50_000 })) from = r.checkpoint;
    const sub = new EventSubscription(new PostgresEventStore(pool), {
      from,
      pollMs: 60_000,
      wake,
      handle: async (events) => {
        seen.push(...events.filter((e) => e.streamId === stream));
      },
    });
    void sub.start();
    await eventually(async () => redis.status === 'ready', 5000);
    // A message published before the wake source's SUBSCRIBE is in place is lost: wait until Redis counts it.
    await eventually(async () => Number((await redis.pubsub('NUMSUB', channel))[1]) >= 1, 5000);
    const eventId = randomUUID();
    await writer.append(stream, [
      { eventId, type: 'FeedRegistered', data: { feedId: 'w', url: 'https://example.org/w.xml', pollIntervalSeconds: 60 } },
    ]);
    await eventually(async () => seen.length === 1, 10_000);
    expect(seen[0].eventId).toBe(eventId);
    await sub.stop();
    await wake.close();
    redis.disconnect();
  });
});
