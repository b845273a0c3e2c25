/**
 * News to alert, end to end: a local feed polled every second publishes reports of attacks that a
 * subscription matches; a local receiver verifies each webhook. Prints the latency from
 * publication to verified webhook (p50/p95/p99), and the throughput of a burst of 500 reports with
 * one and with two worker processes, each after the same warm-up burst and timed from the poll that
 * fetched the burst (the wait for that poll is not processing), with the CPU each part of the
 * stack used meanwhile and the scale-out that CPU allows on this machine. Last line: one JSON object.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { runMigrations } from '@app/database';
import { extract } from '@app/extraction';
import { AlertReceiver } from '../apps/cli/src/demo/alert-receiver';
import { renderRss } from '../apps/cli/src/demo/demo-feed-server';
import { ProcCpu, log, partCpu, percentile, printTable, round, withBenchDatabase } from './bench-util';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const LATENCY_RATE = Number(process.env.BENCH_RATE ?? 25);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const KEY = 'e2e-bench-key';
// From dist/bench when built, from bench/ when run from source.
const root = resolve(__dirname, __dirname.split('/').includes('dist') ? '../..' : '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const TOWNS = [
  'Kharkiv',
  'Sumy',
  'Odesa',
  'Dnipro',
  'Zaporizhzhia',
  'Kherson',
  'Mykolaiv',
  'Kramatorsk',
  'Sloviansk',
  'Pokrovsk',
  'Kostiantynivka',
  'Poltava',
  'Chernihiv',
  'Kryvyi Rih',
  'Nikopol',
  'Kyiv',
  'Lviv',
  'Vinnytsia',
  'Zhytomyr',
  'Cherkasy',
  'Kropyvnytskyi',
  'Izium',
  'Kupiansk',
  'Bilopillia',
  'Shostka',
  'Okhtyrka',
  'Konotop',
  'Lyman',
  'Druzhkivka',
  'Myrnohrad',
  'Pavlohrad',
  'Marhanets',
  'Orikhiv',
  'Huliaipole',
  'Beryslav',
  'Ochakiv',
  'Chuhuiv',
  'Bohodukhiv',
  'Lozova',
  'Balakliia',
  'Vovchansk',
  'Zolochiv',
  'Krasnopillia',
  'Trostianets',
  'Romny',
  'Hlukhiv',
  'Kremenchuk',
  'Uman',
  'Bila Tserkva',
  'Brovary',
];

interface Item {
  id: string;
  title: string;
  content: string;
  publishedAt: string;
  key: string;
  visibleAt?: number;
  /** When a poll first fetched it. */
  servedAt?: number;
}

/** Reports of distinct strikes: towns the extractor places, each on days far enough apart to be separate incidents. */
function makeItems(count: number, offset: number): Item[] {
  const towns = TOWNS.filter((town) => {
    const r = extract({
      id: 'probe',
      title: `Russian drone strike on ${town} kills 3`,
      content: `A Russian drone strike on ${town} killed 3 people, the governor said.`,
      publishedAt: '2025-01-01T09:00:00Z',
    });
    return r.events.some((e) => e.type === 'AttackReported' && JSON.stringify(e.data.places).includes(town));
  });
  const items: Item[] = [];
  for (let i = offset; items.length < count; i++) {
    const town = towns[i % towns.length];
    const day = new Date(Date.UTC(2024, 0, 1) + Math.floor(i / towns.length) * 3 * 86_400_000);
    const date = day.toISOString().slice(0, 10);
    const killed = 2 + (i % 9);
    items.push({
      id: `e2e-${i}`,
      title: `Russian drone strike on ${town} kills ${killed}`,
      content: `A Russian drone strike on ${town} killed ${killed} people and injured ${killed + 3}, the regional governor said.`,
      publishedAt: `${date}T09:00:00Z`,
      key: `${town}|${date}`,
    });
  }
  return items;
}

class BenchFeed {
  private server: Server | null = null;
  visible: Item[] = [];
  url = '';
  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const etag = `"n${this.visible.length}"`;
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
      res.writeHead(200, { 'content-type': 'application/rss+xml', etag });
      const now = performance.now();
      for (const i of this.visible) i.servedAt ??= now;
      res.end(renderRss(this.visible, this.url));
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/feed.xml`;
    return this.url;
  }
  publish(items: Item[]): void {
    const now = performance.now();
    for (const i of items) i.visibleAt = now;
    this.visible = [...this.visible, ...items];
  }
  close(): Promise<void> {
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

interface Stack {
  received: Map<string, number>;
  /** Webhooks received more than once (same webhook-id) and reports processed more than once. */
  duplicates: () => Promise<{ deliveries: number; processed: number }>;
  workerPids: number[];
  apiPid: number;
  publish: (items: Item[]) => void;
  stop: () => Promise<void>;
}

async function startStack(dbUrl: string, workers: number, label: string): Promise<Stack> {
  await runMigrations(dbUrl, { log: () => undefined });
  const port = await freePort();
  const api = `http://127.0.0.1:${port}`;
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: dbUrl,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `cmbench-e2e-${label}-${process.pid}`,
    API_KEYS: KEY,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: api,
    ALLOW_PRIVATE_NETWORK: '127.0.0.0/8',
    MIN_POLL_INTERVAL_SECONDS: '1',
    LOG_LEVEL: 'warn',
    DATABASE_POOL_SIZE: '10',
  };
  const procs: ChildProcess[] = [];
  const start = (app: string) => {
    const p = spawn(process.execPath, [join(root, `dist/apps/${app}/src/main.js`)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
    procs.push(p);
    return p.pid ?? -1;
  };
  const apiPid = start('api');
  const workerPids = Array.from({ length: workers }, () => start('worker'));
  for (let i = 0; ; i++) {
    if (
      await fetch(`${api}/health/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (i > 200) throw new Error('the API did not become ready');
    await sleep(100);
  }
  const received = new Map<string, number>();
  const webhookIds = new Map<string, number>();
  const receiver = new AlertReceiver((a) => {
    webhookIds.set(a.id, (webhookIds.get(a.id) ?? 0) + 1);
    if (!a.verified) throw new Error('a webhook failed verification');
    const inc = a.body.incident as { places?: { name: string }[]; date?: string } | undefined;
    if (a.body.type !== 'incident.reported' || !inc?.places?.length) return;
    const key = `${inc.places[0].name}|${inc.date}`;
    if (!received.has(key)) received.set(key, performance.now());
  });
  const receiverUrl = await receiver.start();
  const headers = { 'content-type': 'application/json', 'x-api-key': KEY };
  const sub = await fetch(`${api}/subscriptions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: receiverUrl, filter: { families: ['AttackReported'] } }),
  });
  if (sub.status !== 201) throw new Error(`subscription: HTTP ${sub.status} ${await sub.text()}`);
  receiver.secret = ((await sub.json()) as { secret: string }).secret;
  const feed = new BenchFeed();
  const feedUrl = await feed.start();
  const reg = await fetch(`${api}/feeds`, { method: 'POST', headers, body: JSON.stringify({ url: feedUrl, pollIntervalSeconds: 1 }) });
  if (reg.status !== 201) throw new Error(`feed: HTTP ${reg.status} ${await reg.text()}`);
  await sleep(1500);
  const duplicates = async () => {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: dbUrl });
    await c.connect();
    try {
      const { rows } = await c.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM (SELECT stream_id FROM es_events WHERE type = 'ReportProcessed' GROUP BY stream_id HAVING count(*) > 1) d`,
      );
      return { deliveries: [...webhookIds.values()].filter((n) => n > 1).length, processed: rows[0]!.n };
    } finally {
      await c.end();
    }
  };
  return {
    received,
    duplicates,
    workerPids,
    apiPid,
    publish: (items) => feed.publish(items),
    stop: async () => {
      procs.forEach((p) => p.kill('SIGTERM'));
      await Promise.all(procs.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once('exit', r)))));
      await feed.close();
      await receiver.close();
    },
  };
}

async function waitFor(stack: Stack, items: Item[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (items.some((i) => !stack.received.has(i.key)) && Date.now() < deadline) await sleep(20);
  return items.filter((i) => stack.received.has(i.key)).length;
}

/** CPU seconds each part of the stack used during a burst. */
interface CpuUse {
  workers: number;
  /** Each worker process's share, in start order. */
  perWorker?: number[];
  postgres: number;
  redis: number;
  api: number;
  bench: number;
}

const cpu = new ProcCpu();

function cpuUse(stack: Stack, from: ReturnType<ProcCpu['read']>, to: ReturnType<ProcCpu['read']>): CpuUse {
  const use: CpuUse = { workers: 0, perWorker: stack.workerPids.map(() => 0), postgres: 0, redis: 0, api: 0, bench: 0 };
  for (const [pid, now] of to) {
    const spent = now.seconds - (from.get(pid)?.seconds ?? 0);
    if (stack.workerPids.includes(pid)) {
      use.workers += spent;
      use.perWorker![stack.workerPids.indexOf(pid)] += spent;
    } else if (pid === stack.apiPid) use.api += spent;
    else if (pid === process.pid) use.bench += spent;
    else if (now.name.startsWith('redis-server')) use.redis += spent;
  }
  use.postgres = partCpu(from, to, (p) => p.name === 'postgres');
  return use;
}

interface BurstResult {
  perSec: number;
  delivered: number;
  seconds: number;
  cpu: CpuUse;
}

/**
 * A burst of reports at once: reports per second from the poll that fetched them to the last
 * webhook, and the CPU each part of the stack used from publication to the last webhook.
 */
async function burst(stack: Stack, items: Item[]): Promise<BurstResult> {
  const before = cpu.read();
  stack.publish(items);
  const delivered = await waitFor(stack, items, 180_000);
  const after = cpu.read();
  const t0 = Math.min(...items.map((i) => i.servedAt ?? Infinity));
  const last = Math.max(...items.map((i) => stack.received.get(i.key) ?? 0));
  const seconds = (last - t0) / 1000;
  const use = cpuUse(stack, before, after);
  if (process.env.BENCH_DEBUG)
    log(
      `burst done: ${delivered} delivered in ${seconds.toFixed(2)} s after the poll; worker CPU s: ${use.perWorker!.map((x) => x.toFixed(2)).join(', ')}`,
    );
  return { perSec: delivered / seconds, delivered, seconds, cpu: use };
}

/** The same warm-up for every stack measured: connections opened, code compiled, caches filled. */
async function warmUp(stack: Stack): Promise<void> {
  if (WARMUP > 0) await burst(stack, makeItems(WARMUP, 20_000));
}

/** When each stage of the last burst passed half, 90 % and all of its reports, from its first report received (diagnostics). */
async function stages(url: string, count: number): Promise<void> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `WITH burst AS (SELECT stream_id, recorded_at FROM es_events WHERE type = 'ReportReceived' ORDER BY global_position DESC LIMIT $1),
          t0 AS (SELECT min(recorded_at) AS t FROM burst),
          at AS (
            SELECT 'received' AS stage, recorded_at AS t FROM burst
            UNION ALL SELECT 'processed', e.recorded_at FROM es_events e JOIN burst b USING (stream_id) WHERE e.type = 'ReportProcessed'
            UNION ALL SELECT 'delivery rows', d.created_at FROM deliveries d WHERE d.created_at >= (SELECT t FROM t0)
            UNION ALL SELECT 'delivered', d.updated_at FROM deliveries d WHERE d.status = 'delivered' AND d.created_at >= (SELECT t FROM t0))
     SELECT stage, count(*) AS n,
            percentile_cont(ARRAY[0.5, 0.9, 1]) WITHIN GROUP (ORDER BY extract(epoch FROM t - (SELECT t FROM t0))) AS s
     FROM at GROUP BY stage ORDER BY min(t), stage`,
    [count],
  );
  for (const r of rows) {
    const [half, most, all] = (r.s as number[]).map((x) => x.toFixed(2));
    log(`  ${r.stage}: ${r.n}; half by ${half} s, 90 % by ${most} s, all by ${all} s`);
  }
  await c.end();
}

async function main() {
  let latency: number[] = [];
  const none: BurstResult = { perSec: 0, delivered: 0, seconds: 0, cpu: { workers: 0, postgres: 0, redis: 0, api: 0, bench: 0 } };
  let one = none;
  let two = none;
  let twoDuplicates = { deliveries: -1, processed: -1 };
  await withBenchDatabase('e2e1', async (url) => {
    const stack = await startStack(url, 1, 'one');
    try {
      const items = makeItems(ITEMS, 0);
      log(`latency: ${ITEMS} reports published at ${LATENCY_RATE}/s, one worker process …`);
      for (let i = 0; i < items.length; i += LATENCY_RATE / 5) {
        stack.publish(items.slice(i, i + LATENCY_RATE / 5));
        await sleep(200);
      }
      await waitFor(stack, items, 60_000);
      latency = items.map((i) => (stack.received.get(i.key) ?? Infinity) - i.visibleAt!).sort((a, b) => a - b);
      log(`burst: ${WARMUP} reports to warm up, then ${ITEMS} at once, one worker process …`);
      await warmUp(stack);
      one = await burst(stack, makeItems(ITEMS, 10_000));
      if (process.env.BENCH_DEBUG) await stages(url, ITEMS);
    } finally {
      await stack.stop();
    }
  });
  await withBenchDatabase('e2e2', async (url) => {
    const stack = await startStack(url, 2, 'two');
    try {
      log(`burst: ${WARMUP} reports to warm up, then ${ITEMS} at once, two worker processes …`);
      await warmUp(stack);
      two = await burst(stack, makeItems(ITEMS, 10_000));
      if (process.env.BENCH_DEBUG) await stages(url, ITEMS);
      twoDuplicates = await stack.duplicates();
    } finally {
      await stack.stop();
    }
  });
  // What CPU allows: one worker process runs on at most one core; all the processes of the stack
  // share the machine's cores. With the CPU per report the one-worker burst used, two worker
  // processes can go no faster than the lower of those two limits.
  const cores = availableParallelism();
  const perReport = (c: CpuUse) => ({
    worker: c.workers / Math.max(1, one.delivered),
    rest: (c.postgres + c.redis + c.api + c.bench) / Math.max(1, one.delivered),
  });
  const { worker, rest } = perReport(one.cpu);
  const ceiling = worker > 0 ? Math.min(2 / worker, cores / (worker + rest)) : NaN;
  const result = {
    e2eP50Ms: round(percentile(latency, 50), 0),
    e2eP95Ms: round(percentile(latency, 95), 0),
    e2eP99Ms: round(percentile(latency, 99), 0),
    deliveredLatencyRun: latency.filter(Number.isFinite).length,
    reportsPerSecOneWorker: round(one.perSec, 1),
    reportsPerSecTwoWorkers: round(two.perSec, 1),
    scaleOut: round(two.perSec / one.perSec),
    scaleOutCpuCeiling: round(ceiling / one.perSec),
    delivered: `${one.delivered}/${ITEMS} and ${two.delivered}/${ITEMS}`,
    duplicateDeliveriesTwoWorkers: twoDuplicates.deliveries,
    duplicateProcessingTwoWorkers: twoDuplicates.processed,
  };
  printTable([
    ['figure', 'value', 'baseline', 'target'],
    [
      'publish → verified webhook p50 / p95 / p99 (ms), 1 s polls',
      `${result.e2eP50Ms} / ${result.e2eP95Ms} / ${result.e2eP99Ms}`,
      'poll interval 1,000',
      'p95 ≤ 2,000',
    ],
    [`burst of ${ITEMS}: reports/s to webhook, 1 worker`, result.reportsPerSecOneWorker, '(baseline)', '-'],
    [`burst of ${ITEMS}: reports/s to webhook, 2 workers`, result.reportsPerSecTwoWorkers, result.reportsPerSecOneWorker, 'ratio ≥ 1.5'],
    [`ratio the CPU of ${cores} cores allows (see below)`, result.scaleOutCpuCeiling, '-', '-'],
    [
      'with 2 workers: webhooks received twice / reports processed twice',
      `${twoDuplicates.deliveries} / ${twoDuplicates.processed}`,
      '-',
      '0 / 0',
    ],
  ]);
  const busy = (b: BurstResult) => {
    const c = (v: number) => round(v / b.seconds, 2);
    const total = b.cpu.workers + b.cpu.postgres + b.cpu.redis + b.cpu.api + b.cpu.bench;
    return `workers ${c(b.cpu.workers)}, PostgreSQL ${c(b.cpu.postgres)}, Redis ${c(b.cpu.redis)}, API ${c(b.cpu.api)}, feed and receiver ${c(b.cpu.bench)}: ${c(total)} of ${cores} cores`;
  };
  log(`CPU busy during the burst, 1 worker:  ${busy(one)}`);
  log(`CPU busy during the burst, 2 workers: ${busy(two)}`);
  log(
    `CPU per report with 1 worker: ${round(worker * 1000, 2)} ms in the worker, ${round(rest * 1000, 2)} ms elsewhere; ` +
      `two worker processes can reach at most ${round(ceiling, 1)} reports/s here (one core each, ${cores} cores shared by all).`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
