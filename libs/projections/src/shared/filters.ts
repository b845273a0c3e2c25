import { Where } from './list-query';
import { nameKey, oblastKey, partyKey } from './values';

/** Filters most incident tables share. */
export interface CommonFilters {
  from?: string;
  to?: string;
  party?: string;
  minSources?: number;
}

export function commonWhere(f: CommonFilters, dateColumn = 'date'): Where {
  return new Where()
    .add(`${dateColumn} >= $?::date`, f.from)
    .add(`${dateColumn} <= $?::date`, f.to)
    .add('party_keys @> ARRAY[$?::text]', f.party === undefined ? undefined : partyKey(f.party))
    .add('source_count >= $?', f.minSources);
}

export const placeParam = (v: string | undefined): string | undefined => (v === undefined ? undefined : nameKey(v));
export const oblastParam = (v: string | undefined): string | undefined => (v === undefined ? undefined : oblastKey(v));

/** Lists of incidents leave out the sources (with their evidence sentences): the detail view has them. */
export const LIST_DOC = `doc - 'sources'`;
/** The incident tables' column holding LIST_DOC as JSON text (generated from doc). */
export const LIST_ITEM_TEXT = 'list_item';
