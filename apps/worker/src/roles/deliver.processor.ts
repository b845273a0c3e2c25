import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { EVENT_STORE, LOGGER, Logger, PG_POOL } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { createAddressPolicy } from '@app/ingestion';
import { QUEUE_NAMES, createWorker } from '@app/queues';
import {
  DeliverStep,
  DeliveryOutbox,
  SecretBox,
  SubscriptionRegistry,
  WebhookDeliverJobData,
  WebhookDeliverer,
  WebhookSender,
  createWebhookQueue,
} from '@app/alerts';

/**
 * Role `deliver`: takes webhook-deliver jobs and makes one signed attempt each; a retry or an
 * out-of-order delivery moves its job back to delayed until its time. A sweep queues again every
 * owed delivery Redis has lost. Many requests are in flight at once, so a hanging receiver holds
 * up only its own deliveries.
 */
@Injectable()
export class DeliverService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<WebhookDeliverJobData> | null = null;
  private queue: Queue<WebhookDeliverJobData> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private outbox: DeliveryOutbox | null = null;
  private readonly sender: WebhookSender;
  private readonly deliverer: WebhookDeliverer;
  private readonly registry: SubscriptionRegistry;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    const policy = createAddressPolicy({ allowPrivate: config.allowPrivateNetwork.all, allowCidrs: config.allowPrivateNetwork.cidrs });
    this.sender = new WebhookSender({ policy, connectTimeoutMs: config.webhookConnectTimeoutMs, timeoutMs: config.webhookTimeoutMs });
    this.registry = new SubscriptionRegistry(pool, store, {
      policy,
      secretOverlapHours: config.webhookSecretOverlapHours,
      secrets: new SecretBox(config.webhookSecretKeys),
    });
    this.deliverer = new WebhookDeliverer(pool, store, this.registry, this.sender, {
      retryScheduleMs: config.webhookRetryScheduleMs,
      retryAfterMaxSeconds: config.webhookRetryAfterMaxSeconds,
      disableAfterHours: config.subscriptionDisableAfterHours,
      publicUrl: config.publicUrl,
      log: (level, msg, fields) => logger[level](fields ?? {}, msg),
    });
  }

  onApplicationBootstrap(): void {
    this.queue = createWebhookQueue(this.config);
    this.outbox = new DeliveryOutbox(this.pool, this.queue);
    this.worker = createWorker<WebhookDeliverJobData>(QUEUE_NAMES.webhookDeliver, this.config, (job, token) => this.handle(job, token), {
      concurrency: this.config.deliverConcurrency,
      lockDuration: this.config.deliverLockMs,
      stalledInterval: this.config.deliverLockMs,
      maxStalledCount: 1000,
    });
    this.worker.on('failed', (job, err) => {
      if (err instanceof DelayedError) return;
      this.logger.warn({ deliveryId: job?.data?.deliveryId, error: err.message }, 'delivery job failed; it is tried again');
    });
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.sweepIntervalSeconds * 1000);
    void this.sweep();
    void this.checkSecrets();
    this.logger.info({ concurrency: this.config.deliverConcurrency }, 'webhook delivery started');
  }

  /** Says at start when some subscriptions' secrets are sealed with a key WEBHOOK_SECRET_KEYS lacks. */
  private async checkSecrets(): Promise<void> {
    try {
      const unreadable = await this.registry.unreadableSecrets();
      if (unreadable > 0)
        this.logger.error(
          { subscriptions: unreadable },
          'signing secrets sealed with a key WEBHOOK_SECRET_KEYS does not hold: their deliveries fail until the key is added back',
        );
    } catch (err) {
      this.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'could not check the signing secrets');
    }
  }

  async handle(job: Job<WebhookDeliverJobData>, token?: string): Promise<DeliverStep> {
    const parsed = WebhookDeliverJobData.safeParse(job.data);
    if (!parsed.success) {
      this.logger.error({ jobId: job.id }, 'webhook job without a valid deliveryId; dropped');
      return { kind: 'done', outcome: 'missing' };
    }
    const step = await this.deliverer.deliver(parsed.data.deliveryId);
    if (step.kind === 'later') {
      await job.moveToDelayed(Math.max(step.at, Date.now()), token);
      throw new DelayedError();
    }
    return step;
  }

  /** Queues owed deliveries whose job Redis no longer has. */
  async sweep(): Promise<number> {
    if (!this.outbox) return 0;
    try {
      const queued = await this.outbox.sweep();
      if (queued) this.logger.info({ queued }, 'sweep queued owed deliveries again');
      return queued;
    } catch (err) {
      this.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'delivery sweep failed; will try again');
      return 0;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.worker?.close();
    await this.queue?.close();
    await this.sender.close();
    this.logger.info('webhook delivery stopped');
  }
}
