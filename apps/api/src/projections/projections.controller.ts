import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectionStatus } from '@app/projections';
import { GetProjectionsQuery } from './get-projections.query';

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: "Each projection's checkpoint, its lag behind the log, and whether a worker runs it" })
  @ApiOkResponse({
    description: 'One entry per projection: name, state (running|stopped), checkpoint, lag (events behind), headPosition, updatedAt.',
  })
  list(): Promise<ProjectionStatus[]> {
    return this.queries.execute<GetProjectionsQuery, ProjectionStatus[]>(new GetProjectionsQuery());
  }
}
