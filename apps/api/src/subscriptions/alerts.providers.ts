import { Inject, Injectable, OnModuleDestroy, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { EVENT_STORE, PG_POOL } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { createAddressPolicy } from '@app/ingestion';
import { DeliveryOutbox, SecretBox, SubscriptionRegistry, WebhookDeliverJobData, createWebhookQueue } from '@app/alerts';

export const WEBHOOK_QUEUE = Symbol('WEBHOOK_QUEUE');

export const webhookQueueProvider: Provider = {
  provide: WEBHOOK_QUEUE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => createWebhookQueue(config),
};

export const subscriptionRegistryProvider: Provider = {
  provide: SubscriptionRegistry,
  inject: [APP_CONFIG, PG_POOL, EVENT_STORE],
  useFactory: (config: AppConfig, pool: Pool, store: PostgresEventStore) =>
    new SubscriptionRegistry(pool, store, {
      policy: createAddressPolicy({ allowPrivate: config.allowPrivateNetwork.all, allowCidrs: config.allowPrivateNetwork.cidrs }),
      secretOverlapHours: config.webhookSecretOverlapHours,
      secrets: new SecretBox(config.webhookSecretKeys),
    }),
};

export const deliveryOutboxProvider: Provider = {
  provide: DeliveryOutbox,
  inject: [PG_POOL, WEBHOOK_QUEUE],
  useFactory: (pool: Pool, queue: Queue<WebhookDeliverJobData>) => new DeliveryOutbox(pool, queue),
};

@Injectable()
export class WebhookQueueCloser implements OnModuleDestroy {
  constructor(@Inject(WEBHOOK_QUEUE) private readonly queue: Queue) {}
  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
