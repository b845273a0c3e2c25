import { EventData } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection, Queryable } from '../projection';
import { DocTable } from '../shared/doc-table';
import { familyKeyOf } from '../shared/incident';
import { bestOf, oblastOf, uniq } from '../shared/values';

/** The oblast under which each day's total over all oblasts is kept. */
export const ALL_OBLASTS = '*';
/** Where incidents without an oblast are counted. */
export const UNKNOWN_OBLAST = 'unknown';

interface Contribution {
  day: string;
  oblasts: string[];
  killed: number;
  injured: number;
}

/** One attack incident's share of the daily figures; `counted` is what the stats table holds of it. */
export interface AttackStatsRow extends Contribution {
  id: string;
  counted: Contribution | null;
}

const LATER = ['CasualtiesRevised'] as const;

export function evolveAttackStats(row: AttackStatsRow | null, e: StoredEvent, key: string): AttackStatsRow | null {
  if (e.type === 'AttackReported') {
    if (row) return row;
    const d = e.data as EventData<'AttackReported'>;
    const oblasts = uniq(d.places.map(oblastOf).filter((o): o is string => !!o));
    return {
      id: key,
      day: d.date,
      oblasts: oblasts.length ? oblasts : [UNKNOWN_OBLAST],
      killed: bestOf(d.killed) ?? 0,
      injured: bestOf(d.injured) ?? 0,
      counted: null,
    };
  }
  if (e.type === 'CasualtiesRevised' && row) {
    const d = e.data as EventData<'CasualtiesRevised'>;
    return { ...row, killed: d.killed ? (bestOf(d.killed) ?? 0) : row.killed, injured: d.injured ? (bestOf(d.injured) ?? 0) : row.injured };
  }
  return row;
}

export interface DailyStatDelta {
  oblast: string;
  day: string;
  incidents: number;
  killed: number;
  injured: number;
}

/** What moving rows from what the table counts of them to what they are now changes in the table. */
export function statDeltas(rows: AttackStatsRow[]): DailyStatDelta[] {
  const deltas = new Map<string, DailyStatDelta>();
  const add = (c: Contribution, sign: number) => {
    for (const oblast of [...c.oblasts, ALL_OBLASTS]) {
      const k = `${oblast}\n${c.day}`;
      const d = deltas.get(k) ?? { oblast, day: c.day, incidents: 0, killed: 0, injured: 0 };
      d.incidents += sign;
      d.killed += sign * c.killed;
      d.injured += sign * c.injured;
      deltas.set(k, d);
    }
  };
  for (const r of rows) {
    if (r.counted) add(r.counted, -1);
    add(r, 1);
  }
  return [...deltas.values()].filter((d) => d.incidents !== 0 || d.killed !== 0 || d.injured !== 0);
}

const incidents = new DocTable<AttackStatsRow>('rm_attack_daily_stats_incidents', 'incident_id', (r) => r.id, []);

async function save(client: Queryable, changes: Map<string, AttackStatsRow | null>): Promise<void> {
  const rows = [...changes.values()].filter((r): r is AttackStatsRow => r !== null);
  const deltas = statDeltas(rows);
  if (deltas.length) {
    await client.query(
      `INSERT INTO rm_attack_daily_stats AS s (oblast, day, incidents, killed, injured)
       SELECT oblast, day, incidents, killed, injured
       FROM jsonb_to_recordset($1::jsonb) AS x(oblast text, day date, incidents integer, killed double precision, injured double precision)
       ON CONFLICT (oblast, day) DO UPDATE SET incidents = s.incidents + EXCLUDED.incidents,
         killed = s.killed + EXCLUDED.killed, injured = s.injured + EXCLUDED.injured`,
      [JSON.stringify(deltas)],
    );
    await client.query(
      `DELETE FROM rm_attack_daily_stats s USING jsonb_to_recordset($1::jsonb) AS x(oblast text, day date)
       WHERE s.oblast = x.oblast AND s.day = x.day AND s.incidents <= 0`,
      [JSON.stringify(deltas.map((d) => ({ oblast: d.oblast, day: d.day })))],
    );
  }
  const counted = new Map<string, AttackStatsRow | null>();
  for (const [k, r] of changes)
    counted.set(k, r && { ...r, counted: { day: r.day, oblasts: r.oblasts, killed: r.killed, injured: r.injured } });
  await incidents.save(client, counted);
}

/** Per oblast and day: attack incidents, killed, injured (and each day's total under oblast "*"). */
export const attackDailyStatsProjection: Projection<AttackStatsRow> = {
  name: 'attack-daily-stats',
  eventTypes: ['AttackReported', ...LATER],
  tables: ['rm_attack_daily_stats', 'rm_attack_daily_stats_incidents'],
  keyOf: (e) => familyKeyOf('AttackReported', e, LATER),
  evolve: evolveAttackStats,
  load: (client, keys) => incidents.load(client, keys),
  save,
};
