import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { FEED_POLL_JOB_NAME, FeedPollJobData, feedPollJobIds } from '@app/queues';
import { scheduleOffsetMs } from './backoff';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POLL_JOB_OPTIONS = { removeOnComplete: true, removeOnFail: { count: 1000 } } as const;

export interface ReconcileResult {
  added: number;
  updated: number;
  removed: number;
  active: number;
}

/**
 * The Redis side of polling: one BullMQ job scheduler per active feed at its interval, offset by a
 * stable per-feed jitter, and one-off "poll now" jobs. PostgreSQL is the truth; `reconcile` makes
 * Redis match it (at worker start and periodically), so a Redis that restarts empty loses nothing.
 */
export class FeedSchedule {
  constructor(private readonly queue: Queue<FeedPollJobData>) {}

  async schedule(feedId: string, intervalSeconds: number): Promise<void> {
    const every = intervalSeconds * 1000;
    await this.queue.upsertJobScheduler(
      feedPollJobIds.scheduler(feedId),
      { every, offset: scheduleOffsetMs(feedId, every) },
      { name: FEED_POLL_JOB_NAME, data: { feedId }, opts: POLL_JOB_OPTIONS },
    );
  }

  async unschedule(feedId: string): Promise<void> {
    await this.queue.removeJobScheduler(feedPollJobIds.scheduler(feedId));
  }

  /** Queues a poll now that ignores the failure backoff; returns the job id. */
  async pollNow(feedId: string): Promise<string> {
    const jobId = feedPollJobIds.pollNow(feedId);
    await this.queue.add(FEED_POLL_JOB_NAME, { feedId, force: true }, { ...POLL_JOB_OPTIONS, jobId });
    return jobId;
  }

  /**
   * Makes the schedulers in Redis those of the active feeds in PostgreSQL. Redis is listed before
   * PostgreSQL is read: a feed is committed before its scheduler is written, so any scheduler
   * listed belongs to a feed the read sees, and a feed registered meanwhile is never taken off.
   * A scheduler is removed only if its feed is still inactive just before the removal.
   */
  async reconcile(pool: Pool): Promise<ReconcileResult> {
    const existing = new Map<string, number | undefined>();
    const page = 1000;
    for (let start = 0; ; start += page) {
      const batch = await this.queue.getJobSchedulers(start, start + page - 1, true);
      for (const s of batch) existing.set(s.key, s.every === undefined || s.every === null ? undefined : Number(s.every));
      if (batch.length < page) break;
    }
    const { rows } = await pool.query<{ id: string; poll_interval_seconds: number }>(
      `SELECT id, poll_interval_seconds FROM feeds WHERE removed_at IS NULL AND NOT paused`,
    );
    const wanted = new Map(rows.map((r) => [feedPollJobIds.scheduler(r.id), { feedId: r.id, every: r.poll_interval_seconds * 1000 }]));
    const result: ReconcileResult = { added: 0, updated: 0, removed: 0, active: wanted.size };
    for (const [key, want] of wanted) {
      const have = existing.get(key);
      if (have === want.every) continue;
      if (existing.has(key)) result.updated++;
      else result.added++;
      await this.schedule(want.feedId, want.every / 1000);
    }
    const stale = [...existing.keys()].filter((key) => !wanted.has(key));
    if (stale.length === 0) return result;
    // Feeds ids are UUIDs; a scheduler key that is not one has no feed.
    const ids = stale.filter((key) => UUID.test(key));
    const { rows: active } = ids.length
      ? await pool.query<{ id: string }>(`SELECT id FROM feeds WHERE id = ANY ($1::uuid[]) AND removed_at IS NULL AND NOT paused`, [ids])
      : { rows: [] };
    const keep = new Set(active.map((r) => feedPollJobIds.scheduler(r.id)));
    for (const key of stale) {
      if (keep.has(key)) continue;
      await this.queue.removeJobScheduler(key);
      result.removed++;
    }
    return result;
  }
}
