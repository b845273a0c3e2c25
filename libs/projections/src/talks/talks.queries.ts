import { Queryable } from '../projection';
import { CommonFilters, LIST_DOC, LIST_ITEM_TEXT, commonWhere, placeParam } from '../shared/filters';
import { Page, PageRequest, SortSpec, listPage } from '../shared/list-query';
import { TalksRow } from './talks.projection';

export interface TalksFilters extends CommonFilters {
  place?: string;
  outcome?: string;
}

export const TALKS_SORTS: Record<string, SortSpec> = {
  date: { expr: 'date', kind: 'date' },
  sources: { expr: 'source_count', kind: 'number' },
};

export function listTalks(db: Queryable, f: TalksFilters, page: PageRequest): Promise<Page<Omit<TalksRow, 'sources'>>> {
  const where = commonWhere(f).add('place_key = $?', placeParam(f.place)).add('outcome = $?', f.outcome);
  return listPage(
    db,
    { table: 'rm_talks', idColumn: 'incident_id', select: LIST_DOC, selectText: LIST_ITEM_TEXT, where, sorts: TALKS_SORTS },
    page,
  );
}

export async function getTalks(db: Queryable, id: string): Promise<TalksRow | null> {
  const { rows } = await db.query<{ doc: TalksRow }>('SELECT doc FROM rm_talks WHERE incident_id = $1', [id]);
  return rows[0]?.doc ?? null;
}
