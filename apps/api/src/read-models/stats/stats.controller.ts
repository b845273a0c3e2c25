import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOperation, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import { Pool } from 'pg';
import { PG_POOL } from '@app/common';
import { STATS_GROUP_BY, StatsBucket, StatsGroupBy, attackStats } from '@app/projections';
import { CsvColumn, toCsv } from '../common/csv';
import { FORMATS, RangeDto } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { AttackStatsResponseDto } from './stats.responses';

export class AttackStatsDto extends RangeDto {
  @ApiProperty({ description: 'oblast, day, or week (ISO weeks, keyed by their Monday)', enum: STATS_GROUP_BY })
  @IsIn(STATS_GROUP_BY, { message: `groupBy must be one of: ${STATS_GROUP_BY.join(', ')}` })
  groupBy!: StatsGroupBy;

  @ApiPropertyOptional({ description: 'json (default) or csv', enum: FORMATS })
  @IsOptional()
  @IsIn(FORMATS, { message: `format must be one of: ${FORMATS.join(', ')}` })
  format?: (typeof FORMATS)[number];
}

export class AttackStatsQuery implements IQuery {
  constructor(
    readonly groupBy: StatsGroupBy,
    readonly from?: string,
    readonly to?: string,
  ) {}
}

@QueryHandler(AttackStatsQuery)
export class AttackStatsHandler implements IQueryHandler<AttackStatsQuery, StatsBucket[]> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  execute(q: AttackStatsQuery): Promise<StatsBucket[]> {
    return attackStats(this.pool, q.groupBy, { from: q.from, to: q.to });
  }
}

const CSV: CsvColumn<StatsBucket>[] = [
  { header: 'key', value: (b) => b.key },
  { header: 'incidents', value: (b) => b.incidents },
  { header: 'killed', value: (b) => b.killed },
  { header: 'injured', value: (b) => b.injured },
];

@ApiTags('stats')
@UseFilters(ReadModelErrorsFilter)
@Controller('stats')
export class StatsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('attacks')
  @ApiOperation({ summary: 'Attack incidents, killed and injured per oblast, day or week, for charts' })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(
    AttackStatsResponseDto,
    '{ groupBy, from, to, buckets: [{ key, incidents, killed, injured }] }, or CSV with a row per bucket. By day and week each incident counts once; by oblast an incident in two oblasts counts in both. Figures are the best numbers of the latest ranges.',
  )
  @ApiBadRequestResponse({ description: 'groupBy is missing or not one of oblast, day, week; or a date is malformed' })
  async attacks(@Query() q: AttackStatsDto, @Res() res: Response): Promise<void> {
    const buckets = await this.queries.execute<AttackStatsQuery, StatsBucket[]>(new AttackStatsQuery(q.groupBy, q.from, q.to));
    if (q.format === 'csv') {
      res.setHeader('Content-Type', 'text/csv; charset=utf-8');
      res.send(toCsv(CSV, buckets));
      return;
    }
    res.json({ groupBy: q.groupBy, from: q.from ?? null, to: q.to ?? null, buckets });
  }
}
