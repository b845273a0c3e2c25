import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { AlongsideStatement, EventIdConflictError, PostgresEventStore, WrongExpectedVersionError } from '@app/event-store';
import { AddressPolicy, FetchResult, ParsedFeed, decodeFeedBody, fetchFeed, parseFeed } from '@app/ingestion';
import { ReportProcessJob, enqueueReportProcesses } from '@app/queues';
import { failureDelaySeconds } from './backoff';
import { FeedRegistry } from './feed-registry';
import { FeedRow } from './feed-row';
import { ReportAppend, reportReceivedFor } from './report-event';

export interface FeedPollerOptions {
  policy: AddressPolicy;
  /**
   * Connections for operational polling state only (the lease, validators and counters of a poll
   * that found nothing new), which need not wait for the WAL flush: a crash can lose the last
   * moments of that state, never a report. Defaults to the main pool.
   */
  statePool?: Pool;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxBodyBytes: number;
  /** A feed failing without a success for this long is paused. */
  pauseAfterHours: number;
  userAgent?: string;
  /** How long an unanswered enqueue may hold a poll before the report is left to the process sweep. */
  enqueueTimeoutMs?: number;
  random?: () => number;
  /** Called after the poller paused a feed, to take it off the schedule. */
  onPaused?: (feedId: string) => Promise<void>;
  log?: (level: 'info' | 'warn' | 'debug', msg: string, fields: Record<string, unknown>) => void;
}

export type PollOutcome =
  | { status: 'skipped'; feedId: string; why: 'not_found' | 'paused_or_removed' | 'not_due' | 'in_progress' }
  | { status: 'not_modified'; feedId: string; httpStatus: 304 }
  | { status: 'ok'; feedId: string; httpStatus: number; items: number; recorded: number; alreadySeen: number }
  | {
      status: 'failed';
      feedId: string;
      httpStatus?: number;
      error: string;
      consecutiveFailures: number;
      nextPollInSeconds: number;
      paused: boolean;
    };

/** Another writer stored the stream or event first (translated by the store, or raw inside our own transaction). */
function isConflict(err: unknown): boolean {
  if (err instanceof WrongExpectedVersionError || err instanceof EventIdConflictError) return true;
  const code = (err as { code?: unknown }).code;
  return code === 'CM001' || code === 'CM002' || code === '23505';
}

/** What a poll reads of its feed's row. */
type PollRow = Pick<
  FeedRow,
  'id' | 'url' | 'final_url' | 'etag' | 'last_modified' | 'poll_interval_seconds' | 'consecutive_failures' | 'failing_since'
>;

/** Report jobs waiting to be queued together; `queued` settles with the error when Redis did not take them. */
type JobBatch = { jobs: ReportProcessJob[]; queued: Promise<Error | null> };

type Failure = { httpStatus?: number; error: string; retryAfterSeconds?: number };

/**
 * Polls one feed: conditional GET, parse, append each item not recorded yet as `ReportReceived`
 * on its own stream, queue it for processing, and keep the feed's polling state. Never throws for
 * anything a feed does; throws only when PostgreSQL itself fails (the job is then retried).
 *
 * Backoff: a failing feed's schedule keeps ticking at its interval, and a poll returns early
 * (`not_due`) until `next_poll_at`, less half an interval so that scheduler ticks landing just
 * before it are not skipped a whole round; but never before the time a server asked for with
 * `Retry-After`. A forced poll (API, registration) ignores both.
 * A lease on the row keeps two workers from polling the same feed at once.
 */
export class FeedPoller {
  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly reportQueue: Queue<ReportProcessJob>,
    private readonly registry: FeedRegistry,
    private readonly options: FeedPollerOptions,
  ) {
    this.state = options.statePool ?? pool;
  }

  private readonly state: Pool;

  async poll(feedId: string, opts: { force?: boolean } = {}): Promise<PollOutcome> {
    const row = await this.claim(feedId, opts.force ?? false);
    if (!row) return { status: 'skipped', feedId, why: await this.whySkipped(feedId) };
    let released = false;
    try {
      const fetched = await fetchFeed(row.url, {
        policy: this.options.policy,
        etag: row.etag ?? undefined,
        lastModified: row.last_modified ?? undefined,
        // Validators belong to the URL that gave them: the last fetch's final URL after redirects.
        validatorsUrl: row.final_url ?? row.url,
        userAgent: this.options.userAgent,
        timeoutMs: this.options.timeoutMs,
        connectTimeoutMs: this.options.connectTimeoutMs,
        maxBodyBytes: this.options.maxBodyBytes,
      });
      const outcome = await this.handle(row, fetched);
      released = true;
      return outcome;
    } finally {
      if (!released) await this.state.query(`UPDATE feeds SET poll_lease_until = NULL WHERE id = $1`, [feedId]).catch(() => undefined);
    }
  }

  private async handle(row: PollRow, fetched: FetchResult): Promise<PollOutcome> {
    switch (fetched.kind) {
      case 'not_modified':
        await this.state.query({
          name: 'feeds_poll_not_modified',
          text: `UPDATE feeds SET last_polled_at = now(), last_success_at = now(), last_http_status = 304, last_error = NULL,
                   consecutive_failures = 0, failing_since = NULL, next_poll_at = now() + make_interval(secs => poll_interval_seconds),
                   retry_not_before = NULL, polls_not_modified = polls_not_modified + 1,
                   etag = COALESCE($2, etag), last_modified = COALESCE($3, last_modified), poll_lease_until = NULL, updated_at = now()
                 WHERE id = $1`,
          values: [row.id, fetched.etag ?? null, fetched.lastModified ?? null],
        });
        return { status: 'not_modified', feedId: row.id, httpStatus: 304 };
      case 'http_error': {
        const wait = fetched.retryAfterSeconds !== undefined ? ` (the server asks to retry after ${fetched.retryAfterSeconds} s)` : '';
        return this.fail(row, {
          httpStatus: fetched.status,
          error: `${fetched.message}${wait}`,
          retryAfterSeconds: fetched.retryAfterSeconds,
        });
      }
      case 'failed':
        return this.fail(row, { error: fetched.reason });
      case 'ok': {
        let parsed: ParsedFeed;
        try {
          parsed = await parseFeed(decodeFeedBody(fetched.body, fetched.contentType), fetched.finalUrl);
        } catch (err) {
          const reason = (err as { reason?: unknown }).reason;
          return this.fail(row, { httpStatus: fetched.status, error: typeof reason === 'string' ? reason : (err as Error).message });
        }
        if (parsed.warnings?.length) this.log('warn', 'feed read with problems', { feedId: row.id, warnings: parsed.warnings });
        // The poll's state, with `recorded` the SQL for the number of reports it recorded.
        const finish = (recorded: string): AlongsideStatement => ({
          sql: `UPDATE feeds SET last_polled_at = now(), last_success_at = now(), last_http_status = $2, last_error = NULL,
                  consecutive_failures = 0, failing_since = NULL, next_poll_at = now() + make_interval(secs => poll_interval_seconds),
                  retry_not_before = NULL, polls_fetched = polls_fetched + 1, etag = $3, last_modified = $4, final_url = $5, feed_title = COALESCE($6, feed_title),
                  reports_seen = reports_seen + ${recorded}, poll_lease_until = NULL, updated_at = now()
                WHERE id = $1`,
          params: [row.id, fetched.status, fetched.etag ?? null, fetched.lastModified ?? null, fetched.finalUrl, parsed.title ?? null],
        });
        const { recorded, alreadySeen } = await this.record(row.id, parsed, finish);
        return { status: 'ok', feedId: row.id, httpStatus: fetched.status, items: parsed.items.length, recorded, alreadySeen };
      }
    }
  }

  /**
   * Appends the items whose report stream does not exist yet and records the poll's state, in one
   * statement (so one transaction); then queues the new reports for processing. Should another
   * writer have recorded one of them meanwhile, falls back to appending one by one (a conflict there
   * is "seen").
   */
  private async record(
    feedId: string,
    parsed: ParsedFeed,
    finish: (recorded: string) => AlongsideStatement,
  ): Promise<{ recorded: number; alreadySeen: number }> {
    const all = parsed.items.map((item) => reportReceivedFor(feedId, item));
    let created: string[];
    try {
      const results = await this.store.appendManyAlongside(
        all.map((a) => ({ streamId: a.streamId, events: [a.event], expectedVersion: 'no_stream' as const })),
        finish('(SELECT count(*) FROM appended WHERE created)'),
        { skipExistingStreams: true },
      );
      created = all.filter((_, i) => results[i]?.created).map((a) => a.reportId);
    } catch (err) {
      if (!isConflict(err)) throw err;
      created = await this.appendOneByOne(all);
      const { sql, params } = finish('$7');
      await this.pool.query(sql, [...params, created.length]);
    }
    // One line per new report: its id is the correlation id that follows it to processing and webhooks.
    for (const reportId of created) this.log('info', 'report recorded', { feedId, reportId, correlationId: reportId });
    if (created.length) await this.enqueue(feedId, created);
    return { recorded: created.length, alreadySeen: all.length - created.length };
  }

  private async appendOneByOne(fresh: ReportAppend[]): Promise<string[]> {
    const created: string[] = [];
    for (const a of fresh) {
      try {
        const result = await this.store.append(a.streamId, [a.event], { expectedVersion: 'no_stream' });
        if (result.created) created.push(a.reportId);
      } catch (err) {
        // Someone else recorded this report first: it is seen, not a failure.
        if (!isConflict(err)) throw err;
      }
    }
    return created;
  }

  /**
   * The report jobs of the polls that recorded reports in the same turn of the event loop, queued
   * together at the end of it: one call to Redis for them all instead of one per poll.
   */
  private batch: JobBatch | null = null;

  private async enqueue(feedId: string, reportIds: string[]): Promise<void> {
    if (!this.batch) {
      const batch: JobBatch = { jobs: [], queued: Promise.resolve(null) };
      batch.queued = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        this.batch = null;
        return this.queueJobs(batch.jobs);
      });
      this.batch = batch;
    }
    for (const reportId of reportIds) this.batch.jobs.push({ reportId, correlationId: reportId });
    const error = await this.batch.queued;
    if (error) {
      this.log('warn', 'could not queue new reports; the process sweep will', { feedId, reports: reportIds.length, error: error.message });
    }
  }

  /** Queues report jobs; the error when Redis did not take them in time. Never throws. */
  private async queueJobs(jobs: ReportProcessJob[]): Promise<Error | null> {
    const timeoutMs = this.options.enqueueTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    try {
      // The reports are safe in PostgreSQL; a job Redis does not take now is queued by the process sweep.
      await Promise.race([
        enqueueReportProcesses(this.reportQueue, jobs),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer from Redis within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
      return null;
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    } finally {
      clearTimeout(timer);
    }
  }

  private async fail(row: PollRow, failure: Failure): Promise<PollOutcome> {
    const failures = row.consecutive_failures + 1;
    const delay = failureDelaySeconds(row.poll_interval_seconds, failures, failure.retryAfterSeconds, this.options.random);
    const { rows } = await this.pool.query<{ overdue: boolean }>(
      `UPDATE feeds SET last_polled_at = now(), last_http_status = $2, last_error = $3, consecutive_failures = consecutive_failures + 1,
         failing_since = COALESCE(failing_since, now()), next_poll_at = now() + make_interval(secs => $4),
         retry_not_before = now() + make_interval(secs => $6), polls_failed = polls_failed + 1,
         poll_lease_until = NULL, updated_at = now()
       WHERE id = $1
       RETURNING failing_since <= now() - make_interval(hours => $5) AS overdue`,
      [row.id, failure.httpStatus ?? null, failure.error, delay, this.options.pauseAfterHours, failure.retryAfterSeconds ?? null],
    );
    let paused = false;
    if (rows[0]?.overdue) {
      const since = row.failing_since ? ` since ${row.failing_since.toISOString()}` : '';
      const reason = `failing${since} (${failures} polls in a row); last error: ${failure.error}`;
      paused = (await this.registry.pauseForFailures(row.id, reason))?.schedule === 'unschedule';
      if (paused) {
        this.log('warn', 'feed paused after failing too long', { feedId: row.id, reason });
        await this.options.onPaused?.(row.id).catch((err: unknown) =>
          this.log('warn', 'could not take the paused feed off the schedule; the next reconcile will', {
            feedId: row.id,
            error: String(err),
          }),
        );
      }
    }
    this.log('info', 'feed poll failed', {
      feedId: row.id,
      error: failure.error,
      httpStatus: failure.httpStatus,
      failures,
      nextPollInSeconds: delay,
    });
    return {
      status: 'failed',
      feedId: row.id,
      ...(failure.httpStatus !== undefined ? { httpStatus: failure.httpStatus } : {}),
      error: failure.error,
      consecutiveFailures: failures,
      nextPollInSeconds: delay,
      paused,
    };
  }

  /** Takes the feed for this poll if it is active, due (or forced) and not being polled elsewhere. */
  private async claim(feedId: string, force: boolean): Promise<PollRow | null> {
    const leaseSeconds = Math.ceil(this.options.timeoutMs / 1000) + 60;
    // The statements of every poll are prepared once per connection; their columns are named, so a
    // column added to the table later does not change what a prepared statement returns.
    const { rows } = await this.state.query<PollRow>({
      name: 'feeds_poll_claim',
      text: `UPDATE feeds SET poll_lease_until = now() + make_interval(secs => $2)
             WHERE id = $1 AND removed_at IS NULL AND NOT paused
               AND (poll_lease_until IS NULL OR poll_lease_until < now())
               AND ($3 OR ((next_poll_at IS NULL OR next_poll_at <= now() + make_interval(secs => poll_interval_seconds / 2.0))
                           AND (retry_not_before IS NULL OR retry_not_before <= now())))
             RETURNING id, url, final_url, etag, last_modified, poll_interval_seconds, consecutive_failures, failing_since`,
      values: [feedId, leaseSeconds, force],
    });
    return rows[0] ?? null;
  }

  private async whySkipped(feedId: string): Promise<'not_found' | 'paused_or_removed' | 'not_due' | 'in_progress'> {
    const { rows } = await this.pool.query<{ active: boolean; leased: boolean }>(
      `SELECT removed_at IS NULL AND NOT paused AS active, COALESCE(poll_lease_until >= now(), false) AS leased FROM feeds WHERE id = $1`,
      [feedId],
    );
    if (!rows[0]) return 'not_found';
    if (!rows[0].active) return 'paused_or_removed';
    return rows[0].leased ? 'in_progress' : 'not_due';
  }

  private log(level: 'info' | 'warn' | 'debug', msg: string, fields: Record<string, unknown>): void {
    this.options.log?.(level, msg, fields);
  }
}
