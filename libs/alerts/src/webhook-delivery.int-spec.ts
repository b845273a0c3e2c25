import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket, Server as TcpServer, createServer as createTcpServer } from 'node:net';
import { Pool } from 'pg';
import { Webhook } from 'standardwebhooks';
import { PostgresEventStore } from '@app/event-store';
import { createAddressPolicy } from '@app/ingestion';
import { sleep, testPool } from '@app/testing';
import { AttemptRow, DeliveryRow } from './delivery-outbox';
import { SubscriptionRegistry } from './subscription-registry';
import { DelivererOptions, DeliverStep, WebhookDeliverer } from './webhook-deliverer';
import { RESPONSE_BODY_LIMIT, WebhookSender } from './webhook-sender';

interface Received {
  path: string;
  id: string;
  headers: IncomingHttpHeaders;
  body: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/**
 * The deliverer and sender against a receiver on 127.0.0.1: what a receiver answers (redirects,
 * silence, large bodies, Retry-After, errors) and what the outbox and the subscription record of it.
 */
describe('webhook delivery against a real receiver', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let registry: SubscriptionRegistry;
  let server: Server;
  let base: string;
  // Accepts connections and never answers.
  let silent: TcpServer;
  let silentUrl: string;
  const silentSockets = new Set<Socket>();
  const received: Received[] = [];
  const handlers = new Map<string, Handler>();
  // Each subscription matches only a place no other incident names; they are deleted at the end
  // all the same, which settles anything still owed to them.
  const created: string[] = [];
  const place = `Nowhere-${randomUUID()}`;
  const policy = createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] });
  const sender = new WebhookSender({ policy, connectTimeoutMs: 2000, timeoutMs: 5000 });
  const senders: WebhookSender[] = [sender];

  beforeAll(async () => {
    pool = testPool(6);
    store = new PostgresEventStore(pool);
    registry = new SubscriptionRegistry(pool, store, { policy, secretOverlapHours: 24 });
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        const path = (req.url ?? '/').split('?')[0]!;
        received.push({ path, id: String(req.headers['webhook-id']), headers: req.headers, body });
        const handler = handlers.get(path);
        if (handler) handler(req, res, received.filter((r) => r.path === path).length);
        else res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    silent = createTcpServer((socket) => {
      silentSockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => silentSockets.delete(socket));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/hook`;
  });

  afterAll(async () => {
    for (const id of created) await registry.delete(id).catch(() => undefined);
    for (const s of senders) await s.close();
    for (const s of silentSockets) s.destroy();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    await new Promise((r) => silent.close(r));
    await pool.end();
  });

  const subscribe = async (url: string, reg = registry) => {
    const made = await reg.create({ url, filter: { places: [place] } });
    created.push(made.subscription.id);
    return made;
  };
  const options = (o: Partial<DelivererOptions> = {}): DelivererOptions => ({
    retryScheduleMs: [0, 60_000],
    retryAfterMaxSeconds: 3600,
    disableAfterHours: 24,
    publicUrl: 'https://monitor.example.org',
    ...o,
  });
  const deliverer = (o: Partial<DelivererOptions> = {}, s = sender, reg = registry) =>
    new WebhookDeliverer(pool, store, reg, s, options(o));
  const ping = async (subscriptionId: string) => {
    const id = randomUUID();
    await pool.query(`INSERT INTO deliveries (id, subscription_id, kind) VALUES ($1, $2, 'ping')`, [id, subscriptionId]);
    return id;
  };
  const row = async (id: string) => (await pool.query<DeliveryRow>(`SELECT * FROM deliveries WHERE id = $1`, [id])).rows[0]!;
  const attempts = async (id: string) =>
    (await pool.query<AttemptRow>(`SELECT * FROM delivery_attempts WHERE delivery_id = $1 ORDER BY id`, [id])).rows;
  const subscriptionRow = async (id: string) =>
    (
      await pool.query<{ status: string; disabled_reason: string | null; failing_since: Date | null }>(
        `SELECT status, disabled_reason, failing_since FROM subscriptions WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  const got = (path: string) => received.filter((r) => r.path === path);
  /** Attempts a delivery again and again, waiting for each retry, until it is done. */
  async function untilDone(d: WebhookDeliverer, id: string, max = 20): Promise<DeliverStep[]> {
    const steps: DeliverStep[] = [];
    for (let i = 0; i < max; i++) {
      const step = await d.deliver(id);
      steps.push(step);
      if (step.kind === 'done') return steps;
      await sleep(Math.max(0, step.at - Date.now()) + 5);
    }
    throw new Error(`delivery ${id} not done after ${max} attempts: ${JSON.stringify(steps)}`);
  }

  describe('a 3xx answer', () => {
    it.each([301, 302, 303, 307, 308])('HTTP %i is a failed attempt and the redirect is not followed', async (status) => {
      const from = `/redirect-${status}`;
      const to = `/redirect-target-${status}`;
      handlers.set(from, (_req, res) => res.writeHead(status, { location: `${base}${to}` }).end('moved'));
      const { subscription } = await subscribe(`${base}${from}`);
      const id = await ping(subscription.id);

      const step = await deliverer().deliver(id);
      expect(step).toMatchObject({ kind: 'later', why: 'retry' });
      const d = await row(id);
      expect(d).toMatchObject({
        status: 'pending',
        attempts: 1,
        last_status_code: status,
        last_error: `redirect (HTTP ${status}) not followed`,
      });
      expect(await attempts(id)).toEqual([
        expect.objectContaining({ outcome: 'failed', response_status: status, error: `redirect (HTTP ${status}) not followed` }),
      ]);
      expect((await subscriptionRow(subscription.id)).failing_since).not.toBeNull();
      await sleep(150);
      expect(got(from)).toHaveLength(1);
      expect(got(to)).toHaveLength(0);
    });
  });

  describe('timeouts', () => {
    it('a receiver that accepts the connection and never answers fails the attempt after the total timeout', async () => {
      const quick = new WebhookSender({ policy, connectTimeoutMs: 2000, timeoutMs: 300 });
      senders.push(quick);
      const { subscription } = await subscribe(silentUrl);
      const id = await ping(subscription.id);
      const started = Date.now();
      const step = await deliverer({}, quick).deliver(id);
      const took = Date.now() - started;
      expect(step).toMatchObject({ kind: 'later', why: 'retry' });
      expect(took).toBeGreaterThanOrEqual(290);
      expect(took).toBeLessThan(2500);
      expect(silentSockets.size).toBeGreaterThan(0);
      const [a] = await attempts(id);
      expect(a).toMatchObject({ outcome: 'failed', response_status: null, error: 'timed out after 300 ms', response_body: null });
      expect(a!.latency_ms).toBeGreaterThanOrEqual(290);
      expect(a!.latency_ms).toBeLessThan(2500);
      expect((await row(id)).last_error).toBe('timed out after 300 ms');
    });

    it('a body that keeps trickling in is cut off at the total timeout too', async () => {
      const quick = new WebhookSender({ policy, connectTimeoutMs: 2000, timeoutMs: 400 });
      senders.push(quick);
      const timers: NodeJS.Timeout[] = [];
      handlers.set('/trickle', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const t = setInterval(() => res.write('.'), 50);
        timers.push(t);
        res.on('close', () => clearInterval(t));
      });
      try {
        const { subscription } = await subscribe(`${base}/trickle`);
        const id = await ping(subscription.id);
        const started = Date.now();
        const step = await deliverer({}, quick).deliver(id);
        expect(Date.now() - started).toBeLessThan(2500);
        expect(step).toMatchObject({ kind: 'later', why: 'retry' });
        const [a] = await attempts(id);
        expect(a).toMatchObject({ outcome: 'failed', error: 'timed out after 400 ms' });
        expect(a!.latency_ms).toBeGreaterThanOrEqual(390);
      } finally {
        timers.forEach(clearInterval);
      }
    });
  });

  describe('the attempt log', () => {
    it('records the latency and only the first 2 KB of the response body, failed or succeeded', async () => {
      const big = (n: number) => Array.from({ length: 2000 }, (_, i) => `${n}:${i};`).join('');
      handlers.set('/big', (_req, res, n) => {
        setTimeout(() => res.writeHead(n === 1 ? 500 : 200, { 'content-type': 'text/plain' }).end(big(n)), 150);
      });
      const { subscription } = await subscribe(`${base}/big`);
      const id = await ping(subscription.id);
      const steps = await untilDone(deliverer({ retryScheduleMs: [0, 20] }), id);
      expect(steps.map((s) => s.kind)).toEqual(['later', 'done']);
      const log = await attempts(id);
      expect(log.map((a) => [a.outcome, a.response_status])).toEqual([
        ['failed', 500],
        ['succeeded', 200],
      ]);
      expect(big(1).length).toBeGreaterThan(4 * RESPONSE_BODY_LIMIT);
      for (const [i, a] of log.entries()) {
        expect(a.response_body).toBe(big(i + 1).slice(0, RESPONSE_BODY_LIMIT));
        expect(a.latency_ms).toBeGreaterThanOrEqual(140);
        expect(a.latency_ms).toBeLessThan(5000);
      }
    });

    it('keeps whole characters within the 2 KB, and a body with NUL bytes is logged without them', async () => {
      // 'a' then 2-byte characters: byte 2048 falls inside one.
      const accented = `a${'é'.repeat(3000)}`;
      handlers.set('/accented', (_req, res) => res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(accented));
      handlers.set('/binary', (_req, res) =>
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from('ok\0\0done')),
      );
      const one = await subscribe(`${base}/accented`);
      const two = await subscribe(`${base}/binary`);
      const a = await ping(one.subscription.id);
      const b = await ping(two.subscription.id);

      await deliverer().deliver(a);
      const [logged] = await attempts(a);
      expect(Buffer.byteLength(logged!.response_body!)).toBeLessThanOrEqual(RESPONSE_BODY_LIMIT);
      expect(logged!.response_body).toBe(`a${'é'.repeat(1023)}`);

      expect(await deliverer().deliver(b)).toEqual({ kind: 'done', outcome: 'delivered' });
      expect(await attempts(b)).toEqual([expect.objectContaining({ outcome: 'succeeded', response_status: 200, response_body: 'okdone' })]);
      expect((await row(b)).status).toBe('delivered');
    });
  });

  describe('the retry schedule', () => {
    it('a delivery whose schedule is spent ends failed, and no further attempt is made', async () => {
      handlers.set('/down', (_req, res) => res.writeHead(500).end('down'));
      const { subscription } = await subscribe(`${base}/down`);
      const id = await ping(subscription.id);
      const d = deliverer({ retryScheduleMs: [0, 20, 20] });
      const steps = await untilDone(d, id);
      expect(steps).toEqual([
        expect.objectContaining({ kind: 'later', why: 'retry' }),
        expect.objectContaining({ kind: 'later', why: 'retry' }),
        { kind: 'done', outcome: 'failed' },
      ]);
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3, last_status_code: 500, last_error: 'HTTP 500' });
      expect((await attempts(id)).map((a) => a.attempt)).toEqual([1, 2, 3]);
      expect(got('/down').filter((r) => r.id === id)).toHaveLength(3);

      expect(await d.deliver(id)).toEqual({ kind: 'done', outcome: 'not-owed' });
      await sleep(100);
      expect(got('/down').filter((r) => r.id === id)).toHaveLength(3);
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 3 });
      expect(await attempts(id)).toHaveLength(3);
      // The subscription is failing but not disabled: that takes the configured period.
      expect((await subscriptionRow(subscription.id)).status).toBe('active');
    });
  });

  describe('disabling a subscription that keeps failing', () => {
    const period = 0.4 / 3600; // 400 ms, in hours

    it('is disabled once failing without a success for longer than the period, with a SubscriptionDisabled event', async () => {
      handlers.set('/failing', (_req, res) => res.writeHead(503).end('unavailable'));
      const { subscription } = await subscribe(`${base}/failing`);
      const id = await ping(subscription.id);
      const other = await ping(subscription.id);
      const schedule = [0, ...Array.from({ length: 40 }, () => 50)];
      const d = deliverer({ retryScheduleMs: schedule, disableAfterHours: period });
      const started = Date.now();
      const steps = await untilDone(d, id, schedule.length + 1);
      expect(Date.now() - started).toBeGreaterThanOrEqual(400);
      expect(steps.at(-1)).toEqual({ kind: 'done', outcome: 'failed' });
      expect(steps.length).toBeLessThan(schedule.length);

      const sub = await subscriptionRow(subscription.id);
      expect(sub.status).toBe('disabled');
      expect(sub.disabled_reason).toMatch(/^deliveries failing since \S+ \(last: HTTP 503\)$/);
      const events = await store.readStream(`subscription-${subscription.id}`);
      expect(events.at(-1)).toMatchObject({
        type: 'SubscriptionDisabled',
        data: { subscriptionId: subscription.id, reason: sub.disabled_reason },
      });
      expect(await row(id)).toMatchObject({ status: 'failed', last_error: 'HTTP 503; subscription disabled' });

      // Nothing more goes to it: what it is still owed fails without a request.
      const before = got('/failing').length;
      expect(await d.deliver(other)).toEqual({ kind: 'done', outcome: 'failed' });
      expect(await row(other)).toMatchObject({ status: 'failed', attempts: 0, last_error: 'subscription disabled' });
      await sleep(50);
      expect(got('/failing')).toHaveLength(before);
    });

    it('a success in between starts the period again', async () => {
      let healthy = false;
      handlers.set('/flapping', (_req, res) => res.writeHead(healthy ? 204 : 500).end());
      const { subscription } = await subscribe(`${base}/flapping`);
      const d = deliverer({ retryScheduleMs: [0, 60_000], disableAfterHours: period });
      await d.deliver(await ping(subscription.id));
      const firstFailure = (await subscriptionRow(subscription.id)).failing_since;
      expect(firstFailure).not.toBeNull();
      await sleep(250);
      healthy = true;
      expect(await d.deliver(await ping(subscription.id))).toEqual({ kind: 'done', outcome: 'delivered' });
      expect((await subscriptionRow(subscription.id)).failing_since).toBeNull();
      await sleep(250);
      healthy = false;
      // 500 ms after the first failure, but only just after the success.
      expect(await d.deliver(await ping(subscription.id))).toMatchObject({ kind: 'later', why: 'retry' });
      const sub = await subscriptionRow(subscription.id);
      expect(sub.status).toBe('active');
      expect(sub.failing_since!.getTime()).toBeGreaterThan(firstFailure!.getTime() + 400);
    });
  });

  describe('secret rotation', () => {
    const verifies = (secret: string, r: Received) => {
      try {
        new Webhook(secret).verify(r.body, {
          'webhook-id': String(r.headers['webhook-id']),
          'webhook-timestamp': String(r.headers['webhook-timestamp']),
          'webhook-signature': String(r.headers['webhook-signature']),
        });
        return true;
      } catch {
        return false;
      }
    };
    const sentTo = async (d: WebhookDeliverer, subscriptionId: string, path: string) => {
      const id = await ping(subscriptionId);
      expect(await d.deliver(id)).toEqual({ kind: 'done', outcome: 'delivered' });
      return got(path).find((r) => r.id === id)!;
    };

    it('the old secret stops signing once the overlap stored with the rotation has passed', async () => {
      const made = await subscribe(`${base}/rotated`);
      const id = made.subscription.id;
      const { secret } = await registry.rotateSecret(id);
      const during = await sentTo(deliverer(), id, '/rotated');
      expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
      expect(verifies(secret, during)).toBe(true);
      expect(verifies(made.secret, during)).toBe(true);

      await pool.query(`UPDATE subscriptions SET previous_secret_expires_at = now() - interval '1 second' WHERE id = $1`, [id]);
      const after = await sentTo(deliverer(), id, '/rotated');
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifies(secret, after)).toBe(true);
      expect(verifies(made.secret, after)).toBe(false);
      expect((await registry.get(id)).previousSecretValidUntil).toBeNull();
    });

    it('a short configured overlap: signed with both secrets within it, with the new one only after it', async () => {
      const short = new SubscriptionRegistry(pool, store, { policy, secretOverlapHours: 1.5 / 3600 });
      const made = await subscribe(`${base}/short-overlap`, short);
      const id = made.subscription.id;
      const { secret, previousSecretValidUntil } = await short.rotateSecret(id);
      expect(Date.parse(previousSecretValidUntil) - Date.now()).toBeLessThanOrEqual(1500);
      const d = deliverer({}, sender, short);
      const during = await sentTo(d, id, '/short-overlap');
      expect(verifies(made.secret, during)).toBe(true);
      await sleep(Math.max(0, Date.parse(previousSecretValidUntil) - Date.now()) + 20);
      const after = await sentTo(d, id, '/short-overlap');
      expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect(verifies(secret, after)).toBe(true);
      expect(verifies(made.secret, after)).toBe(false);
    });
  });

  describe('Retry-After', () => {
    /** One failed attempt against a receiver answering status with the header; the delay stored for the next attempt. */
    async function delayAfter(status: number, retryAfter: string, o: Partial<DelivererOptions>) {
      const path = `/retry-after-${randomUUID()}`;
      handlers.set(path, (_req, res) => res.writeHead(status, { 'retry-after': retryAfter }).end());
      const { subscription } = await subscribe(`${base}${path}`);
      const id = await ping(subscription.id);
      const before = Date.now();
      const step = await deliverer(o).deliver(id);
      const after = Date.now();
      const d = await row(id);
      expect(d).toMatchObject({ status: 'pending', last_status_code: status });
      expect(step).toEqual({ kind: 'later', at: d.next_attempt_at.getTime(), why: 'retry' });
      return { min: d.next_attempt_at.getTime() - after, max: d.next_attempt_at.getTime() - before };
    }

    it('a 429 with Retry-After in seconds sets the next attempt', async () => {
      const { min, max } = await delayAfter(429, '120', { retryScheduleMs: [0, 5_000] });
      expect(max).toBeGreaterThanOrEqual(120_000);
      expect(min).toBeLessThanOrEqual(120_000);
    });

    it('a 503 with Retry-After as an HTTP date sets the next attempt', async () => {
      const at = new Date(Date.now() + 90_000);
      const { min, max } = await delayAfter(503, at.toUTCString(), { retryScheduleMs: [0, 5_000] });
      expect(max).toBeGreaterThanOrEqual(88_000);
      expect(min).toBeLessThanOrEqual(91_000);
    });

    it('is cut to the configured cap', async () => {
      const { min, max } = await delayAfter(503, '86400', { retryScheduleMs: [0, 5_000], retryAfterMaxSeconds: 600 });
      expect(max).toBeGreaterThanOrEqual(600_000);
      expect(min).toBeLessThanOrEqual(600_000);
    });

    it('is a minimum wait: a shorter one never brings the next attempt before the schedule’s own delay', async () => {
      const schedule = [0, 60_000];
      const { min } = await delayAfter(429, '1', { retryScheduleMs: schedule });
      expect(min).toBeGreaterThanOrEqual(60_000 * 0.9 - 50);
      const zero = await delayAfter(503, '0', { retryScheduleMs: schedule });
      expect(zero.min).toBeGreaterThanOrEqual(60_000 * 0.9 - 50);
      // The cap bounds what a receiver can ask for, not the schedule.
      const capped = await delayAfter(429, '86400', { retryScheduleMs: [0, 120_000], retryAfterMaxSeconds: 10 });
      expect(capped.min).toBeGreaterThanOrEqual(120_000 * 0.9 - 50);
    });

    it('with the schedule spent, a Retry-After does not bring another attempt', async () => {
      const path = '/retry-after-last';
      handlers.set(path, (_req, res) => res.writeHead(429, { 'retry-after': '5' }).end());
      const { subscription } = await subscribe(`${base}${path}`);
      const id = await ping(subscription.id);
      expect(await deliverer({ retryScheduleMs: [0] }).deliver(id)).toEqual({ kind: 'done', outcome: 'failed' });
      expect(await row(id)).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 429 });
    });
  });

  describe('order within an incident', () => {
    let incidentId: string;
    let eventId: string;

    beforeAll(async () => {
      incidentId = randomUUID();
      eventId = randomUUID();
      // Named by no subscription's filter: the deliveries below are written here, not by a notifier.
      const struck = `Elsewhere-${randomUUID()}`;
      const sentence = `A drone struck ${struck}.`;
      await store.append(
        `incident-${incidentId}`,
        [
          {
            eventId,
            type: 'AttackReported',
            data: {
              perpetrator: 'RU',
              target: 'UA',
              weapons: ['drone'],
              places: [{ name: struck, admin1: 'Nowhere Oblast', country: 'UA', lat: 49.9, lon: 36.3, precision: 'settlement' }],
              date: '2025-03-01',
              evidence: [{ reportId: incidentId, sentence, start: 0, end: sentence.length }],
            },
            metadata: { incidentId, reportId: incidentId, extractorVersion: 'test', confidence: 0.9, correlationId: incidentId },
          },
        ],
        { expectedVersion: 'no_stream' },
      );
    });

    /** Deliveries of the incident to a subscription, in this order. */
    const owed = async (subscriptionId: string, n: number) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) {
        const id = randomUUID();
        await pool.query(`INSERT INTO deliveries (id, subscription_id, incident_id, kind, event_ids) VALUES ($1, $2, $3, $4, $5::uuid[])`, [
          id,
          subscriptionId,
          incidentId,
          i === 0 ? 'incident.reported' : 'incident.updated',
          [eventId],
        ]);
        ids.push(id);
      }
      return ids;
    };

    it('a later delivery waits while an earlier one is failing or in flight, and goes out once it succeeds', async () => {
      const path = '/ordered';
      let firstFails = true;
      const held: { release?: () => void } = {};
      const { subscription } = await subscribe(`${base}${path}`);
      const elsewhere = await subscribe(`${base}/ordered-elsewhere`);
      const [first, second] = await owed(subscription.id, 2);
      const [unrelated] = await owed(elsewhere.subscription.id, 1);
      handlers.set(path, (req, res) => {
        if (req.headers['webhook-id'] !== first) return void res.writeHead(204).end();
        if (firstFails) return void res.writeHead(500).end();
        held.release = () => res.writeHead(204).end();
      });
      const d = deliverer({ retryScheduleMs: [0, 30, 30, 30, 30] });

      expect(await d.deliver(first!)).toMatchObject({ kind: 'later', why: 'retry' });
      const waiting = await d.deliver(second!);
      expect(waiting).toMatchObject({ kind: 'later', why: 'ordering' });
      expect(await row(second!)).toMatchObject({ status: 'pending', attempts: 0 });
      // Another subscription's delivery of the same incident is not held up.
      expect(await d.deliver(unrelated!)).toEqual({ kind: 'done', outcome: 'delivered' });

      // The earlier one in flight (its receiver holding the answer): the later one still waits.
      firstFails = false;
      await sleep(40);
      const inFlight = d.deliver(first!);
      await waitFor(() => held.release !== undefined);
      expect(await d.deliver(second!)).toMatchObject({ kind: 'later', why: 'ordering' });
      expect(got(path).filter((r) => r.id === second)).toHaveLength(0);
      held.release!();
      expect(await inFlight).toEqual({ kind: 'done', outcome: 'delivered' });

      expect(await d.deliver(second!)).toEqual({ kind: 'done', outcome: 'delivered' });
      expect(got(path).map((r) => r.id)).toEqual([first, first, second]);
      const [a, b] = [await row(first!), await row(second!)];
      expect(b.delivered_at!.getTime()).toBeGreaterThanOrEqual(a.delivered_at!.getTime());
    });

    it('a later delivery goes out once the earlier one has finally failed', async () => {
      const path = '/ordered-failing';
      const { subscription } = await subscribe(`${base}${path}`);
      const [first, second] = await owed(subscription.id, 2);
      handlers.set(path, (req, res) => res.writeHead(req.headers['webhook-id'] === first ? 500 : 204).end());
      const d = deliverer({ retryScheduleMs: [0, 30, 30] });

      const steps: DeliverStep[] = [];
      for (;;) {
        const step = await d.deliver(first!);
        steps.push(step);
        if (step.kind === 'done') break;
        expect(await d.deliver(second!)).toMatchObject({ kind: 'later', why: 'ordering' });
        await sleep(Math.max(0, step.at - Date.now()) + 5);
      }
      expect(steps).toHaveLength(3);
      expect(got(path).filter((r) => r.id === second)).toHaveLength(0);
      expect(await row(first!)).toMatchObject({ status: 'failed', attempts: 3 });

      expect(await d.deliver(second!)).toEqual({ kind: 'done', outcome: 'delivered' });
      expect(got(path).map((r) => r.id)).toEqual([first, first, first, second]);
    });
  });
});

async function waitFor(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await sleep(5);
  }
}
