import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Response } from 'express';
import { Page, TIMELINE_FAMILIES, TimelineItem } from '@app/projections';
import { CsvColumn, joined } from '../common/csv';
import { ListReadModelQuery } from '../common/incident-queries';
import { IsFilterText, PageQueryDto } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { rawFor, sendPage } from '../common/respond';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { TimelinePageDto } from './timeline.responses';

const SORTS = ['date', '-date'];

export class TimelineDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'One family of events', enum: TIMELINE_FAMILIES })
  @IsOptional()
  @IsIn(TIMELINE_FAMILIES, { message: `family must be one of: ${TIMELINE_FAMILIES.join(', ')}` })
  family?: string;

  @ApiPropertyOptional({ description: 'A party involved (e.g. RU, UA, TR)' })
  @IsOptional()
  @IsFilterText()
  party?: string;

  @ApiPropertyOptional({ description: 'A place named (case and accents ignored)' })
  @IsOptional()
  @IsFilterText()
  place?: string;

  @ApiPropertyOptional({ description: 'An oblast, with or without the word "Oblast"' })
  @IsOptional()
  @IsFilterText()
  oblast?: string;

  @ApiPropertyOptional({ description: 'date (oldest first, the default) or -date', enum: SORTS, default: 'date' })
  @IsOptional()
  @IsIn(SORTS, { message: `sort must be one of: ${SORTS.join(', ')}` })
  sort?: string;
}

const CSV: CsvColumn<TimelineItem>[] = [
  { header: 'id', value: (t) => t.id },
  { header: 'date', value: (t) => t.date },
  { header: 'family', value: (t) => t.family },
  { header: 'kind', value: (t) => t.kind },
  { header: 'summary', value: (t) => t.summary },
  { header: 'parties', value: (t) => joined(t.parties) },
  { header: 'places', value: (t) => joined(t.places.map((p) => p.name)) },
  { header: 'sources', value: (t) => t.sourceCount },
];

@ApiTags('timeline')
@UseFilters(ReadModelErrorsFilter)
@Controller('timeline')
export class TimelineController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Every incident of every family (and statements: scheduled talks, demands, rejections) in time order, one line each',
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(
    TimelinePageDto,
    'JSON { items, nextCursor }: id, kind, family, date, summary, parties, places, sourceCount; or CSV',
  )
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async list(@Query() q: TimelineDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListReadModelQuery, Page<TimelineItem>>(
      new ListReadModelQuery(
        'timeline',
        { from: q.from, to: q.to, family: q.family, party: q.party, place: q.place, oblast: q.oblast },
        { sort: q.sort ?? 'date', limit: q.limit ?? 50, cursor: q.cursor, raw: rawFor(q.format) },
      ),
    );
    sendPage(res, page, q.format, CSV, 'timeline');
  }
}
