import { Pool } from 'pg';
import { Checkpoint, CheckpointStore, LeaderConsumer, PostgresEventStore, WakeSource } from '@app/event-store';
import { AnyProjection, applyBatch, relevantEvents } from './projection';

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
/** The advisory lock that makes one runner of a projection the active one (read by projectionStatuses). */
export const projectionLockName = (name: string): string => `projection-lock:${name}`;

/**
 * Runs one projection. Across processes exactly one instance applies events at a time (see
 * LeaderConsumer); the others stand by. Rows and checkpoint are written in one transaction, which
 * the checkpoint's move opens; a batch with nothing for the projection only moves the checkpoint.
 */
export class ProjectionRunner {
  private readonly leader: LeaderConsumer;
  private readonly checkpoints: CheckpointStore;
  private eventsApplied = 0;
  private lastAppliedAt: string | null = null;

  constructor(
    private readonly pool: Pool,
    store: PostgresEventStore,
    readonly projection: AnyProjection,
    options: RunnerOptions,
  ) {
    this.checkpoints = new CheckpointStore(pool);
    const consumer = projectionConsumer(projection.name);
    this.leader = new LeaderConsumer(store, {
      lockName: projectionLockName(projection.name),
      consumer,
      databaseUrl: options.databaseUrl,
      batchSize: options.batchSize,
      pollMs: options.pollMs,
      wake: options.wake,
      standbyRetryMs: options.standbyRetryMs,
      log: (level, msg, fields) => options.log?.(level, `projection ${msg}`, { projection: projection.name, ...fields }),
      handle: async (events, current, next) => {
        const relevant = relevantEvents(this.projection, events);
        // Nothing to write: the checkpoint moves in a statement of its own.
        if (relevant.length === 0) return this.checkpoints.advance(consumer, current, next, this.pool);
        const client = await this.pool.connect();
        try {
          if (!(await this.checkpoints.beginAdvance(consumer, current, next, client))) {
            await client.query('ROLLBACK');
            return false;
          }
          const applied = await applyBatch(this.projection, client, events, relevant);
          await client.query('COMMIT');
          this.eventsApplied += applied;
          this.lastAppliedAt = new Date().toISOString();
          return true;
        } catch (err) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw err;
        } finally {
          client.release();
        }
      },
    });
  }

  start(): void {
    this.leader.start();
  }

  stop(): Promise<void> {
    return this.leader.stop();
  }

  status(): RunnerStatus {
    return {
      name: this.projection.name,
      state: this.leader.state,
      checkpoint: this.leader.checkpoint,
      eventsApplied: this.eventsApplied,
      lastError: this.leader.lastError,
      lastAppliedAt: this.lastAppliedAt,
    };
  }
}
