import { Queryable } from '../projection';
import { CommonFilters, LIST_DOC, LIST_ITEM_TEXT, commonWhere } from '../shared/filters';
import { Page, PageRequest, SortSpec, listPage } from '../shared/list-query';
import { ExchangeRow } from './exchanges.projection';

export interface ExchangeFilters extends CommonFilters {
  category?: string;
  status?: string;
  minCount?: number;
}

export const EXCHANGE_SORTS: Record<string, SortSpec> = {
  date: { expr: 'date', kind: 'date' },
  count: { expr: 'coalesce(count, -1)', kind: 'number' },
  sources: { expr: 'source_count', kind: 'number' },
};

export function listExchanges(db: Queryable, f: ExchangeFilters, page: PageRequest): Promise<Page<Omit<ExchangeRow, 'sources'>>> {
  const where = commonWhere(f).add('category = $?', f.category).add('status = $?', f.status).add('count >= $?', f.minCount);
  return listPage(
    db,
    { table: 'rm_exchanges', idColumn: 'incident_id', select: LIST_DOC, selectText: LIST_ITEM_TEXT, where, sorts: EXCHANGE_SORTS },
    page,
  );
}

export async function getExchange(db: Queryable, id: string): Promise<ExchangeRow | null> {
  const { rows } = await db.query<{ doc: ExchangeRow }>('SELECT doc FROM rm_exchanges WHERE incident_id = $1', [id]);
  return rows[0]?.doc ?? null;
}
