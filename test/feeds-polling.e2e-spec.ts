import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { createLogger } from '@app/common';
import { AppConfig, loadConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { itemKey, reportIdFor } from '@app/ingestion';
import { FeedPollJobData, QUEUE_NAMES, ReportProcessJob, createQueue, feedPollJobIds } from '@app/queues';
import { eventually, testPool, testRedisPrefix } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { FeedPollService } from '../apps/worker/src/roles/feed-poll.processor';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { FeedFixtureServer, FixtureItem, readWildManifest, rssXml } from './fixtures/feed-server';

const KEY = 'feeds-polling-test-key';

interface Feed {
  id: string;
  url: string;
  title: string | null;
  state: string;
  paused: boolean;
  pausedReason: string | null;
  finalUrl: string | null;
  lastPolledAt: string | null;
  nextPollAt: string | null;
  lastHttpStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  reportsSeen: number;
  polls: { fetched: number; notModified: number; failed: number };
  retryNotBefore: string | null;
}

const items = (prefix: string, n: number, title = (i: number) => `${prefix} story ${i}`): FixtureItem[] =>
  Array.from({ length: n }, (_, i) => ({
    guid: `urn:${prefix}:${i}`,
    link: `https://news.example/${prefix}/${i}?utm_source=rss`,
    title: title(i),
  }));

/** The API and a `poll` worker in this process, a fixture feed server on 127.0.0.1, the run's PostgreSQL and Redis. */
describe('Feed polling end to end', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let base: string;
  let config: AppConfig;
  let pool: Pool;
  let store: PostgresEventStore;
  let pollQueue: Queue<FeedPollJobData>;
  let reportQueue: Queue<ReportProcessJob>;
  const server = new FeedFixtureServer();

  const startWorker = async (overrides: Record<string, string> = {}) => {
    const c = loadConfig({ ...process.env, ...configEnv, ...overrides });
    const ctx = await NestFactory.createApplicationContext(WorkerModule.forRoot(c, createLogger('silent', 'feeds-worker-test')), {
      logger: false,
    });
    await ctx.init();
    await ctx.get(FeedPollService).ready;
    return ctx;
  };
  let configEnv: Record<string, string>;

  beforeAll(async () => {
    await server.start();
    configEnv = {
      API_KEYS: KEY,
      REDIS_PREFIX: testRedisPrefix('feeds-poll'),
      WORKER_ROLES: 'poll',
      LOG_LEVEL: 'silent',
      MIN_POLL_INTERVAL_SECONDS: '1',
      FEED_TIMEOUT_MS: '1500',
      FEED_CONNECT_TIMEOUT_MS: '1000',
      FEED_POLL_CONCURRENCY: '20',
    };
    config = loadConfig({ ...process.env, ...configEnv });
    api = await createApiApp(config, createLogger('silent', 'feeds-polling-test'));
    await api.listen(0, '127.0.0.1');
    base = await api.getUrl();
    worker = await startWorker();
    pool = testPool(4);
    store = new PostgresEventStore(pool);
    pollQueue = createQueue<FeedPollJobData>(QUEUE_NAMES.feedPoll, config);
    reportQueue = createQueue<ReportProcessJob>(QUEUE_NAMES.reportProcess, config);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await pollQueue?.close();
    await reportQueue?.close();
    await pool?.end();
    await server.stop();
  });

  const call = (method: string, p: string, body?: unknown) =>
    fetch(`${base}${p}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const getFeed = async (id: string): Promise<Feed> => (await (await call('GET', `/feeds/${id}`)).json()) as Feed;
  const noPendingPoll = (id: string) => eventually(async () => !(await pollQueue.getJob(feedPollJobIds.pollNow(id))), 20_000);

  /** Registers a feed (interval one hour, so only the polls a test asks for happen) and waits for its first poll. */
  const register = async (url: string, extra: Record<string, unknown> = {}): Promise<Feed> => {
    const res = await call('POST', '/feeds', { url, pollIntervalSeconds: 3600, ...extra });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as Feed;
    const feed = await eventually(async () => {
      const f = await getFeed(id);
      return f.lastPolledAt !== null && f;
    }, 20_000);
    await noPendingPoll(id);
    return feed;
  };
  /** POST /feeds/:id/poll and wait until that poll is recorded. */
  const pollNow = async (id: string): Promise<Feed> => {
    await noPendingPoll(id);
    const before = (await getFeed(id)).lastPolledAt;
    const res = await call('POST', `/feeds/${id}/poll`);
    expect(res.status).toBe(202);
    const feed = await eventually(async () => {
      const f = await getFeed(id);
      return f.lastPolledAt !== before && f;
    }, 20_000);
    await noPendingPoll(id);
    return feed;
  };
  const reports = async (feedId: string) => {
    const { rows } = await pool.query<{ stream_id: string; data: { title: string; reportId: string } }>(
      `SELECT stream_id, data FROM es_events WHERE type = 'ReportReceived' AND data->>'feedId' = $1 ORDER BY global_position`,
      [feedId],
    );
    return rows;
  };

  it('records each item once as ReportReceived on report-<id> and queues it for processing', async () => {
    server.setFeed('kyiv', rssXml('Kyiv wire', items('kyiv', 5)));
    const feed = await register(server.url('/feeds/kyiv'));
    expect(feed).toMatchObject({
      state: 'ok',
      lastHttpStatus: 200,
      lastError: null,
      reportsSeen: 5,
      title: 'Kyiv wire',
      consecutiveFailures: 0,
    });
    const recorded = await reports(feed.id);
    expect(recorded).toHaveLength(5);
    expect(recorded.map((r) => r.stream_id).sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `report-${reportIdFor(feed.id, itemKey({ guid: `urn:kyiv:${i}` }))}`).sort(),
    );
    for (const r of recorded) {
      const i = Number(r.data.title.replace('kyiv story ', ''));
      const reportId = reportIdFor(feed.id, itemKey({ guid: `urn:kyiv:${i}` }));
      expect(r.stream_id).toBe(`report-${reportId}`);
      const [event] = await store.readStream(r.stream_id);
      expect(event).toMatchObject({
        eventId: reportId,
        type: 'ReportReceived',
        data: {
          reportId,
          feedId: feed.id,
          title: `kyiv story ${i}`,
          guid: `urn:kyiv:${i}`,
          url: `https://news.example/kyiv/${i}?utm_source=rss`,
        },
        metadata: { feedId: feed.id, reportId, correlationId: reportId },
      });
      expect((await reportQueue.getJob(reportId))?.data).toMatchObject({ reportId });
    }
  });

  it('appends nothing on a second poll of an unchanged feed (answered 304), exactly one report for one new item', async () => {
    server.setFeed('odesa', rssXml('Odesa wire', items('odesa', 4)));
    const feed = await register(server.url('/feeds/odesa'));
    expect(await reports(feed.id)).toHaveLength(4);

    const notModified = await pollNow(feed.id);
    expect(notModified).toMatchObject({ lastHttpStatus: 304, state: 'ok', reportsSeen: 4 });
    expect(await reports(feed.id)).toHaveLength(4);

    server.setFeed('odesa', rssXml('Odesa wire', items('odesa', 5)));
    const oneNew = await pollNow(feed.id);
    expect(oneNew).toMatchObject({ lastHttpStatus: 200, reportsSeen: 5, polls: { fetched: 2, notModified: 1, failed: 0 } });
    const after = await reports(feed.id);
    expect(after).toHaveLength(5);
    expect(after[4]!.data.title).toBe('odesa story 4');
    expect(await reportQueue.getJob(after[4]!.data.reportId)).toBeDefined();
  });

  it('keeps one report per item when the publisher edits titles', async () => {
    server.setFeed('edits', rssXml('Edits', items('edits', 3)));
    const feed = await register(server.url('/feeds/edits'));
    server.setFeed(
      'edits',
      rssXml(
        'Edits',
        items('edits', 3, (i) => `edits story ${i} (updated)`),
      ),
    );
    const after = await pollNow(feed.id);
    expect(after).toMatchObject({ lastHttpStatus: 200, reportsSeen: 3, lastError: null });
    expect((await reports(feed.id)).map((r) => r.data.title)).toEqual(['edits story 0', 'edits story 1', 'edits story 2']);
  });

  it('counts an item another writer stored first as seen, not a failure, and records the others', async () => {
    server.setFeed('taken', rssXml('Taken', items('taken', 2)));
    const feed = await register(server.url('/feeds/taken'));
    expect(feed.reportsSeen).toBe(2);
    // The report id of the next item is taken already (stored by someone else, on another stream):
    // its append conflicts, and the poll falls back to appending item by item.
    const takenId = reportIdFor(feed.id, itemKey({ guid: 'urn:taken:3' }));
    await store.append(`elsewhere-${takenId}`, [
      {
        eventId: takenId,
        type: 'FeedRegistered',
        data: { feedId: takenId, url: 'https://news.example/taken.xml', pollIntervalSeconds: 300 },
      },
    ]);
    server.setFeed('taken', rssXml('Taken', items('taken', 5)));
    const after = await pollNow(feed.id);
    expect(after).toMatchObject({ state: 'ok', lastHttpStatus: 200, lastError: null, consecutiveFailures: 0, reportsSeen: 4 });
    expect((await reports(feed.id)).map((r) => r.data.title)).toEqual(['taken story 0', 'taken story 1', 'taken story 2', 'taken story 4']);
  });

  it('follows a redirect and keeps the final URL with its validators', async () => {
    server.setFeed('moved', rssXml('Moved', items('moved', 2)));
    const feed = await register(server.url('/redirect/moved'));
    expect(feed).toMatchObject({ finalUrl: server.url('/feeds/moved'), reportsSeen: 2, lastHttpStatus: 200 });
    expect(await pollNow(feed.id)).toMatchObject({ lastHttpStatus: 304, reportsSeen: 2 });
  });

  it.each([
    ['a server that never answers', '/slow', null, /timed out after 1500 ms/],
    ['a 50 MiB body', '/huge', null, /response body exceeds 10485760 bytes/],
    ['a redirect loop', '/loop', null, /too many redirects \(more than 5\)/],
    ['a redirect to a private address', '/to-private', null, /redirect to a private address 10\.0\.0\.1 refused/],
    ['a 500', '/error', 500, /^HTTP 500 Internal Server Error$/],
  ])('leaves the feed failing with the reason for %s', async (_what, route, status, reason) => {
    const feed = await register(server.url(route));
    expect(feed).toMatchObject({ state: 'failing', consecutiveFailures: 1, lastHttpStatus: status, reportsSeen: 0 });
    expect(feed.lastError).toMatch(reason);
    expect(feed.failingSince).not.toBeNull();
    // The next poll backs off: at least most of an interval away.
    expect(Date.parse(feed.nextPollAt!) - Date.now()).toBeGreaterThan(0.7 * 3600_000);
  });

  it('honours Retry-After on a 429', async () => {
    const feed = await register(server.url('/rate-limited'), { pollIntervalSeconds: 30 });
    expect(feed).toMatchObject({ state: 'failing', lastHttpStatus: 429, consecutiveFailures: 1 });
    expect(feed.lastError).toMatch(/HTTP 429 Too Many Requests \(the server asks to retry after 120 s\)/);
    expect(Date.parse(feed.nextPollAt!) - Date.parse(feed.lastPolledAt!)).toBeGreaterThanOrEqual(120_000);
    expect(Date.parse(feed.retryNotBefore!) - Date.parse(feed.lastPolledAt!)).toBeGreaterThanOrEqual(119_000);
    expect(feed.polls).toEqual({ fetched: 0, notModified: 0, failed: 1 });

    // A scheduled tick may run a little before `next_poll_at` (half an interval), never before Retry-After.
    await pool.query(`UPDATE feeds SET next_poll_at = now() + interval '5 seconds' WHERE id = $1`, [feed.id]);
    const tick = async (n: number) => {
      const jobId = `test-retry-after-${n}-${feed.id}`;
      await pollQueue.add('poll', { feedId: feed.id }, { jobId });
      await eventually(async () => (await pollQueue.getJob(jobId))?.isCompleted());
      return getFeed(feed.id);
    };
    expect((await tick(1)).lastPolledAt).toBe(feed.lastPolledAt);
    await pool.query(`UPDATE feeds SET retry_not_before = now() - interval '1 second' WHERE id = $1`, [feed.id]);
    const polled = await tick(2);
    expect(polled.lastPolledAt).not.toBe(feed.lastPolledAt);
    expect(polled.polls).toEqual({ fetched: 0, notModified: 0, failed: 2 });
  });

  it('counts failures, backs off, pauses a feed failing too long with FeedPaused and the reason, and a success resets it', async () => {
    server.setFeed('flaky', rssXml('Flaky', items('flaky', 2)));
    server.setStatus('flaky', 503);
    const feed = await register(server.url('/feeds/flaky'));
    expect(feed).toMatchObject({ consecutiveFailures: 1, lastHttpStatus: 503 });
    const second = await pollNow(feed.id);
    expect(second.consecutiveFailures).toBe(2);
    expect(second.failingSince).toBe(feed.failingSince);

    // A scheduled (not forced) poll inside the backoff does nothing.
    await pollQueue.add('poll', { feedId: feed.id }, { jobId: `test-tick-${feed.id}` });
    await eventually(async () => (await pollQueue.getJob(`test-tick-${feed.id}`))?.isCompleted());
    expect((await getFeed(feed.id)).lastPolledAt).toBe(second.lastPolledAt);

    server.setStatus('flaky', undefined);
    const recovered = await pollNow(feed.id);
    expect(recovered).toMatchObject({ state: 'ok', consecutiveFailures: 0, failingSince: null, lastError: null, reportsSeen: 2 });

    server.setStatus('flaky', 500);
    await pollNow(feed.id);
    // Three days of failures, as if they had happened.
    await pool.query(`UPDATE feeds SET failing_since = now() - interval '73 hours' WHERE id = $1`, [feed.id]);
    const paused = await pollNow(feed.id);
    expect(paused).toMatchObject({ paused: true, state: 'paused', consecutiveFailures: 2 });
    expect(paused.pausedReason).toMatch(/failing since .* \(2 polls in a row\); last error: HTTP 500 Internal Server Error/);
    const events = await store.readStream(`feed-${feed.id}`);
    expect(events.map((e) => e.type)).toEqual(['FeedRegistered', 'FeedPaused']);
    expect(events[1]!.data).toEqual({ feedId: feed.id, reason: paused.pausedReason });
    await eventually(async () => (await pollQueue.getJobScheduler(feed.id)) === undefined);
    expect((await call('POST', `/feeds/${feed.id}/poll`)).status).toBe(409);

    // Resuming clears the run of failures and polls at once.
    server.setStatus('flaky', undefined);
    expect((await call('PATCH', `/feeds/${feed.id}`, { paused: false })).status).toBe(200);
    const resumed = await eventually(async () => {
      const f = await getFeed(feed.id);
      return f.state === 'ok' && f;
    }, 20_000);
    expect(resumed).toMatchObject({ paused: false, consecutiveFailures: 0 });
  });

  it('reads every file of the real-world corpus: feeds yield their reports, decoded; non-feeds fail with a reason', async () => {
    const rows = readWildManifest();
    const ids = new Map<string, string>();
    for (const row of rows) {
      const res = await call('POST', '/feeds', { url: server.url(`/wild/${row.file}`), pollIntervalSeconds: 3600 });
      expect(res.status).toBe(201);
      ids.set(row.file, ((await res.json()) as Feed).id);
    }
    const feeds = new Map<string, Feed>();
    await eventually(
      async () => {
        for (const [file, id] of ids) {
          if (feeds.has(file)) continue;
          const f = await getFeed(id);
          if (f.lastPolledAt) feeds.set(file, f);
        }
        return feeds.size === ids.size;
      },
      60_000,
      200,
    );
    const problems: string[] = [];
    for (const row of rows) {
      const feed = feeds.get(row.file)!;
      if (row.kind === 'not-a-feed') {
        if (feed.state !== 'failing' || !/not an RSS or Atom feed/.test(feed.lastError ?? '')) {
          problems.push(`${row.file}: expected a failure saying why, got ${feed.state} ${feed.lastError}`);
        }
        continue;
      }
      const recorded = await reports(feed.id);
      if (feed.state !== 'ok') problems.push(`${row.file}: ${feed.state} ${feed.lastError}`);
      if (recorded.length < row.minItems) problems.push(`${row.file}: ${recorded.length} reports, expected at least ${row.minItems}`);
      if (new Set(recorded.map((r) => r.stream_id)).size !== recorded.length) problems.push(`${row.file}: a report recorded twice`);
      if (feed.reportsSeen !== recorded.length) problems.push(`${row.file}: reportsSeen ${feed.reportsSeen} vs ${recorded.length}`);
      if (row.text && ![feed.title ?? '', ...recorded.map((r) => r.data.title)].some((t) => t.includes(row.text))) {
        problems.push(
          `${row.file}: "${row.text}" not found in ${JSON.stringify([feed.title, ...recorded.slice(0, 3).map((r) => r.data.title)])}`,
        );
      }
    }
    expect(problems).toEqual([]);

    // Unchanged, every feed answers without a new report on the next round. Other test files record
    // reports in the same database meanwhile: count only the reports of these feeds.
    const countMine = async () =>
      (
        await pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM es_events WHERE type = 'ReportReceived' AND data->>'feedId' = ANY($1::text[])`,
          [[...ids.values()]],
        )
      ).rows[0]!.n;
    const before = await countMine();
    const sample = rows.filter((r) => r.kind === 'feed').slice(0, 10);
    for (const row of sample) await pollNow(ids.get(row.file)!);
    const after = await countMine();
    expect(after).toBe(before);
  });

  it('keeps polling after all of that', async () => {
    server.setFeed('still', rssXml('Still here', items('still', 1)));
    const feed = await register(server.url('/feeds/still'));
    expect(feed).toMatchObject({ state: 'ok', reportsSeen: 1 });
  });

  it('/metrics counts feed polls by outcome, feeds by state, and shows how long poll jobs took', async () => {
    const metric = async (series: string): Promise<number | undefined> => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const line = text.split('\n').find((l) => l.startsWith(`${series} `));
      return line === undefined ? undefined : Number(line.slice(series.length + 1));
    };
    const totals = async () => {
      const { rows } = await pool.query<{ fetched: number; not_modified: number; failed: number }>(
        `SELECT sum(polls_fetched)::int AS fetched, sum(polls_not_modified)::int AS not_modified, sum(polls_failed)::int AS failed FROM feeds`,
      );
      return rows[0]!;
    };
    server.setFeed('metered', rssXml('Metered', items('metered', 2)));
    const feed = await register(server.url('/feeds/metered'));
    await pollNow(feed.id);
    expect((await getFeed(feed.id)).polls).toEqual({ fetched: 1, notModified: 1, failed: 0 });
    // Other tests' feeds poll too; the metric is the sum over all of them, as stored.
    await eventually(async () => {
      const t = await totals();
      return (
        (await metric('cm_feed_polls_total{outcome="fetched"}')) === t.fetched &&
        (await metric('cm_feed_polls_total{outcome="not_modified"}')) === t.not_modified &&
        (await metric('cm_feed_polls_total{outcome="failed"}')) === t.failed
      );
    });
    expect((await totals()).not_modified).toBeGreaterThanOrEqual(1);
    expect(await metric('cm_feeds{state="ok"}')).toBeGreaterThanOrEqual(1);
    // Durations are written by the worker at most a second after its jobs finish.
    const p95 = await eventually(async () => metric('cm_job_duration_seconds{queue="feed-poll",quantile="0.95"}'), 10_000);
    expect(p95).toBeGreaterThan(0);
    expect(p95).toBeLessThan(60);
  });

  it('rebuilds the schedules from PostgreSQL when Redis lost them, and registers the feeds of FEEDS_FILE', async () => {
    server.setFeed('file-a', rssXml('File A', items('file-a', 2)));
    server.setFeed('file-b', rssXml('File B', items('file-b', 1)));
    // The feeds this file registered (other test files register, change and remove feeds of their own meanwhile).
    const { rows } = await pool.query<{ id: string; poll_interval_seconds: number }>(
      `SELECT id, poll_interval_seconds FROM feeds WHERE removed_at IS NULL AND NOT paused AND url LIKE $1`,
      [`${server.url('/')}%`],
    );
    expect(rows.length).toBeGreaterThan(0);
    const pausedRes = await call('POST', '/feeds', { url: server.url('/feeds/odesa-paused'), pollIntervalSeconds: 3600 });
    const pausedId = ((await pausedRes.json()) as Feed).id;
    await call('PATCH', `/feeds/${pausedId}`, { paused: true });

    await worker.close();
    // Redis loses everything of this queue, and a stale schedule of the paused feed appears.
    await pollQueue.obliterate({ force: true });
    await pollQueue.upsertJobScheduler(pausedId, { every: 3600_000 }, { name: 'poll', data: { feedId: pausedId } });

    const dir = mkdtempSync(path.join(tmpdir(), 'feeds-file-'));
    const file = path.join(dir, 'feeds.txt');
    writeFileSync(
      file,
      ['# trusted', server.url('/feeds/file-a'), server.url('/feeds/file-b'), 'ftp://127.0.0.1/nope', server.url('/feeds/kyiv'), ''].join(
        '\n',
      ),
    );
    worker = await startWorker({ FEEDS_FILE: file });

    for (const row of rows)
      expect([row.id, (await pollQueue.getJobScheduler(row.id))?.every]).toEqual([row.id, row.poll_interval_seconds * 1000]);
    expect(await pollQueue.getJobScheduler(pausedId)).toBeUndefined();

    const list = (await (await call('GET', '/feeds?limit=1000')).json()) as { items: Feed[] };
    const fromFile = list.items.filter((f) => f.url === server.url('/feeds/file-a') || f.url === server.url('/feeds/file-b'));
    expect(fromFile).toHaveLength(2);
    expect(list.items.filter((f) => f.url === server.url('/feeds/kyiv'))).toHaveLength(1);
    expect(list.items.some((f) => f.url.startsWith('ftp:'))).toBe(false);
    for (const f of fromFile) expect((await pollQueue.getJobScheduler(f.id))?.every).toBe(300_000);
    // Registered from the file, then polled at once.
    await eventually(async () => (await getFeed(fromFile[0]!.id)).reportsSeen > 0, 20_000);
  });
});
