import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { EVENT_STORE, LOGGER, Logger, PG_POOL, WAKE_SOURCE } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PostgresEventStore, RedisWakeSource } from '@app/event-store';
import { DeliveryOutbox, Notifier, WebhookDeliverJobData, createWebhookQueue } from '@app/alerts';

/** The notifier's checkpoint and lock: one active notifier per deployment (per Redis prefix its queue lives under). */
export const notifierConsumer = (redisPrefix: string): string => `alerts-notifier:${redisPrefix}`;

/**
 * Role `notify`: matches new incident events against subscriptions and writes the deliveries owed
 * with its checkpoint, then queues them. One instance is active across processes; others stand by.
 */
@Injectable()
export class NotifyService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private queue: Queue<WebhookDeliverJobData> | null = null;
  private notifier: Notifier | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(WAKE_SOURCE) private readonly wake: RedisWakeSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.queue = createWebhookQueue(this.config);
    this.notifier = new Notifier(this.pool, this.store, new DeliveryOutbox(this.pool, this.queue), {
      databaseUrl: this.config.databaseUrl,
      consumer: notifierConsumer(this.config.redisPrefix),
      burstWindowMs: this.config.alertBurstWindowMs,
      batchSize: this.config.projectionBatchSize,
      pollMs: this.config.subscriptionPollMs,
      wake: this.wake,
      log: (level, msg, fields) => this.logger[level](fields ?? {}, msg),
    });
    this.notifier.start();
    this.logger.info({ burstWindowMs: this.config.alertBurstWindowMs }, 'notifier started');
  }

  get state(): string {
    return this.notifier?.status ?? 'stopped';
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.notifier?.stop();
    await this.queue?.close();
    this.logger.info('notifier stopped');
  }
}
