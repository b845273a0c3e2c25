import { Client, Pool } from 'pg';
import { Checkpoint, CheckpointStore, EventSubscription, PostgresEventStore, START, WakeSource } from '@app/event-store';
import { AnyProjection, applyBatch } from './projection';

export type RunnerState = 'standby' | 'active' | 'stopped';

export interface RunnerStatus {
  name: string;
  state: RunnerState;
  checkpoint: Checkpoint | null;
  eventsApplied: number;
  lastError: string | null;
  lastAppliedAt: string | null;
}

export interface RunnerOptions {
  /** A connection string for the lock connection (held for as long as this instance leads). */
  databaseUrl: string;
  batchSize?: number;
  pollMs?: number;
  wake?: WakeSource;
  /** How often a standby instance tries to take over (ms). */
  standbyRetryMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

export const projectionConsumer = (name: string): string => `projection:${name}`;
const LOCK_SQL = `hashtextextended('projection-lock:' || $1, 0)`;

class LostLeaseError extends Error {
  constructor(name: string) {
    super(`projection ${name}: its checkpoint moved under it (another instance or a rebuild); standing by`);
  }
}

/**
 * Runs one projection. Across processes exactly one instance applies events at a time: the one
 * holding the projection's advisory lock on its own connection. The others stand by and take
 * over when that connection goes away. Rows and checkpoint are written in one transaction.
 */
export class ProjectionRunner {
  private state: RunnerState = 'standby';
  private stopped = false;
  private lockClient: Client | null = null;
  private subscription: EventSubscription | null = null;
  private loop: Promise<void> | null = null;
  private wakeStandby: (() => void) | null = null;
  private eventsApplied = 0;
  private lastError: string | null = null;
  private lastAppliedAt: string | null = null;
  private readonly checkpoints: CheckpointStore;

  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    readonly projection: AnyProjection,
    private readonly options: RunnerOptions,
  ) {
    this.checkpoints = new CheckpointStore(pool);
  }

  start(): void {
    if (!this.loop) this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeStandby?.();
    await this.subscription?.stop();
    await this.loop;
    this.state = 'stopped';
  }

  status(): RunnerStatus {
    return {
      name: this.projection.name,
      state: this.state,
      checkpoint: this.subscription?.checkpoint ?? null,
      eventsApplied: this.eventsApplied,
      lastError: this.lastError,
      lastAppliedAt: this.lastAppliedAt,
    };
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    this.options.log?.(level, msg, { projection: this.projection.name, ...fields });
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        if (await this.acquire()) {
          this.state = 'active';
          this.log('info', 'projection active');
          await this.follow();
        }
      } catch (err) {
        this.lastError = err instanceof Error ? err.message : String(err);
        if (!this.stopped) this.log('warn', 'projection runner interrupted', { error: this.lastError });
      } finally {
        await this.release();
        if (!this.stopped) this.state = 'standby';
      }
      if (!this.stopped) await this.pause(this.options.standbyRetryMs ?? 1000);
    }
  }

  private async acquire(): Promise<boolean> {
    const client = new Client({ connectionString: this.options.databaseUrl, application_name: `projection-lock:${this.projection.name}` });
    client.on('error', () => undefined);
    await client.connect();
    const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(${LOCK_SQL}) AS ok`, [this.projection.name]);
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
    const name = this.projection.name;
    const consumer = projectionConsumer(name);
    return new Promise<void>((resolve, reject) => {
      let current: Checkpoint = START;
      const lock = this.lockClient!;
      const sub = new EventSubscription(this.store, {
        from: async () => (current = await this.checkpoints.load(consumer)),
        batchSize: this.options.batchSize ?? 500,
        pollMs: this.options.pollMs ?? 500,
        wake: this.options.wake,
        handle: async (events, next) => {
          const client = await this.pool.connect();
          try {
            await client.query('BEGIN');
            const applied = await applyBatch(this.projection, client, events);
            if (!(await this.checkpoints.advance(consumer, current, next, client))) throw new LostLeaseError(name);
            await client.query('COMMIT');
            current = next;
            this.eventsApplied += applied;
            this.lastAppliedAt = new Date().toISOString();
            this.lastError = null;
          } catch (err) {
            await client.query('ROLLBACK').catch(() => undefined);
            throw err;
          } finally {
            client.release();
          }
        },
        onError: (err) => {
          this.lastError = err instanceof Error ? err.message : String(err);
          if (err instanceof LostLeaseError) {
            void sub.stop();
            return;
          }
          this.log('error', 'projection batch failed; retrying', { error: this.lastError });
        },
      });
      this.subscription = sub;
      // The lock lives with its connection: if that connection dies, so does the lease.
      const lost = () => {
        if (this.stopped) return;
        this.log('warn', 'projection lock connection lost; standing by');
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
