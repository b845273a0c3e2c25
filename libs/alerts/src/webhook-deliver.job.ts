import { JobsOptions, Queue } from 'bullmq';
import { z } from 'zod';
import { QUEUE_NAMES, QueueSettings, createQueue } from '@app/queues';

/** Payload of a `webhook-deliver` job: the delivery row holds everything else. */
export const WebhookDeliverJobData = z.object({ deliveryId: z.string().uuid() });
export type WebhookDeliverJobData = z.infer<typeof WebhookDeliverJobData>;

export const WEBHOOK_DELIVER_JOB_NAME = 'deliver';

/**
 * Webhook retries follow the delivery's own schedule (the deliverer moves its job to delayed);
 * BullMQ's attempts only cover our own failures (PostgreSQL unreachable), after which the sweep
 * takes the delivery up again. Finished jobs are dropped: PostgreSQL records the outcome.
 */
const JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: true,
  removeOnFail: { age: 86_400 },
};

export function createWebhookQueue(settings: QueueSettings): Queue<WebhookDeliverJobData> {
  return createQueue<WebhookDeliverJobData>(QUEUE_NAMES.webhookDeliver, settings, { defaultJobOptions: JOB_OPTIONS });
}

export interface OwedDelivery {
  id: string;
  /** Not before this many ms from now. */
  delayMs?: number;
}

/** The one place delivery jobs are added: jobId = delivery id, so a delivery is queued at most once. */
export async function enqueueDeliveries(queue: Queue<WebhookDeliverJobData>, owed: OwedDelivery[]): Promise<void> {
  for (let i = 0; i < owed.length; i += 500) {
    await queue.addBulk(
      owed.slice(i, i + 500).map((d) => ({
        name: WEBHOOK_DELIVER_JOB_NAME,
        data: { deliveryId: d.id },
        opts: { jobId: d.id, ...(d.delayMs && d.delayMs > 0 ? { delay: Math.round(d.delayMs) } : {}) },
      })),
    );
  }
}
