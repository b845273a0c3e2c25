import { Inject, NotFoundException } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { PG_POOL } from '@app/common';
import {
  CeasefireFilters,
  ExchangeFilters,
  IncidentHead,
  Page,
  PageRequest,
  Queryable,
  TalksFilters,
  TimelineFilters,
  TimelineItem,
  getCeasefire,
  getExchange,
  getTalks,
  listCeasefires,
  listExchanges,
  listTalks,
  listTimeline,
} from '@app/projections';
import { withSourceReports } from './incident-detail';

/** A page of one of the peace-process read models or of the timeline. */
export type ListResource = 'talks' | 'ceasefires' | 'exchanges' | 'timeline';
type FiltersOf = { talks: TalksFilters; ceasefires: CeasefireFilters; exchanges: ExchangeFilters; timeline: TimelineFilters };

export class ListReadModelQuery<R extends ListResource = ListResource> implements IQuery {
  constructor(
    readonly resource: R,
    readonly filters: FiltersOf[R],
    readonly page: PageRequest,
  ) {}
}

const LISTS: { [R in ListResource]: (db: Queryable, f: FiltersOf[R], p: PageRequest) => Promise<Page<unknown>> } = {
  talks: listTalks,
  ceasefires: listCeasefires,
  exchanges: listExchanges,
  timeline: listTimeline as (db: Queryable, f: TimelineFilters, p: PageRequest) => Promise<Page<TimelineItem>>,
};

@QueryHandler(ListReadModelQuery)
export class ListReadModelHandler implements IQueryHandler<ListReadModelQuery, Page<unknown>> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  execute(q: ListReadModelQuery): Promise<Page<unknown>> {
    return (LISTS[q.resource] as (db: Queryable, f: unknown, p: PageRequest) => Promise<Page<unknown>>)(this.pool, q.filters, q.page);
  }
}

export type IncidentResource = 'talks' | 'ceasefires' | 'exchanges';
const GETS: Record<IncidentResource, { get: (db: Queryable, id: string) => Promise<IncidentHead | null>; noun: string; code: string }> = {
  talks: { get: getTalks, noun: 'round of talks', code: 'TALKS.NOT_FOUND' },
  ceasefires: { get: getCeasefire, noun: 'ceasefire proposal', code: 'CEASEFIRE.NOT_FOUND' },
  exchanges: { get: getExchange, noun: 'exchange', code: 'EXCHANGE.NOT_FOUND' },
};

export class GetIncidentQuery implements IQuery {
  constructor(
    readonly resource: IncidentResource,
    readonly id: string,
  ) {}
}

@QueryHandler(GetIncidentQuery)
export class GetIncidentHandler implements IQueryHandler<GetIncidentQuery, IncidentHead> {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  async execute({ resource, id }: GetIncidentQuery): Promise<IncidentHead> {
    const g = GETS[resource];
    const row = await g.get(this.pool, id);
    if (!row) throw new NotFoundException({ code: g.code, message: `No ${g.noun} with id ${id}` });
    return withSourceReports(this.pool, row);
  }
}
