/** What the deliverer does after a failed attempt. */
export type RetryDecision = { retry: true; delayMs: number } | { retry: false };

export interface RetryInput {
  /** Attempts made so far, the failed one included (1 after the first). */
  attempts: number;
  /** Delay before each attempt; schedule[0] is the first attempt's (usually 0). */
  scheduleMs: readonly number[];
  /** Seconds the receiver asked us to wait (Retry-After), if it did. */
  retryAfterSeconds?: number;
  retryAfterMaxSeconds: number;
  /** A number in [0, 1): tests pass a fixed one. */
  random?: number;
}

/** Spread of a scheduled delay: ±10 %, so failures that happened together do not retry together. */
export const JITTER = 0.1;

/**
 * The next attempt follows the schedule, with jitter. A Retry-After is the least the receiver wants
 * us to wait: cut to [1 s, max], it can put the next attempt later than the schedule, never
 * earlier. When the schedule is spent the delivery has failed, whatever the receiver asked.
 */
export function nextRetry(input: RetryInput): RetryDecision {
  if (input.attempts >= input.scheduleMs.length) return { retry: false };
  const r = input.random ?? Math.random();
  const base = input.scheduleMs[input.attempts]!;
  const scheduled = Math.max(0, Math.round(base * (1 - JITTER + 2 * JITTER * r)));
  if (input.retryAfterSeconds === undefined) return { retry: true, delayMs: scheduled };
  const seconds = Math.min(Math.max(input.retryAfterSeconds, 1), input.retryAfterMaxSeconds);
  return { retry: true, delayMs: Math.max(scheduled, seconds * 1000) };
}
