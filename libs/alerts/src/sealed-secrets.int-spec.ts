import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Pool } from 'pg';
import { Webhook } from 'standardwebhooks';
import { PostgresEventStore } from '@app/event-store';
import { createAddressPolicy } from '@app/ingestion';
import { testPool } from '@app/testing';
import { SecretBox, secretKeyId } from './secret-box';
import { SubscriptionRegistry } from './subscription-registry';
import { WebhookDeliverer } from './webhook-deliverer';
import { WebhookSender } from './webhook-sender';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

describe('signing secrets sealed at rest', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let server: Server;
  let url: string;
  const received: Received[] = [];
  // Every subscription here matches everything. They are deleted at the end (which also settles
  // what they are still owed), so other test files sharing the database owe nothing to this
  // file's closed receiver. Only these are resealed: other files' secrets stay as their workers
  // can open them.
  const created: string[] = [];
  const policy = createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] });
  const sender = new WebhookSender({ policy, connectTimeoutMs: 2000, timeoutMs: 5000 });
  const keyA = randomBytes(32);
  const keyB = randomBytes(32);

  beforeAll(async () => {
    pool = testPool(4);
    store = new PostgresEventStore(pool);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(async () => {
    const registry = registryWith([keyA, keyB]);
    for (const id of created) await registry.delete(id);
    await sender.close();
    await new Promise((r) => server.close(r));
    await pool.end();
  });

  const registryWith = (keys: Buffer[]) => {
    const registry = new SubscriptionRegistry(pool, store, { policy, secretOverlapHours: 24, secrets: new SecretBox(keys) });
    const create = registry.create.bind(registry);
    registry.create = async (input) => {
      const made = await create(input);
      created.push(made.subscription.id);
      return made;
    };
    return registry;
  };
  /** This file's subscriptions, but those named. */
  const ours = (...but: string[]) => created.filter((id) => !but.includes(id));
  const delivererWith = (registry: SubscriptionRegistry) =>
    new WebhookDeliverer(pool, store, registry, sender, {
      retryScheduleMs: [0, 60_000],
      retryAfterMaxSeconds: 60,
      disableAfterHours: 24,
      publicUrl: 'https://monitor.example.org',
    });
  const stored = async (id: string) =>
    (
      await pool.query<{ secret: string; previous_secret: string | null }>(
        `SELECT secret, previous_secret FROM subscriptions WHERE id = $1`,
        [id],
      )
    ).rows[0]!;

  /** Sends a ping to the subscription and returns what the receiver got, or the delivery's state when nothing arrived. */
  async function ping(registry: SubscriptionRegistry, subscriptionId: string) {
    const id = randomUUID();
    await pool.query(`INSERT INTO deliveries (id, subscription_id, kind) VALUES ($1, $2, 'ping')`, [id, subscriptionId]);
    const before = received.length;
    const step = await delivererWith(registry).deliver(id);
    const row = (
      await pool.query<{ status: string; last_error: string | null }>(`SELECT status, last_error FROM deliveries WHERE id = $1`, [id])
    ).rows[0]!;
    return { id, step, row, got: received.slice(before).find((r) => r.headers['webhook-id'] === id) };
  }

  const verifies = (secret: string, r: Received) =>
    new Webhook(secret).verify(r.body, {
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    });

  it('stores a new secret sealed with the first key, never as given, and signs with it', async () => {
    const registry = registryWith([keyA]);
    const { subscription, secret } = await registry.create({ url, filter: {} });
    const row = await stored(subscription.id);
    expect(row.secret.startsWith(`enc:v1:${secretKeyId(keyA)}:`)).toBe(true);
    expect(row.secret).not.toContain(secret.slice('whsec_'.length));

    const sent = await ping(registry, subscription.id);
    expect(sent.row.status).toBe('delivered');
    expect(() => verifies(secret, sent.got!)).not.toThrow();
  });

  it('reseals plain and old-key secrets under a new first key; deliveries still verify, also with the rotated-out secret', async () => {
    const plain = registryWith([]);
    const legacy = await plain.create({ url, filter: {} });
    expect((await stored(legacy.subscription.id)).secret).toBe(legacy.secret);
    const underA = registryWith([keyA]);
    const old = await underA.create({ url, filter: {} });
    const rotated = await underA.rotateSecret(old.subscription.id);

    const untouched = await plain.create({ url, filter: {} });

    const both = registryWith([keyB, keyA]);
    const tally = await both.resealSecrets(undefined, ours(untouched.subscription.id));
    expect(tally.resealed).toBeGreaterThanOrEqual(2);
    expect(tally.unreadable).toBe(0);
    for (const id of [legacy.subscription.id, old.subscription.id]) {
      const row = await stored(id);
      expect(row.secret.startsWith(`enc:v1:${secretKeyId(keyB)}:`)).toBe(true);
      if (row.previous_secret !== null) expect(row.previous_secret.startsWith(`enc:v1:${secretKeyId(keyB)}:`)).toBe(true);
    }
    expect(await both.resealSecrets(undefined, ours(untouched.subscription.id))).toMatchObject({ resealed: 0 });
    expect((await stored(untouched.subscription.id)).secret).toBe(untouched.secret);

    // Key A is no longer needed once everything is resealed.
    const onlyB = registryWith([keyB]);
    const legacySent = await ping(onlyB, legacy.subscription.id);
    expect(() => verifies(legacy.secret, legacySent.got!)).not.toThrow();
    const rotatedSent = await ping(onlyB, old.subscription.id);
    expect(() => verifies(rotated.secret, rotatedSent.got!)).not.toThrow();
    expect(() => verifies(old.secret, rotatedSent.got!)).not.toThrow();
  });

  it('a secret sealed with a key no longer configured: no unsigned request, a failed attempt that names the fix, retried later', async () => {
    const registry = registryWith([keyA]);
    const { subscription } = await registry.create({ url, filter: {} });
    const withoutA = registryWith([keyB]);
    expect(await withoutA.unreadableSecrets()).toBeGreaterThanOrEqual(1);

    const sent = await ping(withoutA, subscription.id);
    expect(sent.got).toBeUndefined();
    expect(sent.step).toMatchObject({ kind: 'later', why: 'retry' });
    expect(sent.row.status).toBe('pending');
    expect(sent.row.last_error).toContain(`key ${secretKeyId(keyA)}`);
    expect(sent.row.last_error).toContain('WEBHOOK_SECRET_KEYS');

    const tally = await withoutA.resealSecrets(undefined, ours());
    expect(tally.unreadable).toBeGreaterThanOrEqual(1);
    expect((await stored(subscription.id)).secret.startsWith(`enc:v1:${secretKeyId(keyA)}:`)).toBe(true);
  });
});
