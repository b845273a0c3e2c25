/**
 * Read API under load: 100,000 attack incidents in rm_attacks, then GET /attacks?limit=50 with
 * filters and GET /health/live (the baseline: the same process, no database) at the same fixed
 * request rate, at the same time, with autocannon. The API runs as its own process (as deployed),
 * autocannon in this one. Prints p50/p99 of each; last line JSON.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';
import autocannon from 'autocannon';
import { createPool, runMigrations } from '@app/database';
import { StoredEvent } from '@app/event-store';
import { AttackRow, applyBatch, attacksProjection } from '@app/projections';
import { log, printTable, round, withBenchDatabase } from './bench-util';

const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);

const OBLASTS = [
  'Donetsk',
  'Kharkiv',
  'Zaporizhzhia',
  'Kherson',
  'Dnipropetrovsk',
  'Sumy',
  'Kyiv',
  'Odesa',
  'Mykolaiv',
  'Chernihiv',
  'Luhansk',
  'Lviv',
];
const WEAPONS = ['shelling', 'missile', 'drone', 'airstrike', 'glide_bomb'];

function attackEvent(i: number): StoredEvent {
  const oblast = OBLASTS[i % OBLASTS.length];
  const day = new Date(Date.UTC(2022, 1, 24) + (i % 1200) * 86_400_000).toISOString().slice(0, 10);
  const killed = i % 3 === 0 ? 0 : i % 17;
  return {
    globalPosition: i + 1,
    transactionId: String(1000 + i),
    streamId: `incident-bench-${i}`,
    streamPosition: 1,
    eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    type: 'AttackReported',
    schemaVersion: 1,
    data: {
      perpetrator: 'RU',
      target: 'UA',
      weapons: [WEAPONS[i % WEAPONS.length]],
      places: [
        {
          name: `${oblast} town ${i % 50}`,
          admin1: `${oblast} Oblast`,
          country: 'UA',
          lat: 47 + (i % 400) / 100,
          lon: 30 + (i % 900) / 100,
          precision: 'settlement',
        },
      ],
      killed: { min: killed, max: killed, approx: false },
      injured: { min: i % 23, max: i % 23, approx: false },
      date: day,
      evidence: [{ reportId: `r${i}`, sentence: `A strike hit ${oblast} town ${i % 50}, killing ${killed}.`, start: 0, end: 40 }],
    },
    metadata: { reportId: `r${i}`, incidentId: `bench-${i}`, confidence: 0.8, extractorVersion: 'bench' },
    recordedAt: new Date(Date.UTC(2025, 0, 1) + i * 1000),
  };
}

/** Filter mixes a map or a spreadsheet user sends. */
const ATTACK_PATHS = [
  '/attacks?limit=50',
  '/attacks?limit=50&oblast=Donetsk',
  '/attacks?limit=50&oblast=kharkiv&minKilled=5',
  '/attacks?limit=50&from=2023-01-01&to=2023-12-31',
  '/attacks?limit=50&weapon=drone&sort=-date',
  '/attacks?limit=50&place=Sumy%20town%207',
  '/attacks?limit=50&minKilled=10&sort=-killed',
  '/attacks?limit=50&party=RU&from=2024-01-01',
];

function load(url: string, paths: string[]): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: 20,
        overallRate: RATE,
        duration: SECONDS,
        requests: paths.map((path) => ({ method: 'GET', path })),
      },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  await withBenchDatabase('api', async (url) => {
    await runMigrations(url, { log: () => undefined });
    const pool = createPool(url, 4, 'bench-api-seed');
    const t0 = Date.now();
    for (let i = 0; i < INCIDENTS; i += 5000) {
      const events = Array.from({ length: Math.min(5000, INCIDENTS - i) }, (_, j) => attackEvent(i + j));
      await applyBatch<AttackRow>(attacksProjection, pool, events);
    }
    await pool.query('ANALYZE rm_attacks');
    await pool.end();
    log(`seeded ${INCIDENTS} attack incidents in ${((Date.now() - t0) / 1000).toFixed(1)} s`);

    const port = await freePort();
    const api = spawn(process.execPath, [path.resolve(__dirname, '../apps/api/src/main.js')], {
      env: {
        ...process.env,
        DATABASE_URL: url,
        LOG_LEVEL: 'silent',
        PORT: String(port),
        HOST: '127.0.0.1',
        REDIS_PREFIX: `bench-api-${process.pid}`,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/health/live`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) break;
      if (i > 300) throw new Error('the API did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      // Warm up the pool and the plans.
      await load(base, ATTACK_PATHS).catch(() => undefined);
      log(`loading at ${RATE} requests/s each for ${SECONDS} s …`);
      const [attacks, health] = await Promise.all([load(base, ATTACK_PATHS), load(base, ['/health/live'])]);
      const bad = attacks.non2xx + attacks.errors + health.non2xx + health.errors;
      const result = {
        attacksP50Ms: round(attacks.latency.p50, 1),
        attacksP99Ms: round(attacks.latency.p99, 1),
        healthP50Ms: round(health.latency.p50, 1),
        healthP99Ms: round(health.latency.p99, 1),
        p99Ratio: round(attacks.latency.p99 / Math.max(health.latency.p99, 1), 2),
        rps: round(attacks.requests.average, 0),
        healthRps: round(health.requests.average, 0),
        incidents: INCIDENTS,
        failed: bad,
      };
      printTable([
        ['figure', 'p50 ms', 'p99 ms', 'req/s', 'target'],
        ['GET /attacks?limit=50 (filters)', result.attacksP50Ms, result.attacksP99Ms, result.rps, 'p99 ≤ 25'],
        ['GET /health/live (baseline)', result.healthP50Ms, result.healthP99Ms, result.healthRps, '-'],
        ['p99 ratio', '-', result.p99Ratio, '-', '≤ 3'],
      ]);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } finally {
      api.kill('SIGTERM');
    }
  });
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
