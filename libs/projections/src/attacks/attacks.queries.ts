import { Queryable } from '../projection';
import { CommonFilters, LIST_DOC, LIST_ITEM_TEXT, commonWhere, oblastParam, placeParam } from '../shared/filters';
import { Page, PageRequest, SortSpec, listPage } from '../shared/list-query';
import { AttackRow } from './attacks.projection';

export interface AttackFilters extends CommonFilters {
  perpetrator?: string;
  target?: string;
  place?: string;
  oblast?: string;
  weapon?: string;
  minKilled?: number;
  minInjured?: number;
  /** Only incidents with at least one place that has coordinates. */
  located?: boolean;
}

export const ATTACK_SORTS: Record<string, SortSpec> = {
  date: { expr: 'date', kind: 'date' },
  killed: { expr: 'coalesce(killed, -1)', kind: 'number' },
  injured: { expr: 'coalesce(injured, -1)', kind: 'number' },
  sources: { expr: 'source_count', kind: 'number' },
};

export type AttackListItem = Omit<AttackRow, 'sources'>;

export function listAttacks(db: Queryable, f: AttackFilters, page: PageRequest): Promise<Page<AttackListItem>> {
  const where = commonWhere(f)
    .add('lower(perpetrator) = lower($?)', f.perpetrator)
    .add('lower(target) = lower($?)', f.target)
    .add('place_keys @> ARRAY[$?::text]', placeParam(f.place))
    .add('oblast_keys @> ARRAY[$?::text]', oblastParam(f.oblast))
    .add('weapons @> ARRAY[$?::text]', f.weapon)
    .add('killed >= $?', f.minKilled)
    .add('injured >= $?', f.minInjured)
    .add(`jsonb_path_exists(doc, '$.places[*] ? (@.lat != null && @.lon != null)') = $?`, f.located ? true : undefined);
  return listPage<AttackListItem>(
    db,
    { table: 'rm_attacks', idColumn: 'incident_id', select: LIST_DOC, selectText: LIST_ITEM_TEXT, where, sorts: ATTACK_SORTS },
    page,
  );
}

export async function getAttack(db: Queryable, id: string): Promise<AttackRow | null> {
  const { rows } = await db.query<{ doc: AttackRow }>('SELECT doc FROM rm_attacks WHERE incident_id = $1', [id]);
  return rows[0]?.doc ?? null;
}
