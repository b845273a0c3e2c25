import { Client } from 'pg';
import { advisoryLockHeld } from './advisory-locks';
import { CheckpointStore } from './checkpoint-store';
import { PostgresEventStore } from './postgres-event-store';
import { EventSubscription } from './subscription';
import { Checkpoint, START, StoredEvent } from './types';
import { WakeSource } from './wake';

export type LeaderState = 'standby' | 'active' | 'stopped';

export interface LeaderConsumerOptions {
  /** Names the advisory lock: one active instance per name across every process. */
  lockName: string;
  /** The checkpoint's name in es_checkpoints. */
  consumer: string;
  /** A connection string for the lock connection (held for as long as this instance leads). */
  databaseUrl: string;
  /**
   * Applies a batch and moves the checkpoint from `current` to `next`, in one transaction; resolves
   * false when the checkpoint was not where this instance left it (another one moved it).
   */
  handle: (events: StoredEvent[], current: Checkpoint, next: Checkpoint) => Promise<boolean>;
  batchSize?: number;
  pollMs?: number;
  wake?: WakeSource;
  /** How often a standby instance tries to take over (ms). */
  standbyRetryMs?: number;
  /** Called each time this instance becomes the active one. */
  onActive?: () => void;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

class LostLeaseError extends Error {
  constructor(consumer: string) {
    super(`${consumer}: its checkpoint moved under it (another instance or a rebuild); standing by`);
  }
}

/**
 * A consumer of the log of which exactly one instance is active across processes: the one holding
 * a PostgreSQL advisory lock on its own connection. The others stand by and take over when that
 * connection goes away; an instance whose checkpoint moved under it stands by too.
 */
export class LeaderConsumer {
  private current: LeaderState = 'standby';
  private stopped = false;
  private lockClient: Client | null = null;
  private subscription: EventSubscription | null = null;
  private loop: Promise<void> | null = null;
  private wakeStandby: (() => void) | null = null;
  private readonly checkpoints: CheckpointStore;
  lastError: string | null = null;

  constructor(
    private readonly store: PostgresEventStore,
    private readonly options: LeaderConsumerOptions,
  ) {
    this.checkpoints = new CheckpointStore(store.pool);
  }

  get state(): LeaderState {
    return this.current;
  }

  get checkpoint(): Checkpoint | null {
    return this.subscription?.checkpoint ?? null;
  }

  start(): void {
    if (!this.loop) this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStandby?.();
    await this.subscription?.stop();
    await this.loop;
    this.current = 'stopped';
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    this.options.log?.(level, msg, fields);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (await this.acquire()) {
          // Told to stop while the lock was being taken: give it back (below) without starting.
          if (this.stopped) continue;
          this.current = 'active';
          this.options.onActive?.();
          this.log('info', 'active');
          await this.follow();
        }
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        if (!this.stopped) this.log('warn', 'interrupted', { error: this.lastError });
      } finally {
        await this.release();
        if (!this.stopped) this.current = 'standby';
      }
      if (!this.stopped) await this.pause(this.options.standbyRetryMs ?? 1000);
    }
  }

  private async acquire(): Promise<boolean> {
    // While another instance leads, ask on a pooled connection instead of opening (and forking a
    // backend for) a lock connection on every retry.
    const { rows: held } = await this.store.pool.query<{ held: boolean }>({
      name: 'leader-lock-held',
      text: `SELECT ${advisoryLockHeld('$1')} AS held`,
      values: [this.options.lockName],
    });
    if (held[0].held) return false;
    const client = new Client({
      connectionString: this.options.databaseUrl,
      application_name: `lock:${this.options.lockName}`.slice(0, 63),
    });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS ok`, [
      this.options.lockName,
    ]);
    if (!rows[0].ok) {
      await client.end().catch(() => undefined);
      return false;
    }
    this.lockClient = client;
    return true;
  }

  private async release(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = null;
    if (client) await client.end().catch(() => undefined);
  }

  private follow(): Promise<void> {
    const { consumer } = this.options;
    return new Promise<void>((resolve, reject) => {
      let current: Checkpoint = START;
      const lock = this.lockClient!;
      const sub = new EventSubscription(this.store, {
        from: async () => (current = await this.checkpoints.load(consumer)),
        batchSize: this.options.batchSize ?? 500,
        pollMs: this.options.pollMs ?? 500,
        wake: this.options.wake,
        handle: async (events, next) => {
          if (!(await this.options.handle(events, current, next))) throw new LostLeaseError(consumer);
          current = next;
          this.lastError = null;
        },
        onError: (err) => {
          this.lastError = err instanceof Error ? err.message : String(err);
          if (err instanceof LostLeaseError) {
            void sub.stop();
            return;
          }
          this.log('error', 'batch failed; retrying', { error: this.lastError });
        },
      });
      this.subscription = sub;
      // The lock lives with its connection: if that connection dies, so does the lease.
      const lost = () => {
        if (this.stopped) return;
        this.log('warn', 'lock connection lost; standing by');
        void sub.stop();
      };
      lock.once('error', lost);
      lock.once('end', lost);
      sub.start().then(resolve, reject);
    });
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wakeStandby = null;
        resolve();
      }, ms);
      this.wakeStandby = () => {
        clearTimeout(t);
        this.wakeStandby = null;
        resolve();
      };
    });
  }
}
