import { Queryable } from '../projection';
import { CommonFilters, LIST_DOC, LIST_ITEM_TEXT, commonWhere } from '../shared/filters';
import { Page, PageRequest, SortSpec, listPage } from '../shared/list-query';
import { partyKey } from '../shared/values';
import { CeasefireRow } from './ceasefires.projection';

export interface CeasefireFilters extends CommonFilters {
  proposer?: string;
  scope?: string;
  /** The current response: pending, accepted or rejected. */
  status?: string;
}

export const CEASEFIRE_SORTS: Record<string, SortSpec> = {
  date: { expr: 'date', kind: 'date' },
  sources: { expr: 'source_count', kind: 'number' },
};

export function listCeasefires(db: Queryable, f: CeasefireFilters, page: PageRequest): Promise<Page<Omit<CeasefireRow, 'sources'>>> {
  const where = commonWhere(f)
    .add('proposer_key = $?', f.proposer === undefined ? undefined : partyKey(f.proposer))
    .add('scope = $?', f.scope)
    .add('response = $?', f.status);
  return listPage(
    db,
    { table: 'rm_ceasefires', idColumn: 'incident_id', select: LIST_DOC, selectText: LIST_ITEM_TEXT, where, sorts: CEASEFIRE_SORTS },
    page,
  );
}

export async function getCeasefire(db: Queryable, id: string): Promise<CeasefireRow | null> {
  const { rows } = await db.query<{ doc: CeasefireRow }>('SELECT doc FROM rm_ceasefires WHERE incident_id = $1', [id]);
  return rows[0]?.doc ?? null;
}
