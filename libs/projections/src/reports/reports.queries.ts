import { Queryable } from '../projection';
import { Page, PageRequest, SortSpec, Where, listPage } from '../shared/list-query';
import { ReportRow } from './reports.projection';

export interface ReportFilters {
  feed?: string;
  /** Published (or, without a publication time, received) on or after this day. */
  from?: string;
  to?: string;
  outcome?: string;
}

export const REPORT_SORTS: Record<string, SortSpec> = { date: { expr: 'date_at', kind: 'timestamp' } };

export function listReports(db: Queryable, f: ReportFilters, page: PageRequest): Promise<Page<Omit<ReportRow, 'recent'>>> {
  const where = new Where()
    .add('feed_id = $?', f.feed)
    .add(`date_at >= ($?::date)::timestamp AT TIME ZONE 'UTC'`, f.from)
    .add(`date_at < ($?::date + 1)::timestamp AT TIME ZONE 'UTC'`, f.to)
    .add('outcome = $?', f.outcome);
  return listPage(db, { table: 'rm_reports', idColumn: 'report_id', select: `doc - 'recent'`, where, sorts: REPORT_SORTS }, page);
}
