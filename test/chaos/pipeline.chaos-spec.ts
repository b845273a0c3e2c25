import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { createPool, runMigrations } from '@app/database';
import { PostgresEventStore } from '@app/event-store';
import { PROJECTIONS, rebuildProjection } from '@app/projections';
import { AlertReceiver } from '../../apps/cli/src/demo/alert-receiver';
import { DemoFeedServer, DemoReport } from '../../apps/cli/src/demo/demo-feed-server';
import { notifierConsumer } from '../../apps/worker/src/roles/notify.service';
import { AppProcess, ChaosPostgres, ChaosRedis, freePort, root } from './harness';

const KEY = 'chaos-suite-key';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(
  what: string,
  check: () => Promise<T | null | undefined | false>,
  timeoutMs: number,
  diagnostics: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check().catch(() => null);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms\n${diagnostics()}`);
    await sleep(250);
  }
}

/** Every row of a table, in a stable order, as JSON: to compare a live build with a rebuild. */
async function dump(client: Pool, table: string): Promise<string[]> {
  const { rows } = await client.query(`SELECT to_jsonb(t) AS r FROM ${table} t`);
  return rows.map((r) => JSON.stringify(r.r, Object.keys(r.r).sort())).sort();
}

/**
 * While a stream of reports flows through, workers are killed with SIGKILL, Redis restarts empty,
 * PostgreSQL restarts and the API restarts. After recovery nothing is lost or doubled.
 */
describe('chaos: the pipeline survives crashes with nothing lost', () => {
  const pg = new ChaosPostgres();
  const redis = new ChaosRedis();
  let dbUrl = '';
  let pool: Pool;
  let api: AppProcess;
  let workers: AppProcess[] = [];
  let feed: DemoFeedServer;
  let receiver: AlertReceiver;
  let base = '';

  beforeAll(async () => {
    if (!existsSync(join(root, 'dist/apps/worker/src/main.js')))
      throw new Error('run `npm run build` first: the chaos suite runs the built processes');
    await pg.init();
    await redis.start();
    const admin = new Client({ connectionString: pg.url });
    await admin.connect();
    await admin.query('CREATE DATABASE chaos_test');
    await admin.end();
    dbUrl = pg.url.replace(/\/postgres$/, '/chaos_test');
    await runMigrations(dbUrl, { log: () => undefined });
    pool = createPool(dbUrl, 4, 'chaos-checks');
  }, 60_000);

  afterAll(async () => {
    await Promise.all([api?.kill(), ...workers.map((w) => w.kill())]);
    await feed?.close();
    await receiver?.close();
    await pool?.end().catch(() => undefined);
    await redis.kill();
    pg.remove();
  });

  it('every report processed once, no event doubled or lost, projections equal a rebuild, alerts delivered, feeds not stuck', async () => {
    const base0 = readFileSync(join(root, 'demo/reports.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as DemoReport);
    // Three rounds of the day's news: the repeats are other outlets' reports of the same events.
    const reports = [0, 1, 2].flatMap((round) =>
      base0.map((r) => ({ ...r, id: `${r.id}-${round}`, url: r.url ? `${r.url}?outlet=${round}` : undefined })),
    );
    feed = new DemoFeedServer(reports, 6, 400);
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const env = {
      DATABASE_URL: dbUrl,
      REDIS_URL: redis.url,
      REDIS_PREFIX: 'chaos',
      API_KEYS: KEY,
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: base,
      ALLOW_PRIVATE_NETWORK: '127.0.0.0/8',
      MIN_POLL_INTERVAL_SECONDS: '1',
      SWEEP_INTERVAL_SECONDS: '2',
      FEED_RECONCILE_SECONDS: '5',
      LOG_LEVEL: 'info',
      SUBSCRIPTION_POLL_MS: '200',
    };
    api = new AppProcess('api', env);
    workers = [new AppProcess('worker', env), new AppProcess('worker', env)];
    api.start();
    workers.forEach((w) => w.start());
    const logs = () =>
      `--- api ---\n${api.output.slice(-3000)}\n--- worker 0 ---\n${workers[0].output.slice(-3000)}\n--- worker 1 ---\n${workers[1].output.slice(-3000)}`;
    await until('API ready', async () => (await fetch(`${base}/health/ready`)).ok, 30_000, logs);

    const headers = { 'content-type': 'application/json', 'x-api-key': KEY };
    receiver = new AlertReceiver(() => undefined);
    const receiverUrl = await receiver.start();
    const sub = await fetch(`${base}/subscriptions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        url: receiverUrl,
        filter: { families: ['AttackReported', 'TalksHeld', 'CeasefireProposed', 'ExchangeAgreed'] },
      }),
    });
    expect(sub.status).toBe(201);
    receiver.secret = ((await sub.json()) as { secret: string }).secret;
    const feedUrl = await feed.start();
    const reg = await fetch(`${base}/feeds`, { method: 'POST', headers, body: JSON.stringify({ url: feedUrl, pollIntervalSeconds: 1 }) });
    expect(reg.status).toBe(201);

    // The faults, spread over the time the feed publishes.
    const faults: [string, () => Promise<void> | void][] = [
      ['kill worker 0', () => workers[0].restart()],
      ['restart Redis empty', () => redis.restartEmpty()],
      ['kill worker 1', () => workers[1].restart()],
      ['restart PostgreSQL', () => pg.restart()],
      ['restart the API', () => api.restart()],
      ['kill worker 0 again', () => workers[0].restart()],
      [
        'kill both workers',
        async () => {
          await workers[0].restart();
          await workers[1].restart();
        },
      ],
    ];
    for (const [, fault] of faults) {
      await sleep(800 + Math.random() * 1200);
      await fault();
    }

    // Recovery: everything published is received and processed.
    await until('feed fully published', async () => feed.done, 60_000, logs);
    const total = reports.length;
    await until(
      `all ${total} reports received and processed`,
      async () => {
        const { rows } = await pool.query<{ received: number; processed: number }>(
          `SELECT count(*) FILTER (WHERE type = 'ReportReceived')::int AS received, count(*) FILTER (WHERE type = 'ReportProcessed')::int AS processed FROM es_events`,
        );
        return rows[0].received === total && rows[0].processed === total;
      },
      90_000,
      logs,
    );

    // Every report processed exactly once.
    const perReport = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM es_events WHERE type = 'ReportProcessed' GROUP BY stream_id HAVING count(*) <> 1`,
    );
    expect(perReport.rows).toEqual([]);
    // No missing event: every event a processing names is in the log.
    const missing = await pool.query(
      `SELECT id FROM es_events p, jsonb_array_elements_text(p.data->'eventIds') AS id
       WHERE p.type = 'ReportProcessed' AND NOT EXISTS (SELECT 1 FROM es_events e WHERE e.event_id = id::uuid)`,
    );
    expect(missing.rows).toEqual([]);
    // No doubled incident: a report is a source of each incident once; an incident's family event is written once.
    const doubled = await pool.query(
      `SELECT stream_id FROM es_events WHERE stream_id LIKE 'incident-%' AND type IN ('AttackReported','TalksHeld','CeasefireProposed','ExchangeAgreed')
       GROUP BY stream_id HAVING count(*) > 1`,
    );
    expect(doubled.rows).toEqual([]);
    const twiceSourced = await pool.query(
      `SELECT stream_id, metadata->>'reportId' AS r FROM es_events WHERE stream_id LIKE 'incident-%' AND type IN ('AttackReported','TalksHeld','CeasefireProposed','ExchangeAgreed','IncidentCorroborated')
       GROUP BY 1, 2 HAVING count(*) > 1`,
    );
    expect(twiceSourced.rows).toEqual([]);

    // Projections: caught up, then equal to a rebuild from the log.
    await until(
      'projections caught up',
      async () => {
        const list = (await (await fetch(`${base}/projections`)).json()) as { lag: number }[];
        return list.every((p) => p.lag === 0);
      },
      60_000,
      logs,
    );
    const store = new PostgresEventStore(pool);
    for (const projection of PROJECTIONS) {
      const live = await Promise.all(projection.tables.map((t) => dump(pool, t)));
      await rebuildProjection(pool, store, projection);
      const rebuilt = await Promise.all(projection.tables.map((t) => dump(pool, t)));
      expect({ projection: projection.name, rows: rebuilt }).toEqual({ projection: projection.name, rows: live });
    }

    // Every owed delivery made, at least once, each verified. The notifier writes the deliveries owed
    // with its own checkpoint, apart from the projections: only once it has read the whole log are
    // they all there to check.
    await until(
      'notifier caught up',
      async () => {
        const { rows } = await pool.query<{ caught: boolean }>(
          `SELECT c.consumer IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM es_events e WHERE (e.transaction_id, e.global_position) > (c.transaction_id, c.global_position)) AS caught
           FROM (SELECT $1::text AS consumer) n LEFT JOIN es_checkpoints c ON c.consumer = n.consumer`,
          [notifierConsumer(env.REDIS_PREFIX)],
        );
        return rows[0].caught;
      },
      60_000,
      logs,
    );
    const owed = await until(
      'deliveries settled',
      async () => {
        const { rows } = await pool.query<{ id: string; status: string }>(`SELECT id::text, status FROM deliveries`);
        return rows.length > 0 && rows.every((r) => r.status === 'delivered') ? rows : null;
      },
      90_000,
      logs,
    );
    const received = new Set(receiver.alerts.filter((a) => a.verified).map((a) => a.id));
    expect(receiver.alerts.every((a) => a.verified)).toBe(true);
    for (const d of owed) expect(received.has(d.id)).toBe(true);

    // No feed stuck: it polled after the last fault and is not failing.
    const feeds = await pool.query<{ consecutive_failures: number; paused: boolean; last_polled_at: Date }>(
      `SELECT consecutive_failures, paused, last_polled_at FROM feeds`,
    );
    for (const f of feeds.rows) {
      expect(f.paused).toBe(false);
      expect(f.consecutive_failures).toBe(0);
      expect(Date.now() - f.last_polled_at.getTime()).toBeLessThan(30_000);
    }
  }, 300_000);
});
