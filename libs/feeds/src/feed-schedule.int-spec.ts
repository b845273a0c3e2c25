import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { FeedPollJobData, QUEUE_NAMES, createQueue } from '@app/queues';
import { testPool, testRedisPrefix, testRedisUrl } from '@app/testing';
import { FeedSchedule } from './feed-schedule';

describe('FeedSchedule.reconcile', () => {
  let pool: Pool;
  let queue: Queue<FeedPollJobData>;
  let schedule: FeedSchedule;

  beforeAll(() => {
    pool = testPool(4);
    queue = createQueue<FeedPollJobData>(QUEUE_NAMES.feedPoll, { redisUrl: testRedisUrl(), redisPrefix: testRedisPrefix('feed-schedule') });
    schedule = new FeedSchedule(queue);
  });
  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
    await pool.end();
  });

  /** Registers a feed as the API does: the row is committed, then its scheduler written. */
  async function register(): Promise<string> {
    const id = randomUUID();
    await pool.query(`INSERT INTO feeds (id, url, poll_interval_seconds, version) VALUES ($1, $2, 60, 1)`, [
      id,
      `https://news.example/${id}.xml`,
    ]);
    await schedule.schedule(id, 60);
    return id;
  }

  it('a feed registered while a reconcile runs keeps its schedule, whenever it lands', async () => {
    // The registration lands right after each statement the reconcile sends to PostgreSQL, in turn.
    for (let landAfter = 1; landAfter <= 2; landAfter++) {
      let sent = 0;
      let registered: string | null = null;
      const racing = {
        query: async (...args: Parameters<Pool['query']>) => {
          const result = await (pool.query as (...a: unknown[]) => Promise<unknown>)(...args);
          if (++sent === landAfter) registered = await register();
          return result;
        },
      } as unknown as Pool;
      await schedule.reconcile(racing);
      if (!registered) continue;
      expect(await queue.getJobScheduler(registered)).toMatchObject({ every: 60_000 });
    }
  });

  it('takes off the schedules of feeds removed or paused, and of keys that are no feed', async () => {
    const removed = await register();
    const paused = await register();
    await pool.query(`UPDATE feeds SET removed_at = now() WHERE id = $1`, [removed]);
    await pool.query(`UPDATE feeds SET paused = true WHERE id = $1`, [paused]);
    await queue.upsertJobScheduler('not-a-feed', { every: 60_000 }, { name: 'poll', data: { feedId: 'not-a-feed' } });
    const kept = await register();
    const result = await schedule.reconcile(pool);
    expect(result.removed).toBeGreaterThanOrEqual(3);
    expect(await queue.getJobScheduler(removed)).toBeUndefined();
    expect(await queue.getJobScheduler(paused)).toBeUndefined();
    expect(await queue.getJobScheduler('not-a-feed')).toBeUndefined();
    expect(await queue.getJobScheduler(kept)).toMatchObject({ every: 60_000 });
  });
});
