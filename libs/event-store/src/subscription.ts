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
}

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
    const unsubscribe = this.options.wake?.onWake(() => {
      this.woken = true;
      this.wakeUp?.();
    });
    try {
      let from = typeof this.options.from === 'function' ? await this.options.from() : this.options.from;
      this.position = from;
      // After a wake-up an event may still sit behind an older open transaction: look again soon.
      let settle = 0;
      while (!this.stopped) {
        let batch;
        try {
          this.woken = false;
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
        if (batch.events.length === batchSize) continue;
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
