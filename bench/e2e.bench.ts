/**
 * News to alert, end to end: a local feed polled every second publishes reports of attacks that a
 * subscription matches; a local receiver verifies each webhook. Prints the latency from
 * publication to verified webhook (p50/p95/p99), and the throughput of a burst of 500 reports with
 * one and with two worker processes. Last line: one JSON object.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { runMigrations } from '@app/database';
import { extract } from '@app/extraction';
import { AlertReceiver } from '../apps/cli/src/demo/alert-receiver';
import { renderRss } from '../apps/cli/src/demo/demo-feed-server';
import { log, percentile, printTable, round, withBenchDatabase } from './bench-util';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 500);
const LATENCY_RATE = Number(process.env.BENCH_RATE ?? 25);
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
  };
  start('api');
  for (let i = 0; i < workers; i++) start('worker');
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
  const receiver = new AlertReceiver((a) => {
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
  return {
    received,
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

/** A burst of ITEMS reports at once: reports per second from publication to the last webhook. */
async function burst(stack: Stack, items: Item[]): Promise<{ perSec: number; delivered: number }> {
  stack.publish(items);
  const t0 = items[0].visibleAt!;
  const delivered = await waitFor(stack, items, 180_000);
  const last = Math.max(...items.map((i) => stack.received.get(i.key) ?? 0));
  return { perSec: delivered / ((last - t0) / 1000), delivered };
}

/** When each stage of the burst happened, relative to the first report received (diagnostics). */
async function stages(url: string): Promise<void> {
  const { Client } = await import('pg');
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(`
    WITH t0 AS (SELECT min(recorded_at) AS t FROM es_events WHERE type = 'ReportReceived')
    SELECT 'received' AS stage, count(*), extract(epoch FROM max(recorded_at) - (SELECT t FROM t0)) AS last_s FROM es_events WHERE type = 'ReportReceived'
    UNION ALL SELECT 'processed', count(*), extract(epoch FROM max(recorded_at) - (SELECT t FROM t0)) FROM es_events WHERE type = 'ReportProcessed'
    UNION ALL SELECT 'delivery rows', count(*), extract(epoch FROM max(created_at) - (SELECT t FROM t0)) FROM deliveries
    UNION ALL SELECT 'delivered', count(*), extract(epoch FROM max(updated_at) - (SELECT t FROM t0)) FROM deliveries WHERE status = 'delivered'`);
  for (const r of rows) log(`  ${r.stage}: ${r.count} by ${Number(r.last_s).toFixed(2)} s`);
  await c.end();
}

async function main() {
  let latency: number[] = [];
  let one = { perSec: 0, delivered: 0 };
  let two = { perSec: 0, delivered: 0 };
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
      log(`burst: ${ITEMS} reports at once, one worker process …`);
      one = await burst(stack, makeItems(ITEMS, 10_000));
    } finally {
      await stack.stop();
    }
  });
  await withBenchDatabase('e2e2', async (url) => {
    const stack = await startStack(url, 2, 'two');
    try {
      log(`burst: ${ITEMS} reports at once, two worker processes …`);
      two = await burst(stack, makeItems(ITEMS, 10_000));
      if (process.env.BENCH_DEBUG) await stages(url);
    } finally {
      await stack.stop();
    }
  });
  const result = {
    e2eP50Ms: round(percentile(latency, 50), 0),
    e2eP95Ms: round(percentile(latency, 95), 0),
    e2eP99Ms: round(percentile(latency, 99), 0),
    deliveredLatencyRun: latency.filter(Number.isFinite).length,
    reportsPerSecOneWorker: round(one.perSec, 1),
    reportsPerSecTwoWorkers: round(two.perSec, 1),
    scaleOut: round(two.perSec / one.perSec),
    delivered: `${one.delivered}/${ITEMS} and ${two.delivered}/${ITEMS}`,
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
  ]);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
