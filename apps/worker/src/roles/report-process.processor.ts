import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { EVENT_STORE, LOGGER, Logger, PG_POOL } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { EXTRACTOR_VERSION, extract, warmGazetteer } from '@app/extraction';
import { ProcessOutcome, ReportProcessor, unprocessedReports } from '@app/processing';
import { QUEUE_NAMES, ReportProcessJob, createQueue, createWorker, enqueueReportProcess } from '@app/queues';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Role `process`: takes report jobs, extracts their events and folds them into incidents. A sweep
 * queues again every report that PostgreSQL says is owed but Redis has lost.
 */
@Injectable()
export class ReportProcessService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<ReportProcessJob> | null = null;
  private queue: Queue<ReportProcessJob> | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private readonly processor: ReportProcessor;
  processed = 0;
  failed = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.processor = new ReportProcessor(pool, store, { version: EXTRACTOR_VERSION, extract });
  }

  onApplicationBootstrap(): void {
    // The gazetteer is built before the first job, not during it.
    warmGazetteer();
    this.queue = createQueue<ReportProcessJob>(QUEUE_NAMES.reportProcess, this.config);
    this.worker = createWorker<ReportProcessJob>(QUEUE_NAMES.reportProcess, this.config, (job) => this.handle(job), {
      concurrency: this.config.processConcurrency,
    });
    this.worker.on('failed', (job, err) => {
      this.failed++;
      this.logger.warn(
        { reportId: job?.data?.reportId, correlationId: job?.data?.correlationId, attempt: job?.attemptsMade, error: err.message },
        'report processing failed',
      );
    });
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.sweepIntervalSeconds * 1000);
    void this.sweep();
    this.logger.info({ concurrency: this.config.processConcurrency, extractorVersion: EXTRACTOR_VERSION }, 'report processing started');
  }

  async handle(job: Job<ReportProcessJob>): Promise<ProcessOutcome> {
    const reportId = job.data?.reportId;
    if (typeof reportId !== 'string' || !UUID.test(reportId)) {
      // Nothing to retry: the job itself is malformed.
      this.logger.error({ jobId: job.id }, 'report job without a valid reportId; dropped');
      return { status: 'missing' };
    }
    const outcome = await this.processor.process(reportId);
    this.processed++;
    this.logger.info({ reportId, correlationId: job.data.correlationId ?? reportId, ...outcome }, 'report processed');
    return outcome;
  }

  /** Queues reports received but not processed, unless their job is still in Redis; retries failed ones. */
  async sweep(): Promise<number> {
    if (!this.queue) return 0;
    try {
      const owed = await unprocessedReports(this.pool);
      let queued = 0;
      for (const reportId of owed) {
        const job = await this.queue.getJob(reportId);
        if (!job) {
          await enqueueReportProcess(this.queue, { reportId });
          queued++;
        } else if (await job.isFailed()) {
          await job.retry();
          queued++;
        }
      }
      if (queued) this.logger.info({ queued }, 'sweep queued owed reports again');
      return queued;
    } catch (err) {
      this.logger.warn({ error: err instanceof Error ? err.message : String(err) }, 'report sweep failed; will try again');
      return 0;
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.worker?.close();
    await this.queue?.close();
    this.logger.info('report processing stopped');
  }
}
