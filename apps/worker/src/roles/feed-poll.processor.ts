import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { Pool } from 'pg';
import { EVENT_STORE, LOGGER, Logger, PG_POOL } from '@app/common';
import { createPool } from '@app/database';
import { APP_CONFIG, AppConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { FeedAlreadyRegisteredError, FeedError, FeedPoller, FeedRegistry, FeedSchedule, PollOutcome, readFeedsFile } from '@app/feeds';
import { AddressPolicy, createAddressPolicy } from '@app/ingestion';
import { FeedPollJobData, QUEUE_NAMES, ReportProcessJob, createQueue, createWorker } from '@app/queues';

/**
 * Role `poll`: one BullMQ worker on `feed-poll`. At start it registers the feeds of FEEDS_FILE (if
 * set) and reconciles the job schedulers with the feeds table; it reconciles again every
 * FEED_RECONCILE_SECONDS, so schedules lost with Redis come back without a restart.
 */
@Injectable()
export class FeedPollService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private worker: Worker<FeedPollJobData> | null = null;
  private pollQueue: Queue<FeedPollJobData> | null = null;
  private reportQueue: Queue<ReportProcessJob> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private statePool: Pool | null = null;
  private schedule: FeedSchedule | null = null;
  private poller: FeedPoller | null = null;
  private readonly registry: FeedRegistry;
  private readonly policy: AddressPolicy;
  /** Settles once the feeds file is read and the first reconcile is done (or failed and logged). */
  ready: Promise<void> = Promise.resolve();
  polls = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.policy = createAddressPolicy({ allowPrivate: config.allowPrivateNetwork.all, allowCidrs: config.allowPrivateNetwork.cidrs });
    this.registry = new FeedRegistry(pool, store, {
      policy: this.policy,
      minPollIntervalSeconds: config.minPollIntervalSeconds,
      defaultPollIntervalSeconds: config.defaultPollIntervalSeconds,
    });
  }

  onApplicationBootstrap(): void {
    this.pollQueue = createQueue<FeedPollJobData>(QUEUE_NAMES.feedPoll, this.config);
    this.reportQueue = createQueue<ReportProcessJob>(QUEUE_NAMES.reportProcess, this.config);
    const schedule = new FeedSchedule(this.pollQueue);
    this.schedule = schedule;
    this.statePool = createPool(this.config.databaseUrl, 10, 'conflict-monitor-poll-state', { options: '-c synchronous_commit=off' });
    this.poller = new FeedPoller(this.pool, this.store, this.reportQueue, this.registry, {
      statePool: this.statePool,
      policy: this.policy,
      timeoutMs: this.config.feedTimeoutMs,
      connectTimeoutMs: this.config.feedConnectTimeoutMs,
      maxBodyBytes: this.config.feedBodyLimitBytes,
      pauseAfterHours: this.config.feedFailurePauseHours,
      onPaused: (feedId) => schedule.unschedule(feedId),
      log: (level, msg, fields) => this.logger[level](fields, msg),
    });
    this.worker = createWorker<FeedPollJobData>(QUEUE_NAMES.feedPoll, this.config, (job) => this.handle(job), {
      concurrency: this.config.feedPollConcurrency,
      // A poll is bounded by the fetch timeout; keep the lock well past it.
      lockDuration: Math.max(30_000, this.config.feedTimeoutMs * 2),
    });
    this.worker.on('failed', (job, err) => this.logger.warn({ feedId: job?.data?.feedId, error: err.message }, 'feed poll job failed'));
    this.ready = this.start();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.feedReconcileSeconds * 1000);
    this.logger.info({ concurrency: this.config.feedPollConcurrency }, 'feed polling started');
  }

  async handle(job: Job<FeedPollJobData>): Promise<PollOutcome | { status: 'invalid' }> {
    const parsed = FeedPollJobData.safeParse(job.data);
    if (!parsed.success) {
      this.logger.error({ jobId: job.id, data: job.data }, 'feed-poll job without a valid feedId; dropped');
      return { status: 'invalid' };
    }
    const outcome = await this.poller!.poll(parsed.data.feedId, { force: parsed.data.force });
    this.polls++;
    if (outcome.status === 'skipped' && outcome.why === 'not_found') {
      // A scheduler left over from a feed this database does not know: drop it.
      await this.schedule?.unschedule(parsed.data.feedId);
    }
    this.logger.debug({ ...outcome }, 'feed polled');
    return outcome;
  }

  private async start(): Promise<void> {
    try {
      if (this.config.feedsFile) await this.registerFromFile(this.config.feedsFile);
    } catch (err) {
      this.logger.error({ error: (err as Error).message }, 'feeds file not registered');
    }
    await this.reconcile();
  }

  /** Registers every feed of the file not registered yet; a bad line is logged and skipped. */
  async registerFromFile(path: string): Promise<{ registered: number; existing: number; refused: number }> {
    const counts = { registered: 0, existing: 0, refused: 0 };
    let entries;
    try {
      entries = await readFeedsFile(path);
    } catch (err) {
      this.logger.error({ path, error: (err as Error).message }, 'feeds file not read');
      return counts;
    }
    for (const entry of entries) {
      try {
        const change = await this.registry.register(entry);
        counts.registered++;
        // Redis may be away: the reconcile that follows schedules it in any case.
        await this.schedule?.pollNow(change.feed.id).catch(() => undefined);
      } catch (err) {
        if (err instanceof FeedAlreadyRegisteredError) counts.existing++;
        else if (err instanceof FeedError) {
          counts.refused++;
          this.logger.warn({ path, url: entry.url, error: err.message }, 'feed in the feeds file refused');
        } else throw err;
      }
    }
    this.logger.info({ path, ...counts }, 'feeds file read');
    return counts;
  }

  async reconcile(): Promise<void> {
    if (!this.schedule) return;
    try {
      const result = await this.schedule.reconcile(this.pool);
      if (result.added || result.updated || result.removed) this.logger.info({ ...result }, 'feed schedules reconciled');
    } catch (err) {
      this.logger.warn({ error: (err as Error).message }, 'feed schedule reconcile failed; will try again');
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    await this.ready.catch(() => undefined);
    // close() waits for the polls in flight to finish, so none is cut halfway.
    await this.worker?.close();
    await this.pollQueue?.close();
    await this.reportQueue?.close();
    await this.statePool?.end().catch(() => undefined);
    this.logger.info('feed polling stopped');
  }
}
