import { Inject } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@app/common';
import { ProjectionStatus, projectionStatuses } from '@app/projections';

export class GetProjectionsQuery implements IQuery {}

@QueryHandler(GetProjectionsQuery)
export class GetProjectionsHandler implements IQueryHandler<GetProjectionsQuery, ProjectionStatus[]> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}

  execute(): Promise<ProjectionStatus[]> {
    return projectionStatuses(this.pool);
  }
}
