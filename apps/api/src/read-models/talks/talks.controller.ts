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
import { IncidentHead, Page, TALKS_SORTS, TalksRow, bestOf } from '@app/projections';
import { CsvColumn, joined } from '../common/csv';
import { IdPipe } from '../common/id.pipe';
import { GetIncidentQuery, ListReadModelQuery } from '../common/incident-queries';
import { IsFilterText, PageQueryDto, sortValues } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { rawFor, sendPage } from '../common/respond';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { TalksDetailDto, TalksPageDto } from './talks.responses';

const SORTS = sortValues(Object.keys(TALKS_SORTS));
const OUTCOMES = ['breakthrough', 'partial', 'no_progress', 'unknown'];

export class ListTalksDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A party or mediator at the table (e.g. RU, UA, TR)' })
  @IsOptional()
  @IsFilterText()
  party?: string;

  @ApiPropertyOptional({ description: 'The city of the meeting (case and accents ignored), e.g. Istanbul' })
  @IsOptional()
  @IsFilterText()
  place?: string;

  @ApiPropertyOptional({ description: 'The outcome', enum: OUTCOMES })
  @IsOptional()
  @IsIn(OUTCOMES, { message: `outcome must be one of: ${OUTCOMES.join(', ')}` })
  outcome?: string;

  @ApiPropertyOptional({ description: 'Order: date or sources; a leading "-" for descending', enum: SORTS, default: '-date' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort?: string;
}

type Item = Omit<TalksRow, 'sources'>;
const CSV: CsvColumn<Item>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'date', value: (t) => t.date },
  { header: 'place', value: (t) => t.place?.name },
  { header: 'country', value: (t) => t.place?.country },
  { header: 'latitude', value: (t) => t.place?.lat },
  { header: 'longitude', value: (t) => t.place?.lon },
  { header: 'parties', value: (t) => joined(t.parties) },
  { header: 'mediators', value: (t) => joined(t.mediators) },
  { header: 'heads_of_delegation', value: (t) => joined(t.leads.map((l) => `${l.name} (${l.party})`)) },
  { header: 'duration_minutes', value: (t) => bestOf(t.durationMinutes) },
  { header: 'outcome', value: (t) => t.outcome },
  { header: 'next_round_from', value: (t) => t.nextRound?.from },
  { header: 'next_round_to', value: (t) => t.nextRound?.to },
  { header: 'next_round_place', value: (t) => t.nextRound?.location?.name },
  { header: 'sources', value: (t) => t.sourceCount },
];

@ApiTags('talks')
@UseFilters(ReadModelErrorsFilter)
@Controller('talks')
export class TalksController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Rounds of talks: date, place with coordinates, parties, mediators, heads of delegation, duration, outcome, next round',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(TalksPageDto, 'JSON { items, nextCursor }, or CSV with the next cursor in the X-Next-Cursor header')
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async list(@Query() q: ListTalksDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListReadModelQuery, Page<Item>>(
      new ListReadModelQuery(
        'talks',
        { from: q.from, to: q.to, party: q.party, place: q.place, outcome: q.outcome },
        { sort: q.sort ?? '-date', limit: q.limit ?? 50, cursor: q.cursor, raw: rawFor(q.format) },
      ),
    );
    sendPage(res, page, q.format, CSV, 'talks');
  }

  @Get(':id')
  @ApiOperation({ summary: 'One round of talks with every source and its evidence sentences' })
  @ApiParam({ name: 'id', description: 'Incident id' })
  @ApiOkResponse({
    type: TalksDetailDto,
    description: 'The round; sources carry report id, title, link, feed, confidence and evidence sentences',
  })
  @ApiNotFoundResponse({ description: 'No round of talks with that id' })
  @ApiBadRequestResponse({ description: 'The id is not printable text of 1 to 200 characters' })
  get(@Param('id', IdPipe) id: string): Promise<IncidentHead> {
    return this.queries.execute<GetIncidentQuery, IncidentHead>(new GetIncidentQuery('talks', id));
  }
}
