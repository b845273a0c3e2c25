import { PostgresEventStore } from './postgres-event-store';
import { Checkpoint, StoredEvent } from './types';
import { WakeSource } from './wake';

export interface SubscriptionOptions {
  /** Where to start; a function is asked each time the subscription (re)starts. */
  from: Checkpoint | (() => Promise<Checkpoint>);
  /** Handles a batch; the subscription moves on only after it resolves. Store your checkpoint here. */
  handle: (events: StoredEvent[], checkpoint: Checkpoint) => Promise<void>;
  batchSize?: number;
  /** Fallback polling interval when no wake-up arrives (ms). */
  pollMs?: number;
  wake?: WakeSource;
  /** Called when a read or the handler fails; the subscription waits and retries. */
  onError?: (err: unknown) => void;
  /** Wait before retrying after an error (ms). */
  retryMs?: number;
  /**
   * While following the log live, the least time between two reads (ms). Wake-ups that arrive
   * sooner are gathered into the next read, so a stream of commits costs one read and one batch
   * per interval instead of one per commit. Catching up (a full batch) is never held back.
   */
  minIntervalMs?: number;
}

/** Default least time between two live reads (ms). */
export const DEFAULT_MIN_INTERVAL_MS = 50;

/**
 * Catches up from a checkpoint, then follows the log live: woken by the wake source after a
 * commit, or by polling. Every event is handed over once, in commit-consistent order.
 */
export class EventSubscription {
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private running: Promise<void> | null = null;
  private position: Checkpoint | null = null;
  /** While pacing, a wake-up only marks that there is more to read; it does not cut the wait short. */
  private pacing = false;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: SubscriptionOptions,
  ) {}

  get checkpoint(): Checkpoint | null {
    return this.position;
  }

  start(): Promise<void> {
    if (!this.running) this.running = this.run();
    return this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    const batchSize = this.options.batchSize ?? 500;
    const pollMs = this.options.pollMs ?? 500;
    const minIntervalMs = this.options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    const unsubscribe = this.options.wake?.onWake(() => {
      this.woken = true;
      if (!this.pacing) this.wakeUp?.();
    });
    try {
      let from = typeof this.options.from === 'function' ? await this.options.from() : this.options.from;
      this.position = from;
      // After a wake-up an event may still sit behind an older open transaction: look again soon.
      let settle = 0;
      let lastRead = 0;
      let full = false;
      while (!this.stopped) {
        if (!full && minIntervalMs > 0) {
          const wait = lastRead + minIntervalMs - Date.now();
          if (wait > 0) await this.pace(wait);
          if (this.stopped) break;
        }
        let batch;
        try {
          this.woken = false;
          lastRead = Date.now();
          batch = await this.store.readAll(from, { batchSize });
          if (batch.events.length > 0) {
            await this.options.handle(batch.events, batch.checkpoint);
            from = batch.checkpoint;
            this.position = from;
          }
        } catch (err) {
          this.options.onError?.(err);
          await this.sleep(this.options.retryMs ?? 1000);
          continue;
        }
        full = batch.events.length === batchSize;
        if (full) continue;
        if (batch.events.length > 0) settle = 0;
        if (this.woken) continue;
        if (settle < 6 && this.options.wake) {
          await this.sleep(2 << settle++);
        } else {
          settle = 6;
          await this.sleep(pollMs);
          if (this.woken) settle = 0;
        }
      }
    } finally {
      unsubscribe?.();
    }
  }

  /** Waits out the least interval between reads; only stop() ends it early. */
  private async pace(ms: number): Promise<void> {
    this.pacing = true;
    try {
      await this.sleep(ms);
    } finally {
      this.pacing = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(t);
        this.wakeUp = null;
        resolve();
      };
      const t = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }
}
