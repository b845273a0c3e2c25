import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { AttackFilters, AttackListItem, AttackRow, Page, bestOf } from '@app/projections';
import { CsvColumn, joined } from '../common/csv';
import { IdPipe } from '../common/id.pipe';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { rawFor, sendPage } from '../common/respond';
import { AttackFiltersDto, AttacksGeoJsonDto, ListAttacksDto } from './attacks.dto';
import { GetAttackQuery, ListAttacksQuery } from './attacks.queries';
import { ApiJsonOrCsvResponse } from '../common/api-responses';
import { AttackDetailDto, AttackPageDto, FEATURE_COLLECTION } from './attacks.responses';

const located = (a: AttackListItem) => a.places.filter((p) => p.lat !== null && p.lon !== null);

export const ATTACK_CSV: CsvColumn<AttackListItem>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'date', value: (a) => a.date },
  { header: 'perpetrator', value: (a) => a.perpetrator },
  { header: 'target', value: (a) => a.target },
  { header: 'weapons', value: (a) => joined(a.weapons) },
  { header: 'places', value: (a) => joined(a.places.map((p) => p.name)) },
  { header: 'oblasts', value: (a) => joined(a.oblasts) },
  { header: 'latitude', value: (a) => located(a)[0]?.lat },
  { header: 'longitude', value: (a) => located(a)[0]?.lon },
  { header: 'killed_min', value: (a) => a.killed?.min },
  { header: 'killed_max', value: (a) => a.killed?.max },
  { header: 'killed', value: (a) => bestOf(a.killed) },
  { header: 'injured_min', value: (a) => a.injured?.min },
  { header: 'injured_max', value: (a) => a.injured?.max },
  { header: 'injured', value: (a) => bestOf(a.injured) },
  { header: 'civilian_targets', value: (a) => a.civilianTargets },
  { header: 'revisions', value: (a) => a.revisions.length },
  { header: 'sources', value: (a) => a.sourceCount },
];

function filtersOf(q: AttackFiltersDto): AttackFilters {
  return {
    from: q.from,
    to: q.to,
    party: q.party,
    perpetrator: q.perpetrator,
    target: q.target,
    place: q.place,
    oblast: q.oblast,
    weapon: q.weapon,
    minKilled: q.minKilled,
    minInjured: q.minInjured,
    minSources: q.minSources,
  };
}

@ApiTags('attacks')
@UseFilters(ReadModelErrorsFilter)
@Controller()
export class AttacksController {
  constructor(private readonly queries: QueryBus) {}

  @Get('attacks')
  @ApiOperation({ summary: 'Attack incidents: date, sides, weapons, places with oblast and coordinates, latest figures, source count' })
  @ApiProduces('application/json', 'text/csv')
  @ApiJsonOrCsvResponse(
    AttackPageDto,
    'JSON { items, nextCursor } (items without their sources; see GET /attacks/{id}), or CSV with the next cursor in the X-Next-Cursor header',
  )
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async list(@Query() q: ListAttacksDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListAttacksQuery, Page<AttackListItem>>(
      new ListAttacksQuery(filtersOf(q), { sort: q.sort ?? '-date', limit: q.limit ?? 50, cursor: q.cursor, raw: rawFor(q.format) }),
    );
    sendPage(res, page, q.format, ATTACK_CSV, 'attacks');
  }

  @Get('attacks.geojson')
  @ApiOperation({ summary: 'Attack incidents as a GeoJSON FeatureCollection: a Point (or MultiPoint) per incident, at its located places' })
  @ApiProduces('application/geo+json')
  @ApiOkResponse({
    description:
      'A FeatureCollection (RFC 7946, coordinates [longitude, latitude]); properties are flat for map popups. The next page cursor is in X-Next-Cursor.',
    content: { 'application/geo+json': { schema: FEATURE_COLLECTION } },
  })
  @ApiBadRequestResponse({ description: 'A parameter is malformed or not allowed; the message names it and what is allowed' })
  async geojson(@Query() q: AttacksGeoJsonDto, @Res() res: Response): Promise<void> {
    const page = await this.queries.execute<ListAttacksQuery, Page<AttackListItem>>(
      new ListAttacksQuery(
        { ...filtersOf(q), located: !q.unlocated },
        { sort: q.sort ?? '-date', limit: q.limit ?? 1000, cursor: q.cursor },
      ),
    );
    const features = page.items.map((a) => {
      const points = located(a).map((p) => [p.lon as number, p.lat as number]);
      const geometry =
        points.length === 0
          ? null
          : points.length === 1
            ? { type: 'Point', coordinates: points[0] }
            : { type: 'MultiPoint', coordinates: points };
      const properties: Record<string, string | number | boolean | null> = {};
      for (const c of ATTACK_CSV) if (c.header !== 'latitude' && c.header !== 'longitude') properties[c.header] = c.value(a) ?? null;
      return { type: 'Feature', id: a.id, geometry, properties };
    });
    if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor);
    res.setHeader('Content-Type', 'application/geo+json; charset=utf-8');
    res.send(JSON.stringify({ type: 'FeatureCollection', features }));
  }

  @Get('attacks/:id')
  @ApiOperation({ summary: 'One attack incident with its casualty revisions and every source with its evidence sentences' })
  @ApiParam({ name: 'id', description: 'Incident id' })
  @ApiOkResponse({
    type: AttackDetailDto,
    description: 'The incident; sources carry report id, title, link, feed, confidence and evidence sentences',
  })
  @ApiNotFoundResponse({ description: 'No attack incident with that id' })
  @ApiBadRequestResponse({ description: 'The id is not printable text of 1 to 200 characters' })
  get(@Param('id', IdPipe) id: string): Promise<AttackRow> {
    return this.queries.execute<GetAttackQuery, AttackRow>(new GetAttackQuery(id));
  }
}
