/**
 * Alert delivery figures: 50 subscriptions on a local receiver, 5,000 matching attack incidents
 * appended at a steady rate as the report processor writes them. Measured from the incident's
 * commit to the receipt of its signed POST (notifier → outbox → queue → deliverer → receiver), with
 * the notify and deliver roles running as worker processes (the built worker, one process each),
 * beside a baseline from the same run: a plain loop of signed POSTs to the same receiver with the
 * same concurrency and HTTP client. The figures are taken after a warm-up of 500 incidents on the
 * freshly started workers, whose latency is printed apart; and the CPU per delivery of each part.
 * With WEBHOOK_SECRET_KEYS set, the secrets are sealed at rest and opened for every delivery.
 * Last line: one JSON object.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { SecretBox, SubscriptionRegistry, WebhookSender, createWebhookQueue, generateSecret, webhookHeaders } from '@app/alerts';
import { loadConfig } from '@app/config';
import { createRedis } from '@app/common';
import { createPool, runMigrations } from '@app/database';
import { PostgresEventStore, RedisAppendNotifier, eventsChannel } from '@app/event-store';
import { createAddressPolicy } from '@app/ingestion';
import { ProcCpu, log, partCpu, percentile, printTable, round, withBenchDatabase } from './bench-util';

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 50);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 5000);
/** Subscriptions each incident matches (they share its oblast). */
const MATCHES = Number(process.env.BENCH_MATCHES ?? 1);
/** Incidents appended per second. */
const RATE = Number(process.env.BENCH_RATE ?? 250);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);
/** Incidents delivered by the freshly started workers before the measured run (reported apart). */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 500);
const GROUPS = Math.max(1, Math.floor(SUBSCRIPTIONS / MATCHES));
const oblast = (g: number) => `Bench ${g} Oblast`;

interface Receiver {
  url: string;
  received: Map<string, { at: number; incidentId: string }>;
  close(): Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const received = new Map<string, { at: number; incidentId: string }>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const id = String(req.headers['webhook-id'] ?? '');
      let incidentId = '';
      try {
        incidentId =
          (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { incident?: { incidentId?: string } }).incident?.incidentId ?? '';
      } catch {
        /* counted without an incident */
      }
      if (!received.has(id)) received.set(id, { at, incidentId });
      res.writeHead(204).end();
    });
  });
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    received,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const attack = (g: number, i: number) => {
  const reportId = randomUUID();
  const sentence = `A missile strike hit Benchtown ${i} overnight, killing 6.`;
  return {
    reportId,
    data: {
      perpetrator: 'RU',
      target: 'UA',
      weapons: ['missile'],
      places: [{ name: `Benchtown ${i}`, admin1: oblast(g), country: 'UA', precision: 'settlement' }],
      killed: { min: 6, max: 6, approx: false },
      date: '2025-03-01',
      evidence: [{ reportId, sentence, start: 0, end: sentence.length }],
    },
  };
};

/** The baseline: signed POSTs of a body of the same size, CONCURRENCY at a time, with the same client. */
async function baseline(url: string, sender: WebhookSender, total: number, bodySize: number) {
  const secret = generateSecret();
  const body = JSON.stringify({ type: 'incident.reported', pad: 'x'.repeat(Math.max(0, bodySize - 40)) });
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < total) {
        next++;
        const t = performance.now();
        const o = await sender.send(url, { ...webhookHeaders([secret], randomUUID(), body) }, body);
        if (!o.ok) throw new Error(`baseline POST failed: ${o.error}`);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: total / seconds, p50: percentile(latencies, 50), p95: percentile(latencies, 95), p99: percentile(latencies, 99) };
}

function startWorker(role: string, env: NodeJS.ProcessEnv, readyLine: string) {
  const child = spawn(process.execPath, [resolve(__dirname, '../apps/worker/src/main.js')], {
    env: { ...env, WORKER_ROLES: role },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<void>((ok, fail) => {
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(-20_000);
      if (output.includes(readyLine)) ok();
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => fail(new Error(`${role} worker exited (${code}): ${output}`)));
  });
  const stop = () =>
    new Promise<void>((ok) => {
      if (child.exitCode !== null) return ok();
      child.once('exit', () => ok());
      child.kill('SIGTERM');
    });
  return { ready, stop, pid: child.pid ?? -1 };
}

async function main() {
  await withBenchDatabase('alerts', async (url) => {
    await runMigrations(url, { log: () => undefined });
    const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `cmbench:alerts:${process.pid}`;
    const settings = { redisUrl, redisPrefix: prefix };
    const channel = eventsChannel(prefix);
    const redis = createRedis(redisUrl);
    const pool = createPool(url, 20);
    const store = new PostgresEventStore(pool, { notifier: new RedisAppendNotifier(redis, channel) });
    const policy = createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] });
    // With WEBHOOK_SECRET_KEYS set, secrets are sealed at rest here and opened by the deliver worker.
    const secrets = new SecretBox(loadConfig(process.env).webhookSecretKeys);
    if (secrets.currentKeyId) log(`signing secrets sealed at rest with key ${secrets.currentKeyId}`);
    const registry = new SubscriptionRegistry(pool, store, { policy, secretOverlapHours: 24, secrets });
    const sender = new WebhookSender({ policy, connectTimeoutMs: 5000, timeoutMs: 15000 });
    const receiver = await startReceiver();

    log(`baseline: signed POSTs to the local receiver, ${CONCURRENCY} at a time …`);
    await baseline(receiver.url, sender, 500, 1200);
    const base = await baseline(receiver.url, sender, INCIDENTS * MATCHES, 1200);
    receiver.received.clear();

    log(`${SUBSCRIPTIONS} subscriptions, each incident matching ${MATCHES} …`);
    for (let s = 0; s < SUBSCRIPTIONS; s++) {
      await registry.create({ url: receiver.url, filter: { families: ['AttackReported'], oblasts: [oblast(s % GROUPS)], minKilled: 5 } });
    }
    // The notify and deliver roles as the worker runs them, each in its own process.
    const workerEnv = {
      ...process.env,
      DATABASE_URL: url,
      DATABASE_POOL_SIZE: '30',
      REDIS_URL: redisUrl,
      REDIS_PREFIX: prefix,
      ALLOW_PRIVATE_NETWORK: '127.0.0.0/8',
      DELIVER_CONCURRENCY: String(CONCURRENCY),
      SUBSCRIPTION_POLL_MS: '200',
      PUBLIC_URL: 'https://monitor.example.org',
      LOG_LEVEL: 'info',
    };
    const workers = [startWorker('notify', workerEnv, 'notifier active'), startWorker('deliver', workerEnv, 'webhook delivery started')];
    await Promise.all(workers.map((w) => w.ready));
    await new Promise((r) => setTimeout(r, 500));

    /** Appends `count` incidents at RATE and waits for their deliveries: latency from commit to receipt. */
    const run = async (count: number, offset: number) => {
      receiver.received.clear();
      const committed = new Map<string, number>();
      const inflight: Promise<void>[] = [];
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const due = started + (i / RATE) * 1000;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const incidentId = randomUUID();
        const { reportId, data } = attack((offset + i) % GROUPS, offset + i);
        inflight.push(
          store
            .append(
              `incident-${incidentId}`,
              [
                {
                  type: 'AttackReported',
                  data,
                  metadata: { incidentId, reportId, extractorVersion: 'bench', confidence: 0.9, correlationId: reportId },
                },
              ],
              { expectedVersion: 'no_stream' },
            )
            .then(() => void committed.set(incidentId, performance.now())),
        );
      }
      await Promise.all(inflight);
      const appendedPerSec = count / ((performance.now() - started) / 1000);
      const deadline = Date.now() + 120_000;
      while (receiver.received.size < count * MATCHES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const firstCommit = Math.min(...committed.values());
      const lastReceipt = Math.max(...[...receiver.received.values()].map((r) => r.at));
      const latencies = [...receiver.received.values()].map((r) => r.at - (committed.get(r.incidentId) ?? r.at)).sort((a, b) => a - b);
      return {
        latencies,
        appendedPerSec,
        delivered: receiver.received.size,
        perSec: receiver.received.size / ((lastReceipt - firstCommit) / 1000),
      };
    };

    // Freshly started workers open their connections and compile their code on the first
    // deliveries; a service that has been running has done so. Those first deliveries are measured
    // apart, then the run the figures are taken from.
    log(`warm-up: ${WARMUP} incidents at ${RATE}/s on the freshly started workers …`);
    const fresh = WARMUP > 0 ? await run(WARMUP, INCIDENTS) : null;
    const measuredFrom = new Date();
    log(`appending ${INCIDENTS} incidents at ${RATE}/s …`);
    const cpu = new ProcCpu();
    const cpuBefore = cpu.read();
    const measured = await run(INCIDENTS, 0);
    const { latencies, appendedPerSec } = measured;
    const expected = INCIDENTS * MATCHES;
    const cpuAfter = cpu.read();
    // CPU each part used from the first append to the last receipt, per delivery.
    const spent = { notify: 0, deliver: 0, postgres: 0, redis: 0, bench: 0 };
    for (const [pid, now] of cpuAfter) {
      const used = now.seconds - (cpuBefore.get(pid)?.seconds ?? 0);
      if (pid === workers[0].pid) spent.notify += used;
      else if (pid === workers[1].pid) spent.deliver += used;
      else if (pid === process.pid) spent.bench += used;
      else if (now.name.startsWith('redis-server')) spent.redis += used;
    }
    spent.postgres = partCpu(cpuBefore, cpuAfter, (p) => p.name === 'postgres');
    const perDelivery = (v: number) => `${round((v * 1000) / Math.max(1, measured.delivered), 2)} ms`;
    log(
      `CPU per delivery: notifier ${perDelivery(spent.notify)}, deliverer ${perDelivery(spent.deliver)}, ` +
        `PostgreSQL ${perDelivery(spent.postgres)}, Redis ${perDelivery(spent.redis)}, appends and receiver ${perDelivery(spent.bench)}`,
    );
    const { rows } = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM deliveries WHERE status = 'delivered' AND committed_at >= $1`,
      [measuredFrom],
    );

    if (process.env.BENCH_DEBUG) {
      // Where the time goes, per delivery: commit → outbox row (notifier), outbox row → attempt start
      // (queue and deliverer), attempt start → answer (HTTP); seconds, by percentile.
      const stages = await pool.query<Record<string, number>>(
        `WITH s AS (
           SELECT extract(epoch FROM d.created_at - d.committed_at) AS notify,
                  extract(epoch FROM a.started_at - d.created_at) AS queue,
                  a.latency_ms / 1000.0 AS http
           FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id AND a.outcome = 'succeeded' WHERE d.committed_at >= $1)
         SELECT ${['notify', 'queue', 'http']
           .flatMap((c) =>
             [50, 95, 99].map((p) => `round(percentile_cont(${p / 100}) WITHIN GROUP (ORDER BY ${c})::numeric, 4)::float8 AS ${c}_p${p}`),
           )
           .join(', ')}
         FROM s`,
        [measuredFrom],
      );
      log(`DEBUG stages (s): ${JSON.stringify(stages.rows[0])}`);
      const worst = await pool.query(
        `SELECT round(extract(epoch FROM d.committed_at - min(d.committed_at) OVER ())::numeric, 2)::float8 AS at_s,
                round(extract(epoch FROM d.created_at - d.committed_at)::numeric * 1000, 1)::float8 AS notify_ms,
                round(extract(epoch FROM a.started_at - d.created_at)::numeric * 1000, 1)::float8 AS queue_ms,
                a.latency_ms AS http_ms
         FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id AND a.outcome = 'succeeded' WHERE d.committed_at >= $1
         ORDER BY a.started_at + a.latency_ms * interval '1 millisecond' - d.committed_at DESC LIMIT 15`,
        [measuredFrom],
      );
      log(`DEBUG slowest: ${JSON.stringify(worst.rows)}`);
      const bySecond = await pool.query(
        `SELECT floor(extract(epoch FROM d.committed_at - min(d.committed_at) OVER ()))::int AS s, d.created_at, a.started_at
         FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id AND a.outcome = 'succeeded' WHERE d.committed_at >= $1`,
        [measuredFrom],
      );
      const seconds = new Map<number, number[]>();
      for (const r of bySecond.rows) {
        const list = seconds.get(r.s) ?? [];
        list.push(r.started_at.getTime() - r.created_at.getTime());
        seconds.set(r.s, list);
      }
      const line = [...seconds]
        .sort(([a], [b]) => a - b)
        .map(
          ([sec, l]) =>
            `${sec}s:${Math.round(
              percentile(
                l.sort((a, b) => a - b),
                95,
              ),
            )}`,
        )
        .join(' ');
      log(`DEBUG queue p95 ms by second of commit: ${line}`);
      const early = await pool.query(
        `WITH t0 AS (SELECT min(committed_at) AS t FROM deliveries)
         SELECT floor(extract(epoch FROM a.started_at - (SELECT t FROM t0)) * 4)::int AS q, count(*)::int AS n
         FROM delivery_attempts a GROUP BY 1 ORDER BY 1 LIMIT 24`,
      );
      log(
        `DEBUG attempts started per 250 ms from the first commit of the warm-up: ${early.rows.map((r) => `${r.q / 4}s:${r.n}`).join(' ')}`,
      );
    }
    await Promise.all(workers.map((w) => w.stop()));
    const queue = createWebhookQueue(settings);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    await sender.close();
    await receiver.close();
    redis.disconnect();
    await pool.end();

    const result = {
      deliveryP50Ms: round(percentile(latencies, 50), 1),
      deliveryP95Ms: round(percentile(latencies, 95), 1),
      deliveryP99Ms: round(percentile(latencies, 99), 1),
      deliveryP95MsFreshWorkers: fresh ? round(percentile(fresh.latencies, 95), 1) : null,
      deliveriesPerSec: round(measured.perSec, 0),
      delivered: `${measured.delivered}/${expected}`,
      deliveredRows: rows[0]!.n,
      incidentsPerSec: round(appendedPerSec, 0),
      subscriptions: SUBSCRIPTIONS,
      baselinePostsPerSec: round(base.perSec, 0),
      baselinePostP50Ms: round(base.p50, 1),
      baselinePostP95Ms: round(base.p95, 1),
      baselinePostP99Ms: round(base.p99, 1),
    };
    printTable([
      ['figure', 'ours (commit → receipt)', 'baseline (plain signed POST)', 'target'],
      ['latency p50 ms', result.deliveryP50Ms, result.baselinePostP50Ms, '-'],
      ['latency p95 ms', result.deliveryP95Ms, result.baselinePostP95Ms, '≤ 500'],
      ['latency p99 ms', result.deliveryP99Ms, result.baselinePostP99Ms, '-'],
      [`latency p95 ms, the first ${WARMUP} on freshly started workers`, result.deliveryP95MsFreshWorkers ?? '-', '-', '-'],
      [`deliveries/s (incidents at ${result.incidentsPerSec}/s)`, result.deliveriesPerSec, result.baselinePostsPerSec, '≥ 200'],
      ['delivered', result.delivered, '-', 'all'],
    ]);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  });
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
