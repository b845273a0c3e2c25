import { ConnectionOptions, JobsOptions, Processor, Queue, QueueOptions, Worker, WorkerOptions } from 'bullmq';

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

/**
 * Connection options (not a shared client), so each queue and worker owns its connection and
 * closes it. Commands wait for Redis instead of failing while it restarts.
 */
export function queueConnection(redisUrl: string): ConnectionOptions {
  const u = new URL(redisUrl);
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
    retryStrategy: (n: number) => Math.min(n * 200, 5000),
  };
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

export function createWorker<T>(
  name: QueueName,
  settings: QueueSettings,
  processor: Processor<T>,
  options: Partial<WorkerOptions> = {},
): Worker<T> {
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
const reportJobOptions = (job: ReportProcessJob): JobsOptions => ({ jobId: job.reportId });

export function enqueueReportProcess(queue: Queue<ReportProcessJob>, job: ReportProcessJob): Promise<unknown> {
  return queue.add('process', job, reportJobOptions(job));
}

/** Bulk form of enqueueReportProcess, for a poll that found many new reports: one round trip. */
export function enqueueReportProcesses(queue: Queue<ReportProcessJob>, jobs: ReportProcessJob[]): Promise<unknown> {
  if (jobs.length === 0) return Promise.resolve([]);
  return queue.addBulk(jobs.map((job) => ({ name: 'process', data: job, opts: reportJobOptions(job) })));
}
