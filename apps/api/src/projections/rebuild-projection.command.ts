import { ConflictException, Inject, NotFoundException } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { EVENT_STORE, LOGGER, Logger, PG_POOL } from '@app/common';
import { PostgresEventStore, advisoryLockHeld } from '@app/event-store';
import { PROJECTIONS, RebuildInProgressError, RebuildReport, findProjection, rebuildProjection, rebuildLockKey } from '@app/projections';

export class RebuildProjectionCommand implements ICommand {
  constructor(
    readonly name: string,
    readonly wait: boolean,
  ) {}
}

export type RebuildOutcome = { projection: string; status: 'started' } | ({ status: 'rebuilt' } & RebuildReport);

/**
 * Rebuilds one projection online: built beside the live tables and swapped in, so readers never
 * see half-built rows. Answers at once (the rebuild goes on in the background) unless asked to wait.
 */
@CommandHandler(RebuildProjectionCommand)
export class RebuildProjectionHandler implements ICommandHandler<RebuildProjectionCommand, RebuildOutcome> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ name, wait }: RebuildProjectionCommand): Promise<RebuildOutcome> {
    const projection = findProjection(name);
    if (!projection) {
      throw new NotFoundException({
        code: 'PROJECTION.NOT_FOUND',
        message: `No projection named ${name}; known: ${PROJECTIONS.map((p) => p.name).join(', ')}`,
      });
    }
    const conflict = () =>
      new ConflictException({ code: 'PROJECTION.REBUILD_IN_PROGRESS', message: `A rebuild of projection ${name} is already running` });
    if (!wait) {
      // Say so at once when another rebuild holds the projection; otherwise start in the background.
      const { rows } = await this.pool.query<{ busy: boolean }>(`SELECT ${advisoryLockHeld('$1')} AS busy`, [rebuildLockKey(name)]);
      if (rows[0].busy) throw conflict();
      rebuildProjection(this.pool, this.store, projection).then(
        (r) => this.logger.info({ ...r }, 'projection rebuilt'),
        (err: unknown) =>
          this.logger.error({ projection: name, error: err instanceof Error ? err.message : String(err) }, 'projection rebuild failed'),
      );
      return { projection: name, status: 'started' };
    }
    try {
      return { status: 'rebuilt', ...(await rebuildProjection(this.pool, this.store, projection)) };
    } catch (err) {
      if (err instanceof RebuildInProgressError) throw conflict();
      throw err;
    }
  }
}
