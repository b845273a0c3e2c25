import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import Redis from 'ioredis';
import { Pool } from 'pg';
import { Webhook } from 'standardwebhooks';
import { EVENT_STORE, createLogger } from '@app/common';
import { AppConfig, loadConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { eventually, testPool, testRedisPrefix, testRedisUrl } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { corroborateAttack, openAttack } from './fixtures/alerts/incidents';
import { WebhookReceiver } from './fixtures/alerts/webhook-receiver';
import { OpenApiDoc, answerSchema, schemaProblems } from './fixtures/openapi-conformance';

const KEY = 'alerts-test-key-1';
const ROOT = resolve(__dirname, '..');

interface Delivery {
  id: string;
  incidentId: string | null;
  kind: string;
  status: string;
  attempts: number;
  attemptLog: { status: string; responseCode: number | null; latencyMs: number; error: string | null; responseBody: string | null }[];
}

/** The deliver role in its own process, so a test can SIGKILL it. */
class DeliverProcess {
  child: ChildProcess | null = null;
  output = '';
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'test/fixtures/alerts/deliver-worker.ts'], {
      cwd: ROOT,
      env: this.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    await eventually(
      async () =>
        this.output.includes('deliver worker ready') || (child.exitCode !== null ? Promise.reject(new Error(this.output)) : false),
      60_000,
      50,
    );
  }

  async kill(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill(signal);
    await exited;
    this.output = '';
  }
}

describe('alerts: subscriptions, notifier and signed webhook delivery', () => {
  let config: AppConfig;
  let api: INestApplication;
  let notifier: INestApplicationContext;
  let deliver: DeliverProcess;
  let base: string;
  let pool: Pool;
  let store: PostgresEventStore;
  let receiver: WebhookReceiver;
  const prefix = testRedisPrefix('alerts');
  const headers = { 'content-type': 'application/json', 'x-api-key': KEY };
  const tag = randomUUID().slice(0, 8);
  const oblast = `Testoblast ${tag} Oblast`;
  const place = (name: string) => `${name}-${tag}`;

  beforeAll(async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      API_KEYS: KEY,
      REDIS_PREFIX: prefix,
      LOG_LEVEL: process.env.ALERTS_TEST_LOG_LEVEL ?? 'silent',
      PUBLIC_URL: 'https://monitor.example.org',
      WEBHOOK_RETRY_SCHEDULE: '0,100ms,100ms,100ms,100ms,100ms',
      // Long enough that two follow-ups appended one after the other land in one group on a loaded machine.
      ALERT_BURST_WINDOW_MS: '2000',
      SUBSCRIPTION_POLL_MS: '100',
      SWEEP_INTERVAL_SECONDS: '1',
      WEBHOOK_TIMEOUT_MS: '8000',
      DELIVER_LOCK_MS: '2000',
    };
    config = loadConfig(env);
    const logger = createLogger(config.logLevel, 'alerts-test');
    receiver = new WebhookReceiver();
    await receiver.start();
    deliver = new DeliverProcess(env);
    api = await createApiApp(config, logger);
    await api.listen(0, '127.0.0.1');
    base = await api.getUrl();
    notifier = await NestFactory.createApplicationContext(WorkerModule.forRoot({ ...config, workerRoles: ['notify'] }, logger), {
      logger: false,
    });
    await notifier.init();
    await deliver.start();
    store = api.get<PostgresEventStore>(EVENT_STORE);
    pool = testPool(4);
  }, 90_000);

  afterAll(async () => {
    await deliver?.kill('SIGTERM');
    await notifier?.close();
    await api?.close();
    await receiver?.close();
    await pool?.end();
  });

  async function subscribe(path: string, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
    const res = await fetch(`${base}/subscriptions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiver.url(path), ...body }),
    });
    expect(res.status).toBe(201);
    const sub = (await res.json()) as { id: string; secret: string };
    receiver.setSecrets(path, sub.secret);
    return sub;
  }

  async function deliveries(subscriptionId: string): Promise<Delivery[]> {
    const res = await fetch(`${base}/subscriptions/${subscriptionId}/deliveries`, { headers });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Delivery[] }).items;
  }

  it('creates, shows, changes and deletes subscriptions; the secret is shown only at creation; URLs and filters are checked', async () => {
    const body = { url: receiver.url('/crud'), description: 'crud', filter: { families: ['TalksHeld'], parties: ['UA', 'RU'] } };
    expect(
      (
        await fetch(`${base}/subscriptions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).status,
    ).toBe(401);

    for (const url of ['http://10.1.2.3/hook', 'http://169.254.169.254/latest', 'ftp://127.0.0.1/x', 'http://example.org/plain-http']) {
      const res = await fetch(`${base}/subscriptions`, { method: 'POST', headers, body: JSON.stringify({ ...body, url }) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('SUBSCRIPTION.URL_REFUSED');
    }
    const badFilter = await fetch(`${base}/subscriptions`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ ...body, filter: { families: ['Picnic'], minKilled: -1 } }),
    });
    expect(badFilter.status).toBe(400);
    const problems = ((await badFilter.json()) as { problems: string[] }).problems;
    expect(problems.join('\n')).toMatch(/filter\.families/);
    expect(problems.join('\n')).toMatch(/filter\.minKilled/);

    const created = await fetch(`${base}/subscriptions`, { method: 'POST', headers, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    const sub = (await created.json()) as { id: string; secret: string; notifyOn: string[]; status: string };
    expect(sub.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(sub.notifyOn).toEqual(['first']);
    expect(sub.status).toBe('active');

    const shown = await (await fetch(`${base}/subscriptions/${sub.id}`, { headers })).text();
    expect(shown).not.toContain(sub.secret);
    expect(JSON.parse(shown)).not.toHaveProperty('secret');
    const listed = await (await fetch(`${base}/subscriptions?limit=1000`, { headers })).text();
    expect(listed).toContain(sub.id);
    expect(listed).not.toContain('whsec_');

    const patched = await fetch(`${base}/subscriptions/${sub.id}`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ description: 'changed', notifyOn: ['status'] }),
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ description: 'changed', notifyOn: ['first', 'status'] });

    const events = await store.readStream(`subscription-${sub.id}`);
    expect(events.map((e) => e.type)).toEqual(['SubscriptionCreated', 'SubscriptionUpdated']);
    expect(JSON.stringify(events)).not.toContain(sub.secret);

    expect((await fetch(`${base}/subscriptions/${sub.id}`, { method: 'DELETE', headers })).status).toBe(204);
    expect((await fetch(`${base}/subscriptions/${sub.id}`, { headers })).status).toBe(404);
    expect((await fetch(`${base}/subscriptions/not-a-uuid`, { headers })).status).toBe(400);
  });

  it('alerts exactly the incidents that match, once each, signed; a second report only when revisions were asked for', async () => {
    const filter = { families: ['AttackReported'], oblasts: [oblast], minKilled: 5 };
    const first = await subscribe('/first-only', { filter });
    const revisions = await subscribe('/revisions', { filter, notifyOn: ['casualties'] });

    const m1 = await openAttack(store, { place: place('Alpha'), oblast, killed: 7 });
    const m2 = await openAttack(store, { place: place('Bravo'), oblast, killed: 5 });
    const few = await openAttack(store, { place: place('Charlie'), oblast, killed: 2 });
    await openAttack(store, { place: place('Delta'), oblast: `Elsewhere ${tag} Oblast`, killed: 9 });
    await openAttack(store, { place: place('Echo'), oblast });

    await eventually(async () => receiver.at('/first-only').length >= 2 && receiver.at('/revisions').length >= 2, 20_000);
    // Second reports: m1 with a higher toll (a revision), m2 with the same (a corroboration only),
    // and "few" whose revised toll now passes minKilled (a first alert, as it now stands).
    await corroborateAttack(store, m1.incidentId, { version: 1, killedBefore: 7, killed: 9 });
    await corroborateAttack(store, m2.incidentId, { version: 1, killedBefore: 5, killed: 5 });
    await corroborateAttack(store, few.incidentId, { version: 1, killedBefore: 2, killed: 6 });
    // A later incident: once its alert is written, every event before it has been matched.
    const last = await openAttack(store, { place: place('Foxtrot'), oblast, killed: 12 });

    const firstRows = await eventually(async () => {
      const d = await deliveries(first.id);
      return d.some((x) => x.incidentId === last.incidentId) && d.every((x) => x.status === 'delivered') ? d : null;
    }, 20_000);
    expect(firstRows.map((d) => d.incidentId).sort()).toEqual([m1.incidentId, m2.incidentId, few.incidentId, last.incidentId].sort());
    expect(firstRows.every((d) => d.kind === 'incident.reported')).toBe(true);

    const revRows = await eventually(async () => {
      const d = await deliveries(revisions.id);
      return d.length === 5 && d.every((x) => x.status === 'delivered') ? d : null;
    }, 20_000);
    const update = revRows.find((d) => d.kind === 'incident.updated')!;
    expect(update.incidentId).toBe(m1.incidentId);
    expect(revRows.filter((d) => d.kind === 'incident.reported')).toHaveLength(4);

    // What arrived: one request per delivery, each verified with the standardwebhooks package.
    await eventually(async () => receiver.at('/revisions').length === 5 && receiver.at('/first-only').length === 4);
    for (const path of ['/first-only', '/revisions']) {
      const got = receiver.at(path);
      expect(got.every((r) => r.verified)).toBe(true);
      expect(new Set(got.map((r) => r.id)).size).toBe(got.length);
    }
    expect(new Set(receiver.at('/first-only').map((r) => r.id))).toEqual(new Set(firstRows.map((d) => d.id)));

    const m1Alert = receiver.at('/first-only').find((r) => (r.body.incident as { incidentId: string }).incidentId === m1.incidentId)!;
    expect(m1Alert.body).toMatchObject({
      type: 'incident.reported',
      subscriptionId: first.id,
      incident: { incidentId: m1.incidentId, family: 'AttackReported', killed: { min: 7 }, sourceCount: 1 },
      event: { type: 'AttackReported', eventId: m1.eventId, reportId: m1.reportId },
      sources: [{ reportId: m1.reportId }],
      link: `https://monitor.example.org/attacks/${m1.incidentId}`,
    });
    const fewAlert = receiver.at('/first-only').find((r) => (r.body.incident as { incidentId: string }).incidentId === few.incidentId)!;
    expect(fewAlert.body).toMatchObject({ incident: { killed: { min: 6 }, sourceCount: 2 } });

    const updated = receiver.at('/revisions').find((r) => r.id === update.id)!;
    expect(updated.body).toMatchObject({
      type: 'incident.updated',
      incident: { incidentId: m1.incidentId, killed: { min: 9 }, sourceCount: 2 },
      event: { type: 'CasualtiesRevised' },
    });
    // The update came after the first alert of the same incident.
    const m1First = receiver.at('/revisions').find((r) => (r.body.incident as { incidentId: string }).incidentId === m1.incidentId)!;
    expect(m1First.body.type).toBe('incident.reported');
  });

  it('/metrics shows deliveries by status and the commit-to-receipt latency of recent deliveries', async () => {
    const scrape = async () => {
      const res = await fetch(`${base}/metrics`);
      expect(res.status).toBe(200);
      const text = await res.text();
      return (series: string): number | undefined => {
        const line = text.split('\n').find((l) => l.startsWith(`${series} `));
        return line === undefined ? undefined : Number(line.slice(series.length + 1));
      };
    };
    const byStatus = async () => {
      const { rows } = await pool.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM deliveries GROUP BY status`);
      const n = Object.fromEntries(rows.map((r) => [r.status, r.n]));
      return { delivered: n.delivered ?? 0, pending: n.pending ?? 0, failed: n.failed ?? 0 };
    };
    // Nothing owed when it starts, so the counts move only by what this test does.
    await eventually(async () => (await byStatus()).pending === 0, 20_000);
    const counts = await byStatus();
    const before = await scrape();
    for (const status of ['delivered', 'pending', 'failed'] as const)
      expect(before(`cm_deliveries{status="${status}"}`)).toBe(counts[status]);

    const sub = await subscribe('/metrics', { filter: { places: [place('Hotel')] } });
    const appendedAt = Date.now();
    const incident = await openAttack(store, { place: place('Hotel'), oblast, killed: 3 });
    const [delivery] = await eventually(async () => {
      const d = await deliveries(sub.id);
      return d[0]?.status === 'delivered' ? d : null;
    });
    const receivedBy = Date.now();
    expect(delivery!.incidentId).toBe(incident.incidentId);

    const after = await scrape();
    expect(after('cm_deliveries{status="delivered"}')).toBe(counts.delivered + 1);
    expect(after('cm_deliveries{status="pending"}')).toBe(0);
    expect(after('cm_deliveries{status="failed"}')).toBe(counts.failed);
    expect(after('cm_deliveries_overdue_seconds')).toBe(0);

    // The latency quantiles, worked out here from the attempt log and the deliveries' commit times.
    const { rows } = await pool.query<{ delivery_id: string; started_at: Date; latency_ms: number; committed_at: Date }>(
      `SELECT a.delivery_id, a.started_at, a.latency_ms, d.committed_at
       FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
       WHERE a.outcome = 'succeeded' AND d.committed_at IS NOT NULL ORDER BY a.id DESC LIMIT 1000`,
    );
    const seconds = (r: (typeof rows)[number]) => (r.started_at.getTime() + r.latency_ms - r.committed_at.getTime()) / 1000;
    const ours = seconds(rows.find((r) => r.delivery_id === delivery!.id)!);
    expect(ours).toBeGreaterThanOrEqual(0);
    expect(ours).toBeLessThanOrEqual((receivedBy - appendedAt) / 1000 + 0.05);
    const sorted = rows.map(seconds).sort((a, b) => a - b);
    for (const q of [0.5, 0.95, 0.99]) {
      const expected = sorted[Math.ceil(q * sorted.length) - 1]!;
      expect(Math.abs(after(`cm_delivery_latency_seconds{quantile="${q}"}`)! - expected)).toBeLessThan(0.002);
    }
  });

  it('groups follow-ups that arrive within the window into one update', async () => {
    const p = place('Golf');
    const sub = await subscribe('/grouped', { filter: { places: [p] }, notifyOn: ['corroborations', 'casualties'] });
    const inc = await openAttack(store, { place: p, oblast, killed: 1 });
    await eventually(async () => receiver.at('/grouped').length === 1);
    await corroborateAttack(store, inc.incidentId, { version: 1, killedBefore: 1, killed: 3 });
    await corroborateAttack(store, inc.incidentId, { version: 3, killedBefore: 3, killed: 3 });
    const rows = await eventually(async () => {
      const d = await deliveries(sub.id);
      return d.length === 2 && d.every((x) => x.status === 'delivered') ? d : null;
    }, 20_000);
    const update = rows.find((d) => d.kind === 'incident.updated')!;
    const got = receiver.at('/grouped').find((r) => r.id === update.id)!;
    expect(got.verified).toBe(true);
    const types = (got.body.events as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(['IncidentCorroborated', 'CasualtiesRevised', 'IncidentCorroborated']);
    expect(got.body).toMatchObject({ incident: { sourceCount: 3, killed: { min: 3 } } });
  });

  it('a receiver answering 500 three times, then 200: delivered once, four attempts logged', async () => {
    const p = place('Hotel');
    receiver.reply('/flaky', (n) => (n <= 3 ? { status: 500, body: `boom ${n}` } : { status: 200, body: 'ok' }));
    const sub = await subscribe('/flaky', { filter: { places: [p] } });
    const inc = await openAttack(store, { place: p, oblast });
    const [d] = await eventually(async () => {
      const list = await deliveries(sub.id);
      return list.length === 1 && list[0]!.status === 'delivered' ? list : null;
    }, 20_000);
    expect(d!.incidentId).toBe(inc.incidentId);
    expect(d!.attemptLog.map((a) => [a.status, a.responseCode])).toEqual([
      ['failed', 500],
      ['failed', 500],
      ['failed', 500],
      ['succeeded', 200],
    ]);
    expect(d!.attemptLog[0]!.responseBody).toBe('boom 1');
    expect(d!.attemptLog[0]!.error).toBe('HTTP 500');
    const got = receiver.at('/flaky');
    expect(got).toHaveLength(4);
    expect(new Set(got.map((r) => r.id))).toEqual(new Set([d!.id]));
    expect(got.every((r) => r.verified)).toBe(true);
  });

  it('a receiver that hangs does not hold up deliveries to others', async () => {
    const p = place('India');
    receiver.reply('/hangs', () => ({ hold: true }));
    await subscribe('/hangs', { filter: { places: [p] } });
    const ok = await subscribe('/prompt', { filter: { places: [p] } });
    await openAttack(store, { place: p, oblast });
    await eventually(async () => receiver.heldCount > 0, 20_000);
    await eventually(async () => receiver.at('/prompt').length === 1, 20_000);
    // The other endpoint got its alert while the hanging one still holds its request.
    expect(receiver.heldCount).toBeGreaterThan(0);
    await eventually(async () => (await deliveries(ok.id))[0]?.status === 'delivered');
    expect(receiver.heldCount).toBeGreaterThan(0);
    receiver.reply('/hangs', () => ({ status: 204 }));
    receiver.release(503);
  });

  it('410 Gone disables the subscription with a SubscriptionDisabled event', async () => {
    const p = place('Juliett');
    receiver.reply('/gone', () => ({ status: 410 }));
    const sub = await subscribe('/gone', { filter: { places: [p] } });
    await openAttack(store, { place: p, oblast });
    const view = await eventually(async () => {
      const s = (await (await fetch(`${base}/subscriptions/${sub.id}`, { headers })).json()) as { status: string; disabledReason: string };
      return s.status === 'disabled' ? s : null;
    }, 20_000);
    expect(view.disabledReason).toMatch(/410/);
    const events = await store.readStream(`subscription-${sub.id}`);
    expect(events.at(-1)).toMatchObject({ type: 'SubscriptionDisabled', data: { subscriptionId: sub.id } });
    expect(receiver.at('/gone')).toHaveLength(1);
    expect((await fetch(`${base}/subscriptions/${sub.id}/test`, { method: 'POST', headers })).status).toBe(409);
    const enabled = await fetch(`${base}/subscriptions/${sub.id}`, { method: 'PATCH', headers, body: JSON.stringify({ enabled: true }) });
    expect(((await enabled.json()) as { status: string }).status).toBe('active');
  });

  it('pings; a rotated secret signs beside the old one; retry and replay resend with the same webhook-id', async () => {
    const p = place('Kilo');
    const sub = await subscribe('/ops', { filter: { places: [p] } });
    const ping = await fetch(`${base}/subscriptions/${sub.id}/test`, { method: 'POST', headers });
    expect(ping.status).toBe(202);
    const pingBody = (await ping.json()) as { id: string };
    const pingId = pingBody.id;
    await eventually(async () => receiver.at('/ops').some((r) => r.id === pingId));
    expect(receiver.at('/ops')[0]).toMatchObject({ verified: true, body: { type: 'ping', subscriptionId: sub.id } });

    const rotated = await fetch(`${base}/subscriptions/${sub.id}/rotate-secret`, { method: 'POST', headers });
    expect(rotated.status).toBe(200);
    const { secret } = (await rotated.json()) as { secret: string };
    expect(secret).not.toBe(sub.secret);
    await openAttack(store, { place: p, oblast });
    await eventually(async () => receiver.at('/ops').length === 2, 20_000);
    const alert = receiver.at('/ops')[1]!;
    const signed = { 'webhook-id': alert.id, 'webhook-timestamp': alert.timestamp, 'webhook-signature': alert.signature };
    expect(alert.signature.split(' ')).toHaveLength(2);
    expect(() => new Webhook(secret).verify(alert.raw, signed)).not.toThrow();
    expect(() => new Webhook(sub.secret).verify(alert.raw, signed)).not.toThrow();

    // The receiver has the request a moment before the deliverer records the outcome: retry and replay
    // are asked for once the attempt before them is recorded, not while it is still in flight.
    const recorded = () =>
      eventually(async () => (await deliveries(sub.id)).find((d) => d.id === alert.id)?.status === 'delivered', 20_000);
    await recorded();
    const retried = await fetch(`${base}/deliveries/${alert.id}/retry`, { method: 'POST', headers });
    expect(retried.status).toBe(202);
    const retriedBody: unknown = await retried.json();
    await eventually(async () => receiver.at('/ops').filter((r) => r.id === alert.id).length === 2, 20_000);
    await recorded();
    const replay = await fetch(
      `${base}/subscriptions/${sub.id}/replay?since=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}`,
      {
        method: 'POST',
        headers,
      },
    );
    expect(replay.status).toBe(202);
    expect(((await replay.json()) as { queued: number }).queued).toBe(1);
    await eventually(async () => receiver.at('/ops').filter((r) => r.id === alert.id).length === 3, 20_000);
    expect((await fetch(`${base}/deliveries/${randomUUID()}/retry`, { method: 'POST', headers })).status).toBe(404);

    // What the delivery endpoints answer matches the OpenAPI schemas.
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDoc;
    const answer = async (path: string, url: string) => {
      const res = await fetch(`${base}${url}`, { headers });
      expect(res.status).toBe(200);
      return schemaProblems(doc, answerSchema(doc, path), await res.json(), url);
    };
    expect([
      ...(await answer('/deliveries/{id}', `/deliveries/${alert.id}`)),
      ...(await answer('/subscriptions/{id}/deliveries', `/subscriptions/${sub.id}/deliveries`)),
      ...schemaProblems(doc, answerSchema(doc, '/subscriptions/{id}/test', '202', 'post'), pingBody, 'test'),
      ...schemaProblems(doc, answerSchema(doc, '/deliveries/{id}/retry', '202', 'post'), retriedBody, 'retry'),
    ]).toEqual([]);
  });

  it('a retry asked for while an attempt is in flight sends the delivery again once that attempt ends', async () => {
    const p = place('Lima');
    receiver.reply('/inflight', (n) => (n === 1 ? { hold: true } : { status: 204 }));
    const sub = await subscribe('/inflight', { filter: { places: [p] } });
    await openAttack(store, { place: p, oblast });
    await eventually(async () => receiver.at('/inflight').length === 1, 20_000);
    const first = receiver.at('/inflight')[0]!;
    const retried = await fetch(`${base}/deliveries/${first.id}/retry`, { method: 'POST', headers });
    expect(retried.status).toBe(202);
    // The attempt in flight succeeds after the retry reset the delivery: the retry still sends it.
    receiver.release(204);
    await eventually(async () => receiver.at('/inflight').length === 2, 20_000);
    expect(receiver.at('/inflight').map((r) => r.id)).toEqual([first.id, first.id]);
    const d = await eventually(async () => (await deliveries(sub.id)).find((x) => x.id === first.id && x.status === 'delivered'), 20_000);
    expect(d.attempts).toBeGreaterThanOrEqual(1);
  });

  it('Redis emptied with deliveries owed: all are delivered after the sweep', async () => {
    const p = place('Lima');
    let healthy = false;
    receiver.reply('/flush', () => (healthy ? { status: 204 } : { status: 503, headers: { 'retry-after': '3' } }));
    const sub = await subscribe('/flush', { filter: { places: [p] } });
    for (let i = 0; i < 3; i++) await openAttack(store, { place: p, oblast });
    await eventually(async () => {
      const d = await deliveries(sub.id);
      return d.length === 3 && d.every((x) => x.attempts >= 1 && x.status === 'pending');
    }, 20_000);
    // The test's stand-in for FLUSHALL: other test files share this Redis server, so only this
    // run's keys (its prefix) are deleted: every queued and delayed delivery job is gone.
    const redis = new Redis(testRedisUrl());
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    healthy = true;
    const done = await eventually(async () => {
      const d = await deliveries(sub.id);
      return d.every((x) => x.status === 'delivered') ? d : null;
    }, 30_000);
    const ok = new Set(
      receiver
        .at('/flush')
        .filter((r) => r.verified && healthy)
        .map((r) => r.id),
    );
    for (const d of done) expect(ok.has(d.id)).toBe(true);
  });

  it('the deliver worker killed (SIGKILL) mid-delivery: the delivery completes after a restart, with the same webhook-id', async () => {
    const p = place('Mike');
    receiver.reply('/killed', (n) => (n === 1 ? { hold: true } : { status: 200 }));
    const sub = await subscribe('/killed', { filter: { places: [p] } });
    await openAttack(store, { place: p, oblast });
    await eventually(async () => receiver.at('/killed').length === 1, 20_000);
    await deliver.kill('SIGKILL');
    await deliver.start();
    const [d] = await eventually(async () => {
      const list = await deliveries(sub.id);
      return list[0]?.status === 'delivered' ? list : null;
    }, 30_000);
    const got = receiver.at('/killed');
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(new Set(got.map((r) => r.id))).toEqual(new Set([d!.id]));
    expect(got.every((r) => r.verified)).toBe(true);
    expect(d!.attemptLog.at(-1)).toMatchObject({ status: 'succeeded', responseCode: 200 });
  });
});
