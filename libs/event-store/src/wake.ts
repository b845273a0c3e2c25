import Redis from 'ioredis';
import { AppendNotifier } from './postgres-event-store';

/** Something that tells live readers that new events may have been committed. */
export interface WakeSource {
  onWake(listener: () => void): () => void;
}

export function eventsChannel(prefix: string): string {
  return `${prefix}:events:appended`;
}

/**
 * Publishes "events appended" on Redis pub/sub after each commit. Publishes are coalesced per
 * tick, so a burst of appends costs one message. A Redis outage only delays readers until their
 * next poll; it never fails an append.
 */
export class RedisAppendNotifier implements AppendNotifier {
  private pending: number | null = null;

  constructor(
    private readonly redis: Redis,
    private readonly channel: string,
  ) {}

  notify(lastPosition: number): void {
    if (this.pending !== null) {
      this.pending = Math.max(this.pending, lastPosition);
      return;
    }
    this.pending = lastPosition;
    setImmediate(() => {
      const position = this.pending;
      this.pending = null;
      if (this.redis.status === 'ready') this.redis.publish(this.channel, String(position)).catch(() => undefined);
    });
  }
}

/** Wakes listeners on every message of the channel. Uses its own connection (subscriber mode). */
export class RedisWakeSource implements WakeSource {
  private readonly listeners = new Set<() => void>();
  private readonly sub: Redis;

  constructor(redisUrl: string, channel: string) {
    this.sub = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: null, enableOfflineQueue: true });
    this.sub.on('error', () => undefined);
    this.sub.subscribe(channel).catch(() => undefined);
    this.sub.on('message', () => {
      for (const l of this.listeners) l();
    });
  }

  onWake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.sub.disconnect();
  }
}

/** In-process wake-ups, for a store and its readers in one process. */
export class LocalWake implements WakeSource, AppendNotifier {
  private readonly listeners = new Set<() => void>();
  notify(): void {
    for (const l of this.listeners) l();
  }
  onWake(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
