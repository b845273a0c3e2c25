/** Longest wait between two polls of a failing feed. */
export const MAX_BACKOFF_SECONDS = 24 * 3600;

/**
 * Seconds until a failing feed is polled again: the interval doubled for each failure after the
 * first, up to 24 h, spread by ±20 % so feeds that failed together do not retry together. A
 * server's Retry-After wins when it asks for longer (capped at 24 h too).
 */
export function failureDelaySeconds(
  intervalSeconds: number,
  consecutiveFailures: number,
  retryAfterSeconds?: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.min(consecutiveFailures - 1, 30));
  const base = Math.min(MAX_BACKOFF_SECONDS, intervalSeconds * 2 ** exponent);
  const jittered = Math.min(MAX_BACKOFF_SECONDS, Math.round(base * (0.8 + 0.4 * random())));
  const asked = retryAfterSeconds === undefined ? 0 : Math.min(MAX_BACKOFF_SECONDS, retryAfterSeconds);
  return Math.max(1, jittered, asked);
}

/** True once a feed has failed without a success for the whole pause period. */
export function shouldPause(failingSince: Date, now: Date, pauseAfterHours: number): boolean {
  return now.getTime() - failingSince.getTime() >= pauseAfterHours * 3600_000;
}

/** A stable offset within the interval, so a feed's polls fall at the same place each round but feeds spread out. */
export function scheduleOffsetMs(feedId: string, everyMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < feedId.length; i++) {
    h ^= feedId.charCodeAt(i);
    h = Math.imul(h, 16777619) >>> 0;
  }
  return h % everyMs;
}
