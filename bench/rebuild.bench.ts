/**
 * Rebuild throughput: 200,000 events of a realistic mix (reports received and processed, attack,
 * talks, ceasefire and exchange incidents, corroborations and revisions) rebuilt into every
 * projection in one pass, beside the baseline of reading the same log through readAll alone.
 * Last line JSON.
 */
import { randomUUID } from 'node:crypto';
import { createPool, runMigrations } from '@app/database';
import { NewEvent, PostgresEventStore, START, StreamAppend } from '@app/event-store';
import { PROJECTIONS, rebuildProjections } from '@app/projections';
import { ProcCpu, log, partCpu, peakRssMb, printTable, round, withBenchDatabase } from './bench-util';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);
const OBLASTS = ['Donetsk', 'Kharkiv', 'Zaporizhzhia', 'Kherson', 'Sumy', 'Odesa'];
/** Connections the rebuild builds on side by side. */
const PARALLEL = Number(process.env.BENCH_PARALLEL ?? 4);

/** One report's worth of events, as the processor writes them: about six events. */
function reportAppends(i: number, prior: string[]): { appends: StreamAppend[]; incidentId: string } {
  const reportId = randomUUID();
  const incidentId = randomUUID();
  const meta = { reportId, incidentId, extractorVersion: 'bench', confidence: 0.8, correlationId: reportId };
  const day = new Date(Date.UTC(2024, 0, 1) + (i % 365) * 86_400_000).toISOString().slice(0, 10);
  const oblast = OBLASTS[i % OBLASTS.length];
  const evidence = [{ reportId, sentence: `Report ${i} sentence.`, start: 0, end: 20 }];
  const received: NewEvent = {
    eventId: reportId,
    type: 'ReportReceived',
    data: {
      reportId,
      feedId: `feed-${i % 20}`,
      title: `Report ${i}`,
      content: 'text',
      publishedAt: `${day}T08:00:00Z`,
      contentHash: reportId,
    },
    metadata: { correlationId: reportId, feedId: `feed-${i % 20}` },
  };
  const kind = i % 10;
  const incident: NewEvent[] = [];
  const eventIds: string[] = [];
  let target: string = incidentId;
  if (kind < 6 || prior.length === 0) {
    const family =
      kind < 4
        ? {
            type: 'AttackReported',
            data: {
              perpetrator: 'RU',
              target: 'UA',
              weapons: ['drone'],
              places: [{ name: `${oblast} town`, admin1: `${oblast} Oblast`, country: 'UA', lat: 48, lon: 36, precision: 'settlement' }],
              killed: { min: i % 7, max: i % 7, approx: false },
              date: day,
              evidence,
            },
          }
        : kind === 4
          ? { type: 'TalksHeld', data: { parties: ['RU', 'UA'], mediators: ['TR'], date: day, outcome: 'partial', evidence } }
          : i % 2
            ? { type: 'CeasefireProposed', data: { proposer: 'UA', addressee: 'RU', scope: 'energy', date: day, evidence } }
            : {
                type: 'ExchangeAgreed',
                data: { category: 'prisoners', parties: ['RU', 'UA'], count: { min: 90, max: 90, approx: false }, date: day, evidence },
              };
    const id = randomUUID();
    incident.push({ eventId: id, ...family, metadata: meta });
    eventIds.push(id);
  } else {
    // A later report of an attack on record: a corroboration and revised figures.
    target = prior[i % prior.length];
    const id = randomUUID();
    incident.push({
      eventId: id,
      type: 'IncidentCorroborated',
      data: { incidentId: target, reportId, eventId: id, family: 'AttackReported', evidence },
      metadata: meta,
    });
    incident.push({
      type: 'CasualtiesRevised',
      data: { incidentId: target, reportId, killed: { min: 10 + (i % 5), max: 10 + (i % 5), approx: false }, previous: {} },
      metadata: meta,
    });
    eventIds.push(id);
  }
  const processed: NewEvent = {
    type: 'ReportProcessed',
    data: { reportId, extractorVersion: 'bench', eventIds, incidentIds: [target] },
    metadata: meta,
  };
  return {
    incidentId: target,
    appends: [
      { streamId: `report-${reportId}`, events: [received] },
      { streamId: `incident-${target}`, events: incident },
      { streamId: `report-${reportId}`, events: [processed] },
    ],
  };
}

async function main(): Promise<void> {
  await withBenchDatabase('rebuild', async (url) => {
    await runMigrations(url, { log: () => undefined });
    const pool = createPool(url, 8, 'bench-rebuild');
    const store = new PostgresEventStore(pool);
    const t0 = Date.now();
    let written = 0;
    const attacks: string[] = [];
    let i = 0;
    while (written < EVENTS) {
      const batch: StreamAppend[][] = [];
      for (let k = 0; k < 200 && written < EVENTS; k++, i++) {
        const r = reportAppends(i, attacks);
        if (i % 10 < 4) attacks.push(r.incidentId);
        batch.push(r.appends);
        written += r.appends.reduce((n, a) => n + a.events.length, 0);
      }
      // Several reports per transaction (each report's streams in order), 8 at a time.
      await Promise.all(
        Array.from({ length: 8 }, (_, w) =>
          (async () => {
            for (let j = w; j < batch.length; j += 8) await store.appendMany(batch[j]);
          })(),
        ),
      );
    }
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
    const total = rows[0].n;
    log(`wrote ${total} events in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    // Baseline: the same log read through readAll, nothing applied.
    let t = process.hrtime.bigint();
    let from = START;
    for (;;) {
      const b = await store.readAll(from, { batchSize: 5000 });
      if (!b.events.length) break;
      from = b.checkpoint;
    }
    const readSeconds = Number(process.hrtime.bigint() - t) / 1e9;

    const cpu = new ProcCpu();
    const cpuBefore = cpu.read();
    t = process.hrtime.bigint();
    const reports = await rebuildProjections(pool, store, PROJECTIONS, { batchSize: 5000, parallel: PARALLEL });
    const rebuildSeconds = Number(process.hrtime.bigint() - t) / 1e9;
    const cpuAfter = cpu.read();
    const ownCpu = (cpuAfter.get(process.pid)?.seconds ?? 0) - (cpuBefore.get(process.pid)?.seconds ?? 0);
    const postgresCpu = partCpu(cpuBefore, cpuAfter, (p) => p.name === 'postgres');
    log(
      `CPU during the rebuild (${rebuildSeconds.toFixed(1)} s): this process ${ownCpu.toFixed(1)} s, PostgreSQL ${postgresCpu.toFixed(1)} s`,
    );
    // Where the time goes: each projection rebuilt alone.
    const alone: (string | number)[][] = [];
    if (process.env.BENCH_PER_PROJECTION) {
      for (const p of PROJECTIONS) {
        const s = process.hrtime.bigint();
        await rebuildProjections(pool, store, [p], { batchSize: 5000 });
        alone.push([`  ${p.name} alone`, round(total / (Number(process.hrtime.bigint() - s) / 1e9), 0), '-', '-', '-']);
      }
    }
    const counts = await pool.query<{ t: string; n: number }>(
      `SELECT 'rm_attacks' AS t, count(*)::int AS n FROM rm_attacks UNION ALL SELECT 'rm_reports', count(*)::int FROM rm_reports
       UNION ALL SELECT 'rm_timeline', count(*)::int FROM rm_timeline`,
    );
    await pool.end();

    const result = {
      events: total,
      projections: reports.length,
      rebuildEventsPerSec: round(total / rebuildSeconds, 0),
      readOnlyEventsPerSec: round(total / readSeconds, 0),
      ratio: round(readSeconds / rebuildSeconds, 2),
      rebuildSeconds: round(rebuildSeconds, 1),
      peakRssMb: peakRssMb(),
    };
    log(counts.rows.map((r) => `${r.t}: ${r.n}`).join(', '));
    printTable([
      ['figure', 'ours', 'baseline', 'ratio', 'target'],
      [
        `events/s rebuilding ${reports.length} projections`,
        result.rebuildEventsPerSec,
        result.readOnlyEventsPerSec,
        result.ratio,
        '≥ 20,000/s',
      ],
      ...alone,
    ]);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
