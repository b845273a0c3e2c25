import { Controller, Get, Inject, Query, Res, UseFilters } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import { Pool } from 'pg';
import { PG_POOL } from '@app/common';
import { Page, PageRequest, REPORT_OUTCOMES, ReportFilters, ReportRow, listReports } from '@app/projections';
import { CsvColumn, joined } from '../common/csv';
import { IsFilterText, PageQueryDto } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { rawFor, sendPage } from '../common/respond';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { ReportPageDto } from './reports-list.responses';

const SORTS = ['date', '-date'];
type Item = Omit<ReportRow, 'recent'>;

export class ListReportsDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'The feed id the report came from' })
  @IsOptional()
  @IsFilterText()
  feed?: string;

  @ApiPropertyOptional({
    description: 'pending (not processed yet), extracted (events taken) or ignored (nothing of the conflict)',
    enum: REPORT_OUTCOMES,
  })
  @IsOptional()
  @IsIn(REPORT_OUTCOMES, { message: `outcome must be one of: ${REPORT_OUTCOMES.join(', ')}` })
  outcome?: string;

  @ApiPropertyOptional({
    description: 'By publication (or receipt) time: -date (newest first, the default) or date',
    enum: SORTS,
    default: '-date',
  })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort?: string;
}

export class ListReportsQuery implements IQuery {
  constructor(
    readonly filters: ReportFilters,
    readonly page: PageRequest,
  ) {}
}

@QueryHandler(ListReportsQuery)
export class ListReportsHandler implements IQueryHandler<ListReportsQuery, Page<Item>> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  execute(q: ListReportsQuery): Promise<Page<Item>> {
    return listReports(this.pool, q.filters, q.page);
  }
}

const CSV: CsvColumn<Item>[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'feed_id', value: (r) => r.feedId },
  { header: 'title', value: (r) => r.title },
  { header: 'url', value: (r) => r.url },
  { header: 'published_at', value: (r) => r.publishedAt },
  { header: 'received_at', value: (r) => r.receivedAt },
  { header: 'outcome', value: (r) => r.outcome },
  { header: 'extractor_version', value: (r) => r.extractorVersion },
  { header: 'events', value: (r) => joined(r.events.map((e) => e.type)) },
  { header: 'incident_ids', value: (r) => joined(r.incidentIds) },
];

@ApiTags('reports')
@UseFilters(ReadModelErrorsFilter)
@Controller('reports')
export class ReportsListController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Ingested reports: from which feed, when, and what processing took from each (events and incidents)' })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(
    ReportPageDto,
    'JSON { items, nextCursor }; each report with outcome, events [{eventId, type, incidentId}] and incidentIds; or CSV',
  )
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async list(@Query() q: ListReportsDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListReportsQuery, Page<Item>>(
      new ListReportsQuery(
        { feed: q.feed, from: q.from, to: q.to, outcome: q.outcome },
        { sort: q.sort ?? '-date', limit: q.limit ?? 50, cursor: q.cursor, raw: rawFor(q.format) },
      ),
    );
    sendPage(res, page, q.format, CSV, 'reports');
  }
}
