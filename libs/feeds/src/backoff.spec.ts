import { MAX_BACKOFF_SECONDS, failureDelaySeconds, scheduleOffsetMs, shouldPause } from './backoff';

describe('failureDelaySeconds', () => {
  const mid = () => 0.5; // no jitter

  it('waits one interval after the first failure, then doubles', () => {
    expect(failureDelaySeconds(300, 1, undefined, mid)).toBe(300);
    expect(failureDelaySeconds(300, 2, undefined, mid)).toBe(600);
    expect(failureDelaySeconds(300, 5, undefined, mid)).toBe(4800);
  });

  it('never waits more than 24 hours, however long the run of failures', () => {
    expect(failureDelaySeconds(300, 12, undefined, mid)).toBe(MAX_BACKOFF_SECONDS);
    expect(failureDelaySeconds(300, 1000, undefined, () => 0.999)).toBe(MAX_BACKOFF_SECONDS);
  });

  it('spreads retries by ±20 %', () => {
    expect(failureDelaySeconds(1000, 1, undefined, () => 0)).toBe(800);
    expect(failureDelaySeconds(1000, 1, undefined, () => 1)).toBe(1200);
  });

  it('honours a longer Retry-After, but not beyond 24 hours', () => {
    expect(failureDelaySeconds(30, 1, 120, mid)).toBe(120);
    expect(failureDelaySeconds(300, 1, 10, mid)).toBe(300);
    expect(failureDelaySeconds(30, 1, 10 * 86400, mid)).toBe(MAX_BACKOFF_SECONDS);
  });
});

describe('shouldPause', () => {
  const since = new Date('2024-05-01T00:00:00Z');
  it('pauses once the feed has failed for the whole period, not before', () => {
    expect(shouldPause(since, new Date('2024-05-03T23:59:59Z'), 72)).toBe(false);
    expect(shouldPause(since, new Date('2024-05-04T00:00:00Z'), 72)).toBe(true);
  });
});

describe('scheduleOffsetMs', () => {
  it('is stable for a feed and falls within the interval', () => {
    const a = scheduleOffsetMs('0b8a2f9e-1c1d-4a57-9d43-1f4ad1b0a001', 300_000);
    expect(scheduleOffsetMs('0b8a2f9e-1c1d-4a57-9d43-1f4ad1b0a001', 300_000)).toBe(a);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(300_000);
  });

  it('spreads feeds across the interval', () => {
    const offsets = Array.from({ length: 200 }, (_, i) => scheduleOffsetMs(`feed-${i}`, 60_000));
    const buckets = new Set(offsets.map((o) => Math.floor(o / 6000)));
    expect(buckets.size).toBe(10);
  });
});
