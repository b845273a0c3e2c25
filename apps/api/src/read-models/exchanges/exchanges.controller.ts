import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsNumber, IsOptional, Min } from 'class-validator';
import { Response } from 'express';
import { EXCHANGE_SORTS, ExchangeRow, IncidentHead, Page, bestOf } from '@app/projections';
import { CsvColumn, joined } from '../common/csv';
import { IdPipe } from '../common/id.pipe';
import { GetIncidentQuery, ListReadModelQuery } from '../common/incident-queries';
import { IsFilterText, PageQueryDto, sortValues } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { rawFor, sendPage } from '../common/respond';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { ExchangeDetailDto, ExchangePageDto } from './exchanges.responses';

const SORTS = sortValues(Object.keys(EXCHANGE_SORTS));
const CATEGORIES = ['prisoners', 'bodies', 'wounded', 'children', 'civilians'];
const STATUSES = ['agreed', 'completed'];

export class ListExchangesDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A party to the exchange (e.g. RU, UA)' })
  @IsOptional()
  @IsFilterText()
  party?: string;

  @ApiPropertyOptional({ description: 'Who or what is exchanged', enum: CATEGORIES })
  @IsOptional()
  @IsIn(CATEGORIES, { message: `category must be one of: ${CATEGORIES.join(', ')}` })
  category?: string;

  @ApiPropertyOptional({ description: 'agreed, or completed once a report says the swap took place', enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of: ${STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'At least this many people or bodies', minimum: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'minCount must be a number ≥ 0' })
  @Min(0, { message: 'minCount must be a number ≥ 0' })
  minCount?: number;

  @ApiPropertyOptional({ description: 'Order: date, count or sources; a leading "-" for descending', enum: SORTS, default: '-date' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort?: string;
}

type Item = Omit<ExchangeRow, 'sources'>;
const CSV: CsvColumn<Item>[] = [
  { header: 'id', value: (x) => x.id },
  { header: 'date', value: (x) => x.date },
  { header: 'category', value: (x) => x.category },
  { header: 'parties', value: (x) => joined(x.parties) },
  { header: 'count_min', value: (x) => x.count?.min },
  { header: 'count_max', value: (x) => x.count?.max },
  { header: 'count', value: (x) => bestOf(x.count) },
  { header: 'per_side', value: (x) => x.perSide },
  { header: 'requested', value: (x) => bestOf(x.requested) },
  { header: 'status', value: (x) => x.status },
  { header: 'completed_at', value: (x) => x.completedAt },
  { header: 'mechanism', value: (x) => x.mechanism },
  { header: 'sources', value: (x) => x.sourceCount },
];

@ApiTags('exchanges')
@UseFilters(ReadModelErrorsFilter)
@Controller('exchanges')
export class ExchangesController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Exchange agreements: category, counts (per side where known), requested vs promised, agreed or completed' })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(ExchangePageDto, 'JSON { items, nextCursor }, or CSV with the next cursor in the X-Next-Cursor header')
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async list(@Query() q: ListExchangesDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListReadModelQuery, Page<Item>>(
      new ListReadModelQuery(
        'exchanges',
        { from: q.from, to: q.to, party: q.party, category: q.category, status: q.status, minCount: q.minCount },
        { sort: q.sort ?? '-date', limit: q.limit ?? 50, cursor: q.cursor, raw: rawFor(q.format) },
      ),
    );
    sendPage(res, page, q.format, CSV, 'exchanges');
  }

  @Get(':id')
  @ApiOperation({ summary: 'One exchange with every source and its evidence sentences' })
  @ApiParam({ name: 'id', description: 'Incident id' })
  @ApiOkResponse({
    type: ExchangeDetailDto,
    description: 'The exchange; sources carry report id, title, link, feed, confidence and evidence sentences',
  })
  @ApiNotFoundResponse({ description: 'No exchange with that id' })
  @ApiBadRequestResponse({ description: 'The id is not printable text of 1 to 200 characters' })
  get(@Param('id', IdPipe) id: string): Promise<IncidentHead> {
    return this.queries.execute<GetIncidentQuery, IncidentHead>(new GetIncidentQuery('exchanges', id));
  }
}
