import { Controller, Get, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import { ProjectionStatus } from '@app/projections';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { GetProjectionsQuery } from './get-projections.query';
import { RebuildOutcome, RebuildProjectionCommand } from './rebuild-projection.command';
import { ProjectionStatusDto, RebuildDoneDto, RebuildStartedDto } from './projection.responses';

export class RebuildQueryDto {
  @ApiPropertyOptional({
    description: 'true: answer when the rebuild is done (200, with its figures); otherwise answer at once (202)',
    enum: ['true', 'false'],
  })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'wait must be true or false' })
  wait?: string;
}

@ApiTags('projections')
@Controller('projections')
export class ProjectionsController {
  constructor(
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  @Get()
  @ApiOperation({ summary: "Each projection's checkpoint, its lag behind the log, and whether a worker runs it" })
  @ApiOkResponse({
    type: [ProjectionStatusDto],
    description:
      'One entry per projection: name, state (running|stopped), rebuilding, checkpoint, lag (events behind), lagCapped, headPosition, updatedAt.',
  })
  list(): Promise<ProjectionStatus[]> {
    return this.queries.execute<GetProjectionsQuery, ProjectionStatus[]>(new GetProjectionsQuery());
  }

  @Post(':name/rebuild')
  @UseGuards(ApiKeyGuard)
  @ApiSecurity('api-key')
  @ApiOperation({ summary: 'Rebuilds a projection from the log online: built beside the live tables, then swapped in; no event is lost' })
  @ApiParam({ name: 'name', description: 'Projection name, as GET /projections lists them' })
  @ApiAcceptedResponse({ type: RebuildStartedDto, description: 'Started: { projection, status: "started" }' })
  @ApiOkResponse({
    type: RebuildDoneDto,
    description: 'With wait=true, done: { status: "rebuilt", projection, eventsRead, eventsApplied, seconds }',
  })
  @ApiNotFoundResponse({ description: 'No projection by that name' })
  @ApiConflictResponse({ description: 'A rebuild of that projection is already running' })
  @ApiUnauthorizedResponse({ description: 'No or a wrong API key' })
  @ApiBadRequestResponse({ description: 'wait is not true or false' })
  async rebuild(@Param('name') name: string, @Query() q: RebuildQueryDto, @Res() res: Response): Promise<void> {
    const wait = q.wait === 'true';
    const outcome = await this.commands.execute<RebuildProjectionCommand, RebuildOutcome>(new RebuildProjectionCommand(name, wait));
    res.status(wait ? HttpStatus.OK : HttpStatus.ACCEPTED).json(outcome);
  }
}
