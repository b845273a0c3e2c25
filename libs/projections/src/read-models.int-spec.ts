import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { LocalWake, NewEvent, PostgresEventStore } from '@app/event-store';
import { eventually, retryWhile, sleep, testDatabaseUrl, testPool } from '@app/testing';
import { ProjectionRunner } from './projection-runner';
import { RebuildInProgressError, rebuildProjection, rebuildProjections, shadowSchema } from './rebuild';
import { PROJECTIONS } from './registry';

/** Writes a report and its attack the way the processor does: incident stream, then report stream. */
async function attackReport(
  store: PostgresEventStore,
  oblast: string,
  opts: { incidentId?: string; killed?: number; day?: string } = {},
): Promise<{ reportId: string; incidentId: string }> {
  const reportId = randomUUID();
  const incidentId = opts.incidentId ?? randomUUID();
  const eventId = randomUUID();
  const meta = { reportId, incidentId, extractorVersion: 'x1', confidence: 0.8, correlationId: reportId };
  await store.append(`report-${reportId}`, [
    {
      eventId: reportId,
      type: 'ReportReceived',
      data: { reportId, title: `Strike in ${oblast}`, contentHash: reportId },
      metadata: { correlationId: reportId },
    },
  ]);
  const killed = { min: opts.killed ?? 1, max: opts.killed ?? 1, approx: false };
  const incidentEvents: NewEvent[] = opts.incidentId
    ? [
        {
          eventId,
          type: 'IncidentCorroborated',
          data: { incidentId, reportId, eventId, family: 'AttackReported', evidence: [] },
          metadata: meta,
        },
        { type: 'CasualtiesRevised', data: { incidentId, reportId, killed, previous: {} }, metadata: meta },
      ]
    : [
        {
          eventId,
          type: 'AttackReported',
          data: {
            target: 'UA',
            perpetrator: 'RU',
            weapons: ['drone'],
            places: [{ name: `${oblast} town`, admin1: oblast, country: 'UA', lat: 48, lon: 37, precision: 'settlement' }],
            killed,
            date: opts.day ?? '2025-06-01',
            evidence: [{ reportId, sentence: 'A drone hit the town.', start: 0, end: 21 }],
          },
          metadata: meta,
        },
      ];
  await store.append(`incident-${incidentId}`, incidentEvents);
  await store.append(`report-${reportId}`, [
    { type: 'ReportProcessed', data: { reportId, extractorVersion: 'x1', eventIds: [eventId], incidentIds: [incidentId] }, metadata: meta },
  ]);
  return { reportId, incidentId };
}

/**
 * Other test files rebuild projections of the same database (one rebuild of a projection at a time):
 * wait for theirs to end instead of failing with RebuildInProgressError.
 */
const whenFree = <T>(rebuild: () => Promise<T>): Promise<T> => retryWhile(rebuild, (err) => err instanceof RebuildInProgressError);

describe('read models over the log', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  const wake = new LocalWake();
  let runners: ProjectionRunner[] = [];

  beforeAll(() => {
    pool = testPool(12);
    store = new PostgresEventStore(pool, { notifier: wake });
    runners = PROJECTIONS.map(
      (p) => new ProjectionRunner(pool, store, p, { databaseUrl: testDatabaseUrl(), wake, pollMs: 50, standbyRetryMs: 50 }),
    );
    runners.forEach((r) => r.start());
  });
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await pool.end();
  });

  const snapshot = async (oblast: string) => {
    const like = `%${oblast}%`;
    const q = async (sql: string) => (await pool.query(sql, [like])).rows;
    return {
      attacks: await q(`SELECT * FROM rm_attacks WHERE doc::text LIKE $1 ORDER BY incident_id`),
      timeline: await q(`SELECT * FROM rm_timeline WHERE doc::text LIKE $1 ORDER BY id`),
      stats: await q(`SELECT * FROM rm_attack_daily_stats WHERE oblast LIKE $1 ORDER BY oblast, day`),
      reports: await q(`SELECT * FROM rm_reports WHERE doc->>'title' LIKE $1 ORDER BY report_id`),
    };
  };

  it('projects attacks, daily figures and reports; a rebuild while events arrive yields the same rows and loses none', async () => {
    const oblast = `Testland-${randomUUID().slice(0, 8)} Oblast`;
    const first = await attackReport(store, oblast, { killed: 2 });
    await attackReport(store, oblast, { incidentId: first.incidentId, killed: 5 });
    for (let i = 0; i < 10; i++) await attackReport(store, oblast, { killed: i, day: `2025-06-0${1 + (i % 3)}` });

    await eventually(async () => (await snapshot(oblast)).reports.filter((r) => r.outcome === 'extracted').length === 12);
    // Each projection has its own runner and checkpoint: wait until every one has caught up.
    await eventually(async () => {
      const s = await snapshot(oblast);
      const sum = (k: string) => s.stats.reduce((n, x) => n + Number(x[k]), 0);
      const revised = s.attacks.find((r) => r.incident_id === first.incidentId);
      return s.attacks.length === 11 && revised?.source_count === 2 && sum('incidents') === 11 && sum('killed') === 5 + 45;
    });
    const live = await snapshot(oblast);
    expect(live.attacks).toHaveLength(11);
    const a = live.attacks.find((r) => r.incident_id === first.incidentId)!;
    expect(a).toMatchObject({ killed: 5, source_count: 2, oblast_keys: [expect.stringContaining('testland')] });
    expect(a.doc.revisions).toHaveLength(1);
    expect(live.stats.map((s) => [s.incidents, s.killed])).toEqual([
      [5, 5 + 0 + 3 + 6 + 9],
      [3, 1 + 4 + 7],
      [3, 2 + 5 + 8],
    ]);

    // Rebuild everything while more reports keep arriving.
    let writing = true;
    const more = (async () => {
      let n = 0;
      while (writing || n < 5) {
        await attackReport(store, oblast, { killed: 1, day: '2025-06-04' });
        n++;
        await sleep(5);
      }
      return n;
    })();
    const reports = await whenFree(() => rebuildProjections(pool, store, PROJECTIONS, { batchSize: 500, flushEvery: 5 }));
    writing = false;
    const added = await more;
    expect(reports.map((r) => r.projection)).toEqual(PROJECTIONS.map((p) => p.name));
    expect(Math.min(...reports.map((r) => r.eventsRead))).toBeGreaterThan(0);

    // Every table of the snapshot is compared below, and each has its own runner: wait until all of
    // them have applied the last report, the timeline and the report outcomes included.
    await eventually(async () => {
      const s = await snapshot(oblast);
      return (
        s.attacks.length === 11 + added &&
        s.timeline.length === 11 + added &&
        s.stats.find((x) => String(x.day.toISOString()).startsWith('2025-06-04'))?.incidents === added &&
        s.reports.length === 12 + added &&
        s.reports.every((r) => r.outcome === 'extracted')
      );
    }, 20_000);
    const afterLive = await snapshot(oblast);

    // And a rebuild from a quiet log gives exactly what the live runners built.
    await whenFree(() => rebuildProjections(pool, store, PROJECTIONS));
    const rebuilt = await snapshot(oblast);
    expect(rebuilt).toEqual(afterLive);
    expect(rebuilt.stats.find((x) => x.oblast === oblast && String(x.day.toISOString()).startsWith('2025-06-04'))?.incidents).toBe(added);
  });

  it('keeps the index names the migrations gave after a swap', async () => {
    const names = async () =>
      // The live schema only: another test's rebuild may have a shadow rm_attacks meanwhile.
      (
        await pool.query<{ n: string }>(
          `SELECT indexname AS n FROM pg_indexes WHERE tablename = 'rm_attacks' AND schemaname = current_schema() ORDER BY 1`,
        )
      ).rows.map((r) => r.n);
    const before = await names();
    await whenFree(() =>
      rebuildProjection(
        pool,
        store,
        PROJECTIONS.find((p) => p.name === 'attacks')!,
      ),
    );
    expect(await names()).toEqual(before);
    expect(before).toEqual(expect.arrayContaining(['rm_attacks_by_date', 'rm_attacks_pkey']));
  });

  it("refuses a second rebuild of a projection while one runs, and leaves the running one's shadow tables alone", async () => {
    const projection = PROJECTIONS.find((p) => p.name === 'timeline')!;
    const schemaExists = async () =>
      (await pool.query(`SELECT 1 FROM pg_namespace WHERE nspname = $1`, [shadowSchema('timeline')])).rowCount === 1;
    const holder = await pool.connect();
    try {
      // The lock and a shadow schema as a running rebuild holds them.
      await holder.query(`SELECT pg_advisory_lock(hashtextextended('projection-rebuild:timeline', 0))`);
      await holder.query(`CREATE SCHEMA IF NOT EXISTS ${shadowSchema('timeline')}`);
      await expect(rebuildProjection(pool, store, projection)).rejects.toBeInstanceOf(RebuildInProgressError);
      expect(await schemaExists()).toBe(true);
    } finally {
      await holder.query(`DROP SCHEMA IF EXISTS ${shadowSchema('timeline')} CASCADE`);
      await holder.query(`SELECT pg_advisory_unlock(hashtextextended('projection-rebuild:timeline', 0))`);
      holder.release();
    }
  });
});
