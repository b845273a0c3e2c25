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
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import { CEASEFIRE_SORTS, CeasefireRow, IncidentHead, Page } from '@app/projections';
import { CsvColumn } from '../common/csv';
import { IdPipe } from '../common/id.pipe';
import { GetIncidentQuery, ListReadModelQuery } from '../common/incident-queries';
import { IsFilterText, PageQueryDto, sortValues } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { rawFor, sendPage } from '../common/respond';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { CeasefireDetailDto, CeasefirePageDto } from './ceasefires.responses';

const SORTS = sortValues(Object.keys(CEASEFIRE_SORTS));
const SCOPES = ['full', 'partial', 'energy', 'sea', 'humanitarian'];
const STATUSES = ['pending', 'accepted', 'rejected'];

export class ListCeasefiresDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'The proposer or the addressee (e.g. RU, UA)' })
  @IsOptional()
  @IsFilterText()
  party?: string;

  @ApiPropertyOptional({ description: 'The proposer (e.g. UA)' })
  @IsOptional()
  @IsFilterText()
  proposer?: string;

  @ApiPropertyOptional({ description: 'The scope', enum: SCOPES })
  @IsOptional()
  @IsIn(SCOPES, { message: `scope must be one of: ${SCOPES.join(', ')}` })
  scope?: string;

  @ApiPropertyOptional({ description: 'The current response', enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of: ${STATUSES.join(', ')}` })
  status?: string;

  @ApiPropertyOptional({ description: 'Order: date or sources; a leading "-" for descending', enum: SORTS, default: '-date' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort?: string;
}

type Item = Omit<CeasefireRow, 'sources'>;
const CSV: CsvColumn<Item>[] = [
  { header: 'id', value: (c) => c.id },
  { header: 'date', value: (c) => c.date },
  { header: 'proposer', value: (c) => c.proposer },
  { header: 'addressee', value: (c) => c.addressee },
  { header: 'duration_days_min', value: (c) => c.durationDays?.min },
  { header: 'duration_days_max', value: (c) => c.durationDays?.max },
  { header: 'scope', value: (c) => c.scope },
  { header: 'unconditional', value: (c) => c.unconditional },
  { header: 'conditions', value: (c) => (c.conditions ?? []).map((x) => `${x.by}: ${x.text}`).join(' | ') },
  { header: 'purpose', value: (c) => c.purpose },
  { header: 'response', value: (c) => c.response },
  { header: 'sources', value: (c) => c.sourceCount },
];

@ApiTags('ceasefires')
@UseFilters(ReadModelErrorsFilter)
@Controller('ceasefires')
export class CeasefiresController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'Ceasefire proposals: proposer, addressee, duration, scope, conditions, purpose, current response' })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(CeasefirePageDto, 'JSON { items, nextCursor }, or CSV with the next cursor in the X-Next-Cursor header')
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async list(@Query() q: ListCeasefiresDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListReadModelQuery, Page<Item>>(
      new ListReadModelQuery(
        'ceasefires',
        { from: q.from, to: q.to, party: q.party, proposer: q.proposer, scope: q.scope, status: q.status },
        { sort: q.sort ?? '-date', limit: q.limit ?? 50, cursor: q.cursor, raw: rawFor(q.format) },
      ),
    );
    sendPage(res, page, q.format, CSV, 'ceasefires');
  }

  @Get(':id')
  @ApiOperation({ summary: 'One ceasefire proposal with its responses over time and every source with its evidence sentences' })
  @ApiParam({ name: 'id', description: 'Incident id' })
  @ApiOkResponse({
    type: CeasefireDetailDto,
    description: 'The proposal; sources carry report id, title, link, feed, confidence and evidence sentences',
  })
  @ApiNotFoundResponse({ description: 'No ceasefire proposal with that id' })
  @ApiBadRequestResponse({ description: 'The id is not printable text of 1 to 200 characters' })
  get(@Param('id', IdPipe) id: string): Promise<IncidentHead> {
    return this.queries.execute<GetIncidentQuery, IncidentHead>(new GetIncidentQuery('ceasefires', id));
  }
}
