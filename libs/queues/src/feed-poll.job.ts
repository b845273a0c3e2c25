import { z } from 'zod';

/** Payload of a `feed-poll` job: which feed, and whether to poll even while the feed backs off. */
export const FeedPollJobData = z.object({
  feedId: z.string().uuid(),
  /** A poll asked for by a user or a registration: ignores the failure backoff (not a pause). */
  force: z.boolean().optional(),
});
export type FeedPollJobData = z.infer<typeof FeedPollJobData>;

export const FEED_POLL_JOB_NAME = 'poll';

/** The one place feed-poll job ids are made. */
export const feedPollJobIds = {
  /** The repeatable schedule of a feed. */
  scheduler: (feedId: string): string => feedId,
  /** A one-off "poll now"; while one is waiting, asking again adds nothing. */
  pollNow: (feedId: string): string => `poll-now-${feedId}`,
};
