import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '@app/config';
import { runMigrations } from '@app/database';
import { AlertReceiver, ReceivedAlert } from './alert-receiver';
import { DemoFeedServer, DemoReport } from './demo-feed-server';

const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DemoOptions {
  reportsFile: string;
  batch: number;
  everyMs: number;
  /** Stop once everything is processed instead of waiting for Ctrl-C (for tests). */
  exitWhenDone: boolean;
}

function parseMetrics(text: string): Record<string, number> {
  const m: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const match = line.match(/^(cm_[a-z_]+)(\{[^}]*\})? ([0-9.eE+-]+)$/);
    if (match) m[match[1]] = (m[match[1]] ?? 0) + Number(match[3]);
  }
  return m;
}

function describe(a: ReceivedAlert): string {
  const b = a.body as { type?: string; incident?: Record<string, unknown>; event?: { type?: string } };
  const incident = (b.incident ?? {}) as {
    family?: string;
    places?: { name: string }[];
    location?: { name: string };
    killed?: { min?: number };
    date?: string;
  };
  const what = incident.family ?? b.event?.type ?? b.type ?? 'alert';
  const where = incident.places?.map((p) => p.name).join(', ') ?? incident.location?.name ?? '';
  const killed = incident.killed?.min ? `, ${incident.killed.min}+ killed` : '';
  return `${a.verified ? '✔ verified' : '✘ NOT VERIFIED'}  ${what}${where ? ` — ${where}` : ''}${incident.date ? ` (${incident.date})` : ''}${killed}`;
}

/**
 * The first run: migrates, starts the API and a worker with every role, publishes the demo reports
 * as a local feed a few at a time, subscribes a local receiver that prints each verified alert,
 * and shows progress until all is processed. Then it says where to look and keeps running until Ctrl-C.
 */
export async function runDemo(config: AppConfig, opts: DemoOptions): Promise<number> {
  const reports = readFileSync(opts.reportsFile, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as DemoReport);
  const key = config.apiKeys[0] ?? `demo-${randomBytes(9).toString('base64url')}`;
  const api = `http://127.0.0.1:${config.port}`;
  // Where a user reaches it: PUBLIC_URL when set (in a container, the published port), else the local address.
  const shown = config.publicUrl.replace(/\/+$/, '');
  const children: ChildProcess[] = [];
  const feed = new DemoFeedServer(reports, opts.batch, opts.everyMs);
  const receiver = new AlertReceiver((a) => out(`  alert ${describe(a)}`));
  let stopping = false;
  // What the demo registered: removed when it stops, since its feed server and receiver stop with it.
  const registeredHere: string[] = [];

  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    out('\nstopping …');
    for (const path of registeredHere)
      await fetch(`${api}${path}`, { method: 'DELETE', headers: { 'x-api-key': key }, signal: AbortSignal.timeout(3000) }).catch(
        () => undefined,
      );
    for (const c of children) c.kill('SIGTERM');
    await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
    await feed.close();
    await receiver.close();
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  out(
    `Conflict monitor demo: ${reports.length} labelled reports published as a local feed, ${opts.batch} every ${opts.everyMs / 1000} s\n`,
  );
  out('1. migrating the database …');
  await runMigrations(config.databaseUrl, { log: (l) => out(`   ${l}`) });

  const logDir = resolve(process.cwd(), '.demo');
  mkdirSync(logDir, { recursive: true });
  const env = {
    ...process.env,
    API_KEYS: key,
    PORT: String(config.port),
    ALLOW_PRIVATE_NETWORK: process.env.ALLOW_PRIVATE_NETWORK ?? '127.0.0.0/8,::1/128',
    MIN_POLL_INTERVAL_SECONDS: '1',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  };
  const dist = resolve(__dirname, '../../..');
  for (const [name, entry] of [
    ['api', 'api/src/main.js'],
    ['worker', 'worker/src/main.js'],
  ]) {
    const child = spawn(process.execPath, [resolve(dist, entry)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const log = createWriteStream(resolve(logDir, `${name}.log`));
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.once('exit', (code) => {
      if (!stopping) {
        out(`the ${name} stopped unexpectedly (exit ${code}); see .demo/${name}.log`);
        void stop(1);
      }
    });
    children.push(child);
  }
  out(`2. started the API (${shown}) and a worker with every role; their logs are in .demo/`);

  for (let i = 0; ; i++) {
    const ok = await fetch(`${api}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 150) {
      out('the API did not become ready within 30 s; see .demo/api.log');
      await stop(1);
    }
    await sleep(200);
  }

  const headers = { 'content-type': 'application/json', 'x-api-key': key };
  const receiverUrl = await receiver.start();
  const sub = await fetch(`${api}/subscriptions`, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      url: receiverUrl,
      description: 'demo terminal',
      filter: { families: ['AttackReported', 'TalksHeld', 'CeasefireProposed', 'ExchangeAgreed'] },
    }),
  });
  if (sub.ok) {
    const body = (await sub.json()) as { secret?: string; id?: string };
    receiver.secret = body.secret ?? '';
    if (body.id) registeredHere.push(`/subscriptions/${body.id}`);
    out(`3. subscribed a local receiver (${receiverUrl}) to every incident; each alert is verified here`);
  } else {
    out(`3. could not subscribe the receiver (HTTP ${sub.status}); alerts will not be shown`);
  }

  const feedUrl = await feed.start();
  const registered = await fetch(`${api}/feeds`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ url: feedUrl, title: 'Demo news day', pollIntervalSeconds: 2 }),
  });
  let pushed = 0;
  if (registered.ok) {
    const { id } = (await registered.json()) as { id?: string };
    if (id) registeredHere.push(`/feeds/${id}`);
    out(`4. registered the demo feed ${feedUrl}, polled every 2 s\n`);
  } else {
    out(`4. the feeds endpoint answered HTTP ${registered.status}; submitting the reports through POST /reports instead\n`);
  }

  // Counted from here: on a database used before, earlier reports and events are not the demo's.
  const metrics = () =>
    fetch(`${api}/metrics`)
      .then((r) => r.text())
      .then(parseMetrics, () => ({}) as Record<string, number>);
  const base = await metrics();
  const since = (m: Record<string, number>, name: string) => Math.max(0, (m[name] ?? 0) - (base[name] ?? 0));
  let lastLine = '';
  let settledAt = 0;
  let lastAlerts = -1;
  for (;;) {
    if (!registered.ok) {
      while (pushed < feed.published) {
        const r = reports[pushed++];
        await fetch(`${api}/reports`, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            title: r.title,
            content: [r.summary, r.content].filter(Boolean).join('\n'),
            url: r.url,
            publishedAt: r.publishedAt,
          }),
        });
      }
    }
    const m = await metrics();
    const processed = since(m, 'cm_reports_processed_total');
    const line = `progress: ${feed.published}/${reports.length} published · ${since(m, 'cm_reports_received_total')} reports ingested · ${processed} processed · ${since(m, 'cm_event_log_head_position')} events · ${since(m, 'cm_incidents')} incidents · ${receiver.alerts.length} alerts`;
    if (line !== lastLine) out(line);
    lastLine = line;
    const allProcessed = feed.done && processed >= reports.length;
    if (allProcessed && receiver.alerts.length === lastAlerts) {
      if (!settledAt) settledAt = Date.now();
      if (Date.now() - settledAt > 12_000) break;
    } else settledAt = 0;
    lastAlerts = receiver.alerts.length;
    await sleep(1000);
  }

  out(`\nDone: every report is processed. Where to look (API key: ${key}):`);
  out(`  ${shown}/docs          the API, browsable`);
  out(`  ${shown}/attacks       attacks, one row per incident (also /talks, /ceasefires, /exchanges)`);
  out(`  ${shown}/timeline      every incident in time order`);
  out(`  ${shown}/metrics       Prometheus metrics`);
  out(`  ${shown}/admin/queues  the queue dashboard (log in with any user name and the API key)`);
  if (opts.exitWhenDone) {
    await stop(0);
    return 0;
  }
  out('\nThe services keep running; press Ctrl-C to stop.');
  await new Promise(() => undefined);
  return 0;
}
