import { Queryable } from '../projection';
import { Where } from '../shared/list-query';
import { ALL_OBLASTS } from './attack-daily-stats.projection';

export type StatsGroupBy = 'oblast' | 'day' | 'week';
export const STATS_GROUP_BY: readonly StatsGroupBy[] = ['oblast', 'day', 'week'];

export interface StatsBucket {
  /** The oblast, the day (YYYY-MM-DD) or the Monday of the ISO week. */
  key: string;
  incidents: number;
  killed: number;
  injured: number;
}

/**
 * Attack figures for charts. By day and week the totals count each incident once; by oblast an
 * incident that touched two oblasts counts in both.
 */
export async function attackStats(db: Queryable, groupBy: StatsGroupBy, range: { from?: string; to?: string }): Promise<StatsBucket[]> {
  const where = new Where().add('day >= $?::date', range.from).add('day <= $?::date', range.to);
  const byOblast = groupBy === 'oblast';
  where.add(byOblast ? 'oblast <> $?' : 'oblast = $?', ALL_OBLASTS);
  const key = byOblast ? 'oblast' : groupBy === 'day' ? `to_char(day, 'YYYY-MM-DD')` : `to_char(date_trunc('week', day), 'YYYY-MM-DD')`;
  const { rows } = await db.query<StatsBucket>(
    `SELECT ${key} AS key, sum(incidents)::float8 AS incidents, sum(killed)::float8 AS killed, sum(injured)::float8 AS injured
     FROM rm_attack_daily_stats ${where.sql()} GROUP BY 1 ORDER BY ${byOblast ? 'sum(incidents) DESC, 1' : '1'}`,
    where.params,
  );
  return rows;
}
