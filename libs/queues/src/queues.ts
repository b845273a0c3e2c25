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

/** How many recent job durations are kept per queue for `/metrics`. */
export const JOB_DURATIONS_KEPT = 200;

/** The Redis list of a queue's most recent job durations (milliseconds, newest first), shared by all workers. */
export const jobDurationsKey = (settings: Pick<QueueSettings, 'redisPrefix'>, name: QueueName): string =>
  `${settings.redisPrefix}:cm:job-durations:${name}`;

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
  recordDurations(worker, jobDurationsKey(settings, name));
  return worker;
}

/**
 * Keeps the durations of the jobs a worker finishes (completed or failed) in a capped Redis list,
 * written at most once a second, so `/metrics` can show them whatever process ran the jobs and
 * whether or not the queue keeps finished jobs. Best effort: a write Redis refuses is dropped.
 */
function recordDurations<T>(worker: Worker<T>, key: string): void {
  let pending: number[] = [];
  const note = (job: { processedOn?: number; finishedOn?: number } | undefined) => {
    if (job?.processedOn && job.finishedOn) pending.push(job.finishedOn - job.processedOn);
  };
  const flush = async () => {
    if (!pending.length) return;
    const durations = pending.slice(-JOB_DURATIONS_KEPT);
    pending = [];
    const client = await worker.getBackend().client;
    await client
      .multi()
      .runCommand('lpush', [key, ...durations])
      .runCommand('ltrim', [key, 0, JOB_DURATIONS_KEPT - 1])
      .exec();
  };
  const timer = setInterval(() => void flush().catch(() => undefined), 1000);
  timer.unref();
  worker.on('completed', (job) => note(job));
  worker.on('failed', (job) => note(job));
  worker.on('closing', () => {
    clearInterval(timer);
    void flush().catch(() => undefined);
  });
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
