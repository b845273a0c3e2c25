/** A row of the `feeds` table, as pg returns it. */
export interface FeedRow {
  id: string;
  url: string;
  title: string | null;
  poll_interval_seconds: number;
  paused: boolean;
  paused_reason: string | null;
  removed_at: Date | null;
  version: number;
  final_url: string | null;
  feed_title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_polled_at: Date | null;
  last_success_at: Date | null;
  next_poll_at: Date | null;
  last_http_status: number | null;
  last_error: string | null;
  consecutive_failures: number;
  failing_since: Date | null;
  reports_seen: number;
  /** Polls by outcome (bigint, as pg returns it). */
  polls_fetched: string;
  polls_not_modified: string;
  polls_failed: string;
  /** A server's `Retry-After`: no scheduled poll before it. */
  retry_not_before: Date | null;
  created_at: Date;
  updated_at: Date;
}

export type FeedState = 'pending' | 'ok' | 'failing' | 'paused';

/** What the API shows of a feed: its registration and its polling status. */
export interface FeedView {
  id: string;
  url: string;
  /** The title given at registration, else the one the feed announces. */
  title: string | null;
  pollIntervalSeconds: number;
  paused: boolean;
  pausedReason: string | null;
  state: FeedState;
  finalUrl: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  nextPollAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  reportsSeen: number;
  /** Polls so far by outcome: a feed fetched, answered 304 Not Modified, or failed. */
  polls: { fetched: number; notModified: number; failed: number };
  /** When the server answered with `Retry-After`: scheduled polls wait until then. */
  retryNotBefore: string | null;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function feedState(row: Pick<FeedRow, 'paused' | 'last_polled_at' | 'consecutive_failures'>): FeedState {
  if (row.paused) return 'paused';
  if (!row.last_polled_at) return 'pending';
  return row.consecutive_failures > 0 ? 'failing' : 'ok';
}

export function toFeedView(row: FeedRow): FeedView {
  return {
    id: row.id,
    url: row.url,
    title: row.title ?? row.feed_title,
    pollIntervalSeconds: row.poll_interval_seconds,
    paused: row.paused,
    pausedReason: row.paused_reason,
    state: feedState(row),
    finalUrl: row.final_url,
    lastPolledAt: iso(row.last_polled_at),
    lastSuccessAt: iso(row.last_success_at),
    nextPollAt: iso(row.next_poll_at),
    lastHttpStatus: row.last_http_status,
    lastError: row.last_error,
    consecutiveFailures: row.consecutive_failures,
    failingSince: iso(row.failing_since),
    reportsSeen: Number(row.reports_seen),
    polls: { fetched: Number(row.polls_fetched), notModified: Number(row.polls_not_modified), failed: Number(row.polls_failed) },
    retryNotBefore: iso(row.retry_not_before),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export const feedStream = (feedId: string): string => `feed-${feedId}`;
export const reportStreamId = (reportId: string): string => `report-${reportId}`;
