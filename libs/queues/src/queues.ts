import { JobsOptions, Queue, QueueOptions, Worker, WorkerOptions, Processor } from 'bullmq';
import Redis from 'ioredis';

/** Queue names: kebab-case, one per kind of work. */
export const QUEUE_NAMES = {
  feedPoll: 'feed-poll',
  reportProcess: 'report-process',
  webhookDeliver: 'webhook-deliver',
} as const;
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** Job payloads, as read back from Redis (validated by the processors that take them). */
export interface ReportProcessJob {
  reportId: string;
  correlationId?: string;
}

export interface QueueSettings {
  redisUrl: string;
  redisPrefix: string;
}

/** A connection as BullMQ wants it: commands wait for Redis instead of failing while it restarts. */
export function queueConnection(redisUrl: string): Redis {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, retryStrategy: (n) => Math.min(n * 200, 5000) });
  redis.on('error', () => undefined);
  return redis;
}

const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
};

export function createQueue<T>(name: QueueName, settings: QueueSettings, options: Partial<QueueOptions> = {}): Queue<T> {
  const queue = new Queue<T>(name, {
    connection: queueConnection(settings.redisUrl),
    prefix: settings.redisPrefix,
    defaultJobOptions: DEFAULT_JOB_OPTIONS,
    ...options,
  });
  queue.on('error', () => undefined);
  return queue;
}

export function createWorker<T>(name: QueueName, settings: QueueSettings, processor: Processor<T>, options: Partial<WorkerOptions> = {}): Worker<T> {
  const worker = new Worker<T>(name, processor, {
    connection: queueConnection(settings.redisUrl),
    prefix: settings.redisPrefix,
    concurrency: 4,
    ...options,
  });
  worker.on('error', () => undefined);
  return worker;
}

/** The one place the report job's id is set: the report id, so a report is queued at most once at a time. */
export function enqueueReportProcess(queue: Queue<ReportProcessJob>, job: ReportProcessJob): Promise<unknown> {
  return queue.add('process', job, { jobId: job.reportId });
}
