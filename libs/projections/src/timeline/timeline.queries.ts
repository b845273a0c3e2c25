import { Queryable } from '../projection';
import { CommonFilters, commonWhere, oblastParam, placeParam } from '../shared/filters';
import { Page, PageRequest, SortSpec, listPage } from '../shared/list-query';
import { TimelineRow } from './timeline.projection';

export interface TimelineFilters extends CommonFilters {
  family?: string;
  place?: string;
  oblast?: string;
}

export const TIMELINE_SORTS: Record<string, SortSpec> = { date: { expr: 'date', kind: 'date' } };

export type TimelineItem = Omit<TimelineRow, 'facts'> & { parties: string[]; places: TimelineRow['facts']['places'] };

export function listTimeline(db: Queryable, f: TimelineFilters, page: PageRequest): Promise<Page<TimelineItem>> {
  const where = commonWhere(f)
    .add('family = $?', f.family)
    .add('place_keys @> ARRAY[$?::text]', placeParam(f.place))
    .add('oblast_keys @> ARRAY[$?::text]', oblastParam(f.oblast));
  return listPage(
    db,
    {
      table: 'rm_timeline',
      idColumn: 'id',
      select: `(doc - 'facts') || jsonb_build_object('parties', doc->'facts'->'parties', 'places', doc->'facts'->'places')`,
      where,
      sorts: TIMELINE_SORTS,
    },
    page,
  );
}
