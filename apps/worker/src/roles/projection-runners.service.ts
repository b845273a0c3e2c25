import { Inject, Injectable, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { APP_CONFIG, AppConfig } from '@app/config';
import { EVENT_STORE, LOGGER, Logger, PG_POOL, WAKE_SOURCE } from '@app/common';
import { PostgresEventStore, RedisWakeSource } from '@app/event-store';
import { PROJECTIONS, ProjectionRunner, RunnerStatus } from '@app/projections';

/** Role `project`: one runner per projection; across processes one of each is active at a time. */
@Injectable()
export class ProjectionRunnersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runners: ProjectionRunner[];

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PG_POOL) pool: Pool,
    @Inject(EVENT_STORE) store: PostgresEventStore,
    @Inject(WAKE_SOURCE) wake: RedisWakeSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.runners = PROJECTIONS.map(
      (p) =>
        new ProjectionRunner(pool, store, p, {
          databaseUrl: config.databaseUrl,
          batchSize: config.projectionBatchSize,
          pollMs: config.subscriptionPollMs,
          wake,
          log: (level, msg, fields) => logger[level](fields ?? {}, msg),
        }),
    );
  }

  onApplicationBootstrap(): void {
    for (const r of this.runners) r.start();
    this.logger.info({ projections: this.runners.map((r) => r.projection.name) }, 'projection runners started');
  }

  status(): RunnerStatus[] {
    return this.runners.map((r) => r.status());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
    this.logger.info('projection runners stopped');
  }
}
