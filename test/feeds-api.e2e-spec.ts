import { INestApplication } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { createLogger } from '@app/common';
import { AppConfig, loadConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { FeedPollJobData, QUEUE_NAMES, createQueue, feedPollJobIds } from '@app/queues';
import { testPool, testRedisPrefix } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

const KEY = 'feeds-api-test-key';

/** The feeds API on its own (no worker): validation, events on the feed stream, schedules in Redis. */
describe('Feeds API', () => {
  let api: INestApplication;
  let base: string;
  let config: AppConfig;
  let pool: Pool;
  let store: PostgresEventStore;
  let queue: Queue<FeedPollJobData>;
  // Nothing listens there: no worker runs in this file, so no request is ever made.
  let port = 20000;
  const feedUrl = () => `http://127.0.0.1:${port++}/feed.xml`;

  beforeAll(async () => {
    config = loadConfig({ ...process.env, API_KEYS: KEY, REDIS_PREFIX: testRedisPrefix('feeds-api'), LOG_LEVEL: 'silent' });
    api = await createApiApp(config, createLogger('silent', 'feeds-api-test'));
    await api.listen(0, '127.0.0.1');
    base = await api.getUrl();
    pool = testPool(4);
    store = new PostgresEventStore(pool);
    queue = createQueue<FeedPollJobData>(QUEUE_NAMES.feedPoll, config);
  });
  afterAll(async () => {
    await queue.close();
    await api.close();
    await pool.end();
  });

  const call = (method: string, path: string, body?: unknown, key: string | null = KEY) =>
    fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const register = async (body: Record<string, unknown>) => {
    const res = await call('POST', '/feeds', body);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; url: string; [k: string]: unknown };
  };
  const eventTypes = async (id: string) => (await store.readStream(`feed-${id}`)).map((e) => e.type);

  it('needs an API key to write, not to read', async () => {
    const feed = await register({ url: feedUrl() });
    expect((await call('POST', '/feeds', { url: feedUrl() }, null)).status).toBe(401);
    expect((await call('POST', '/feeds', { url: feedUrl() }, 'not-the-right-key')).status).toBe(401);
    expect((await call('PATCH', `/feeds/${feed.id}`, { title: 'x' }, null)).status).toBe(401);
    expect((await call('DELETE', `/feeds/${feed.id}`, undefined, null)).status).toBe(401);
    expect((await call('POST', `/feeds/${feed.id}/poll`, undefined, null)).status).toBe(401);
    expect((await call('GET', `/feeds/${feed.id}`, undefined, null)).status).toBe(200);
    expect((await call('GET', '/feeds', undefined, null)).status).toBe(200);
  });

  it('registers a feed: 201, FeedRegistered on its stream, a schedule at its interval and a first poll queued', async () => {
    const url = feedUrl();
    const feed = await register({ url, title: 'Kyiv Independent' });
    expect(feed).toMatchObject({
      url,
      title: 'Kyiv Independent',
      pollIntervalSeconds: 300,
      paused: false,
      state: 'pending',
      lastPolledAt: null,
      lastError: null,
      consecutiveFailures: 0,
      reportsSeen: 0,
    });
    expect(feed.id).toMatch(/^[0-9a-f-]{36}$/);
    const events = await store.readStream(`feed-${feed.id}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['FeedRegistered', { feedId: feed.id, url, title: 'Kyiv Independent', pollIntervalSeconds: 300 }],
    ]);
    const scheduler = await queue.getJobScheduler(feedPollJobIds.scheduler(feed.id));
    expect(scheduler).toMatchObject({ every: 300_000, template: { data: { feedId: feed.id } } });
    const first = await queue.getJob(feedPollJobIds.pollNow(feed.id));
    expect(first?.data).toEqual({ feedId: feed.id, force: true });
  });

  it('answers 409 with the existing id for a URL registered already, however it is spelled', async () => {
    const port = 21000;
    const feed = await register({ url: `http://127.0.0.1:${port}/dup.xml` });
    const again = await call('POST', '/feeds', { url: `HTTP://127.0.0.1:${port}/dup.xml#top` });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'FEED.ALREADY_REGISTERED', existingId: feed.id });
  });

  it('answers 400 naming the field for a bad body', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{}, /url/],
      [{ url: 42 }, /url/],
      [{ url: feedUrl(), pollIntervalSeconds: 'often' }, /pollIntervalSeconds/],
      [{ url: feedUrl(), pollIntervalSeconds: 10 }, /pollIntervalSeconds must be a whole number between 30/],
      [{ url: feedUrl(), title: '' }, /title/],
      [{ url: feedUrl(), colour: 'red' }, /colour/],
      [{ url: 'not a url' }, /url is not allowed: a malformed URL/],
    ];
    for (const [body, message] of cases) {
      const res = await call('POST', '/feeds', body);
      expect([res.status, JSON.stringify(await res.json())]).toEqual([400, expect.stringMatching(message)]);
    }
  });

  it('refuses URLs of other schemes and of private, link-local and metadata addresses, with the reason', async () => {
    const cases: Array<[string, RegExp]> = [
      ['ftp://127.0.0.1/feed.xml', /ftp: scheme \(only http and https are allowed\)/],
      ['file:///etc/passwd', /file: scheme/],
      ['http://10.0.0.1/feed.xml', /private address 10\.0\.0\.1/],
      ['http://192.168.1.20/rss', /private address 192\.168\.1\.20/],
      ['http://169.254.169.254/latest/meta-data/', /metadata/],
      ['http://[fe80::1]/rss', /link-local/],
      ['http://metadata.google.internal/computeMetadata/v1/', /metadata host/],
    ];
    for (const [url, reason] of cases) {
      const res = await call('POST', '/feeds', { url });
      const body = (await res.json()) as { code: string; field: string; reason: string };
      expect([url, res.status, body.code, body.field]).toEqual([url, 400, 'FEED.URL_NOT_ALLOWED', 'url']);
      expect(body.reason).toMatch(reason);
    }
  });

  it('lists feeds and shows one; 404 for an unknown id, 400 for a malformed one', async () => {
    const feed = await register({ url: feedUrl() });
    const list = (await (await call('GET', '/feeds?limit=1000')).json()) as { items: Array<{ id: string }>; total: number };
    expect(list.items.map((f) => f.id)).toContain(feed.id);
    expect(list.total).toBeGreaterThanOrEqual(list.items.length);
    const page = (await (await call('GET', '/feeds?limit=1&offset=0')).json()) as { items: unknown[]; limit: number };
    expect(page.items).toHaveLength(1);
    expect((await call('GET', '/feeds?limit=0')).status).toBe(400);
    const one = await call('GET', `/feeds/${feed.id}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toMatchObject({ id: feed.id, url: feed.url, state: 'pending' });
    const unknown = await call('GET', '/feeds/6f1c2a57-1b0e-4c55-9d1e-2b7f3c4d5e6f');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'FEED.NOT_FOUND' });
    expect((await call('GET', '/feeds/not-a-uuid')).status).toBe(400);
    expect((await call('PATCH', '/feeds/6f1c2a57-1b0e-4c55-9d1e-2b7f3c4d5e6f', { title: 'x' })).status).toBe(404);
    expect((await call('POST', '/feeds/6f1c2a57-1b0e-4c55-9d1e-2b7f3c4d5e6f/poll')).status).toBe(404);
  });

  it('changes title and interval (FeedUpdated, schedule follows), pauses and resumes (FeedPaused, FeedResumed)', async () => {
    const feed = await register({ url: feedUrl(), pollIntervalSeconds: 600 });
    const patched = await call('PATCH', `/feeds/${feed.id}`, { title: 'Ukrainska Pravda', pollIntervalSeconds: 900 });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ title: 'Ukrainska Pravda', pollIntervalSeconds: 900 });
    expect((await queue.getJobScheduler(feed.id))?.every).toBe(900_000);

    // Nothing changes: no event.
    expect((await call('PATCH', `/feeds/${feed.id}`, { title: 'Ukrainska Pravda' })).status).toBe(200);
    expect((await call('PATCH', `/feeds/${feed.id}`, { pollIntervalSeconds: 5 })).status).toBe(400);
    expect((await call('PATCH', `/feeds/${feed.id}`, { paused: 'yes' })).status).toBe(400);

    const paused = await call('PATCH', `/feeds/${feed.id}`, { paused: true });
    expect(await paused.json()).toMatchObject({ paused: true, state: 'paused', pausedReason: 'paused through the API' });
    expect(await queue.getJobScheduler(feed.id)).toBeUndefined();
    const pollPaused = await call('POST', `/feeds/${feed.id}/poll`);
    expect(pollPaused.status).toBe(409);
    expect(await pollPaused.json()).toMatchObject({ code: 'FEED.PAUSED' });

    const resumed = await call('PATCH', `/feeds/${feed.id}`, { paused: false });
    expect(await resumed.json()).toMatchObject({ paused: false, pausedReason: null });
    expect((await queue.getJobScheduler(feed.id))?.every).toBe(900_000);

    const events = await store.readStream(`feed-${feed.id}`);
    expect(events.map((e) => [e.type, e.data])).toEqual([
      ['FeedRegistered', { feedId: feed.id, url: feed.url, pollIntervalSeconds: 600 }],
      ['FeedUpdated', { feedId: feed.id, title: 'Ukrainska Pravda', pollIntervalSeconds: 900 }],
      ['FeedPaused', { feedId: feed.id, reason: 'paused through the API' }],
      ['FeedResumed', { feedId: feed.id, reason: 'resumed through the API' }],
    ]);
  });

  it('queues a poll now: 202 with the job id', async () => {
    const feed = await register({ url: feedUrl() });
    await queue.remove(feedPollJobIds.pollNow(feed.id)); // the registration's first poll
    const res = await call('POST', `/feeds/${feed.id}/poll`);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { jobId: string };
    expect(body).toEqual({ feedId: feed.id, jobId: feedPollJobIds.pollNow(feed.id), status: 'queued' });
    expect((await queue.getJob(body.jobId))?.data).toEqual({ feedId: feed.id, force: true });
  });

  it('removes a feed: polling stops, the history stays, the same URL comes back under the same id', async () => {
    const feed = await register({ url: feedUrl() });
    expect((await call('DELETE', `/feeds/${feed.id}`)).status).toBe(204);
    expect((await call('GET', `/feeds/${feed.id}`)).status).toBe(404);
    expect((await call('DELETE', `/feeds/${feed.id}`)).status).toBe(404);
    expect(await queue.getJobScheduler(feed.id)).toBeUndefined();
    const list = (await (await call('GET', '/feeds?limit=1000')).json()) as { items: Array<{ id: string }> };
    expect(list.items.map((f) => f.id)).not.toContain(feed.id);
    expect(await eventTypes(feed.id)).toEqual(['FeedRegistered', 'FeedRemoved']);

    const again = await register({ url: feed.url, pollIntervalSeconds: 120 });
    expect(again).toMatchObject({ id: feed.id, pollIntervalSeconds: 120, paused: false });
    expect(await eventTypes(feed.id)).toEqual(['FeedRegistered', 'FeedRemoved', 'FeedRegistered']);
    expect((await queue.getJobScheduler(feed.id))?.every).toBe(120_000);
  });

  it('answers concurrent registrations of one URL with one feed and 409s', async () => {
    const url = feedUrl();
    const answers = await Promise.all(Array.from({ length: 6 }, () => call('POST', '/feeds', { url })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409]);
    const { rows } = await pool.query(`SELECT id FROM feeds WHERE url = $1`, [url]);
    expect(rows).toHaveLength(1);
  });
});
