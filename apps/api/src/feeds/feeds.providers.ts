import { Inject, Injectable, OnModuleDestroy, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { EVENT_STORE, LOGGER, Logger, PG_POOL } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { FeedChange, FeedRegistry, FeedSchedule } from '@app/feeds';
import { createAddressPolicy } from '@app/ingestion';
import { FeedPollJobData, QUEUE_NAMES, createQueue } from '@app/queues';

export const FEED_POLL_QUEUE = Symbol('FEED_POLL_QUEUE');

export const feedPollQueueProvider: Provider = {
  provide: FEED_POLL_QUEUE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => createQueue<FeedPollJobData>(QUEUE_NAMES.feedPoll, config),
};

export const feedRegistryProvider: Provider = {
  provide: FeedRegistry,
  inject: [APP_CONFIG, PG_POOL, EVENT_STORE],
  useFactory: (config: AppConfig, pool: Pool, store: PostgresEventStore) =>
    new FeedRegistry(pool, store, {
      policy: createAddressPolicy({ allowPrivate: config.allowPrivateNetwork.all, allowCidrs: config.allowPrivateNetwork.cidrs }),
      minPollIntervalSeconds: config.minPollIntervalSeconds,
      defaultPollIntervalSeconds: config.defaultPollIntervalSeconds,
    }),
};

export const feedScheduleProvider: Provider = {
  provide: FeedSchedule,
  inject: [FEED_POLL_QUEUE],
  useFactory: (queue: Queue<FeedPollJobData>) => new FeedSchedule(queue),
};

/** How long a request waits for Redis before leaving a schedule change to the poll role's reconcile. */
export const SCHEDULE_TIMEOUT_MS = 2000;

export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer from Redis within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Brings Redis in line with a committed change. PostgreSQL already holds it: a failure here is repaired by the reconcile. */
@Injectable()
export class FeedScheduling {
  constructor(
    private readonly schedule: FeedSchedule,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async apply(change: FeedChange): Promise<void> {
    const { feed } = change;
    try {
      await withTimeout(
        (async () => {
          if (change.schedule === 'schedule') await this.schedule.schedule(feed.id, feed.pollIntervalSeconds);
          if (change.schedule === 'unschedule') await this.schedule.unschedule(feed.id);
          if (change.pollNow) await this.schedule.pollNow(feed.id);
        })(),
        SCHEDULE_TIMEOUT_MS,
        'scheduling',
      );
    } catch (err) {
      this.logger.warn({ feedId: feed.id, error: (err as Error).message }, 'feed schedule not updated; the poll role reconciles it');
    }
  }
}

@Injectable()
export class FeedPollQueueCloser implements OnModuleDestroy {
  constructor(@Inject(FEED_POLL_QUEUE) private readonly queue: Queue) {}
  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
