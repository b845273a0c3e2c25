import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { inTransaction } from '@app/database';
import { NewEvent, PostgresEventStore } from '@app/event-store';
import { AddressPolicy } from '@app/ingestion';
import { FeedAlreadyRegisteredError, FeedNotFoundError, FeedSettingInvalidError } from './feed-errors';
import { FeedRow, FeedView, feedStream, toFeedView } from './feed-row';
import { vetFeedUrl } from './feed-url';

export interface FeedRegistryOptions {
  policy: AddressPolicy;
  minPollIntervalSeconds: number;
  defaultPollIntervalSeconds: number;
}

export interface RegisterFeedInput {
  url: string;
  title?: string;
  pollIntervalSeconds?: number;
}

export interface UpdateFeedInput {
  title?: string;
  pollIntervalSeconds?: number;
  paused?: boolean;
}

/** What the caller must do in Redis once the change is committed. */
export type ScheduleChange = 'schedule' | 'unschedule' | 'none';

export interface FeedChange {
  feed: FeedView;
  schedule: ScheduleChange;
  /** Poll at once (a new or resumed feed). */
  pollNow: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_INTERVAL_SECONDS = 7 * 86400;

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * Registering, changing and removing feeds: each change is an event on `feed-<id>`, appended with
 * the stream version the row holds (so concurrent changes conflict instead of interleaving), and
 * the `feeds` row follows in the same transaction. Redis is not touched here: callers schedule
 * after the commit, and the poll role's reconcile repairs anything a crash in between left out.
 */
export class FeedRegistry {
  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly options: FeedRegistryOptions,
  ) {}

  async register(input: RegisterFeedInput): Promise<FeedChange> {
    const url = await vetFeedUrl(input.url, this.options.policy);
    const interval = this.interval(input.pollIntervalSeconds ?? this.options.defaultPollIntervalSeconds);
    const title = input.title?.trim() || undefined;
    try {
      const { row, events } = await inTransaction(this.pool, async (client) => {
        // A URL registered once and removed comes back under its old id, so its items keep their report ids.
        const { rows: removed } = await client.query<FeedRow>(
          `SELECT * FROM feeds WHERE url = $1 AND removed_at IS NOT NULL ORDER BY removed_at DESC LIMIT 1 FOR UPDATE`,
          [url],
        );
        const id = removed[0]?.id ?? randomUUID();
        const event: NewEvent = {
          type: 'FeedRegistered',
          data: { feedId: id, url, pollIntervalSeconds: interval, ...(title ? { title } : {}) },
          metadata: { feedId: id, correlationId: id },
        };
        const appended = await this.store.appendWith(client, {
          streamId: feedStream(id),
          events: [event],
          expectedVersion: removed[0] ? removed[0].version : 'no_stream',
        });
        const { rows } = removed[0]
          ? await client.query<FeedRow>(
              `UPDATE feeds SET removed_at = NULL, title = $2, poll_interval_seconds = $3, paused = false, paused_reason = NULL,
                 version = $4, consecutive_failures = 0, failing_since = NULL, next_poll_at = NULL, retry_not_before = NULL,
                 last_error = NULL, updated_at = now()
               WHERE id = $1 RETURNING *`,
              [id, title ?? null, interval, appended.nextExpectedVersion],
            )
          : await client.query<FeedRow>(
              `INSERT INTO feeds (id, url, title, poll_interval_seconds, version) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
              [id, url, title ?? null, interval, appended.nextExpectedVersion],
            );
        return { row: rows[0]!, events: [appended] };
      });
      this.store.notifyCommitted(events);
      return { feed: toFeedView(row), schedule: 'schedule', pollNow: true };
    } catch (err) {
      const e = err as PgError;
      if (e.code === '23505' && e.constraint === 'feeds_url_active') {
        const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM feeds WHERE url = $1 AND removed_at IS NULL`, [url]);
        if (rows[0]) throw new FeedAlreadyRegisteredError(url, rows[0].id);
      }
      throw err;
    }
  }

  async get(id: string): Promise<FeedView> {
    return toFeedView(await this.row(id));
  }

  /** The active feed's row; throws FeedNotFoundError for unknown, malformed or removed ids. */
  async row(id: string): Promise<FeedRow> {
    if (!UUID.test(id)) throw new FeedNotFoundError(id);
    const { rows } = await this.pool.query<FeedRow>(`SELECT * FROM feeds WHERE id = $1 AND removed_at IS NULL`, [id]);
    if (!rows[0]) throw new FeedNotFoundError(id);
    return rows[0];
  }

  async list(limit: number, offset: number): Promise<{ items: FeedView[]; total: number }> {
    const [{ rows }, count] = await Promise.all([
      this.pool.query<FeedRow>(`SELECT * FROM feeds WHERE removed_at IS NULL ORDER BY created_at, id LIMIT $1 OFFSET $2`, [limit, offset]),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM feeds WHERE removed_at IS NULL`),
    ]);
    return { items: rows.map(toFeedView), total: count.rows[0]!.n };
  }

  async update(id: string, input: UpdateFeedInput): Promise<FeedChange> {
    const interval = input.pollIntervalSeconds === undefined ? undefined : this.interval(input.pollIntervalSeconds);
    const title = input.title?.trim();
    if (title === '') throw new FeedSettingInvalidError('title', 'title must not be empty');
    return this.change(id, (row) => {
      const events: NewEvent[] = [];
      const sets: string[] = [];
      const values: unknown[] = [];
      const set = (column: string, value: unknown) => {
        values.push(value);
        sets.push(`${column} = $${values.length + 1}`);
      };
      const changed: { title?: string; pollIntervalSeconds?: number } = {};
      if (title !== undefined && title !== row.title) {
        changed.title = title;
        set('title', title);
      }
      if (interval !== undefined && interval !== row.poll_interval_seconds) {
        changed.pollIntervalSeconds = interval;
        set('poll_interval_seconds', interval);
      }
      if (Object.keys(changed).length > 0) {
        events.push({ type: 'FeedUpdated', data: { feedId: id, ...changed } });
      }
      let schedule: ScheduleChange = changed.pollIntervalSeconds !== undefined && !row.paused ? 'schedule' : 'none';
      let pollNow = false;
      if (input.paused === true && !row.paused) {
        const reason = 'paused through the API';
        events.push({ type: 'FeedPaused', data: { feedId: id, reason } });
        set('paused', true);
        set('paused_reason', reason);
        schedule = 'unschedule';
      } else if (input.paused === false && row.paused) {
        events.push({ type: 'FeedResumed', data: { feedId: id, reason: 'resumed through the API' } });
        set('paused', false);
        set('paused_reason', null);
        set('consecutive_failures', 0);
        set('failing_since', null);
        set('next_poll_at', null);
        set('retry_not_before', null);
        schedule = 'schedule';
        pollNow = true;
      }
      return { events, sets, values, schedule, pollNow };
    });
  }

  async remove(id: string): Promise<FeedChange> {
    return this.change(id, () => ({
      events: [{ type: 'FeedRemoved', data: { feedId: id, reason: 'removed through the API' } }],
      sets: ['removed_at = now()', 'poll_lease_until = NULL'],
      values: [],
      schedule: 'unschedule',
      pollNow: false,
    }));
  }

  /** Pauses a feed that has failed too long (FeedPaused with the reason); no-op if paused or removed already. */
  async pauseForFailures(id: string, reason: string): Promise<FeedChange | null> {
    try {
      return await this.change(id, (row) =>
        row.paused
          ? { events: [], sets: [], values: [], schedule: 'none', pollNow: false }
          : {
              events: [{ type: 'FeedPaused', data: { feedId: id, reason } }],
              sets: ['paused = true', 'paused_reason = $2'],
              values: [reason],
              schedule: 'unschedule',
              pollNow: false,
            },
      );
    } catch (err) {
      if (err instanceof FeedNotFoundError) return null;
      throw err;
    }
  }

  private interval(seconds: number): number {
    const min = this.options.minPollIntervalSeconds;
    if (!Number.isInteger(seconds) || seconds < min || seconds > MAX_INTERVAL_SECONDS) {
      throw new FeedSettingInvalidError(
        'pollIntervalSeconds',
        `pollIntervalSeconds must be a whole number between ${min} and ${MAX_INTERVAL_SECONDS}`,
      );
    }
    return seconds;
  }

  private async change(
    id: string,
    decide: (row: FeedRow) => { events: NewEvent[]; sets: string[]; values: unknown[]; schedule: ScheduleChange; pollNow: boolean },
  ): Promise<FeedChange> {
    if (!UUID.test(id)) throw new FeedNotFoundError(id);
    const { row, appended, schedule, pollNow } = await inTransaction(this.pool, async (client: PoolClient) => {
      const { rows } = await client.query<FeedRow>(`SELECT * FROM feeds WHERE id = $1 AND removed_at IS NULL FOR UPDATE`, [id]);
      const current = rows[0];
      if (!current) throw new FeedNotFoundError(id);
      const d = decide(current);
      if (d.events.length === 0 && d.sets.length === 0) return { row: current, appended: [], schedule: d.schedule, pollNow: d.pollNow };
      const sets = [...d.sets];
      const values = [...d.values];
      const results = [];
      if (d.events.length > 0) {
        const result = await this.store.appendWith(client, {
          streamId: feedStream(id),
          events: d.events.map((e) => ({ ...e, metadata: { feedId: id, correlationId: id, ...e.metadata } })),
          expectedVersion: current.version,
        });
        results.push(result);
        values.push(result.nextExpectedVersion);
        sets.push(`version = $${values.length + 1}`);
      }
      const { rows: updated } = await client.query<FeedRow>(
        `UPDATE feeds SET ${[...sets, 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
        [id, ...values],
      );
      return { row: updated[0]!, appended: results, schedule: d.schedule, pollNow: d.pollNow };
    });
    if (appended.length) this.store.notifyCommitted(appended);
    return { feed: toFeedView(row), schedule, pollNow };
  }
}
