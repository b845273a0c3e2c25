import { once } from 'node:events';
import { Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { createAddressPolicy } from '@app/ingestion';
import { QUEUE_NAMES, ReportProcessJob, createQueue } from '@app/queues';
import { testPool, testRedisPrefix, testRedisUrl, uniqueId } from '@app/testing';
import { FeedPoller, FeedPollerOptions } from './feed-poller';
import { FeedRegistry } from './feed-registry';

const ITEMS = 3;

const rss = (name: string) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>${name}</title>` +
  Array.from({ length: ITEMS }, (_, i) => `<item><title>${name} story ${i}</title><guid>urn:${name}:${i}</guid></item>`).join('') +
  `</channel></rss>`;

describe('FeedPoller queueing the reports it records', () => {
  const policy = createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] });
  let pool: Pool;
  let store: PostgresEventStore;
  let registry: FeedRegistry;
  let server: Server;
  let base: string;
  const queues: Queue<ReportProcessJob>[] = [];

  beforeAll(async () => {
    pool = testPool(8);
    store = new PostgresEventStore(pool);
    registry = new FeedRegistry(pool, store, { policy, minPollIntervalSeconds: 1, defaultPollIntervalSeconds: 3600 });
    server = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(rss(req.url!.slice(1)));
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const q of queues) await q.close();
    server.closeAllConnections();
    server.close();
    await pool.end();
  });

  const queueAt = (redisUrl: string) => {
    const q = createQueue<ReportProcessJob>(QUEUE_NAMES.reportProcess, { redisUrl, redisPrefix: testRedisPrefix('poller') });
    queues.push(q);
    return q;
  };
  const poller = (queue: Queue<ReportProcessJob>, extra: Partial<FeedPollerOptions> = {}) =>
    new FeedPoller(pool, store, queue, registry, {
      policy,
      timeoutMs: 5000,
      connectTimeoutMs: 2000,
      maxBodyBytes: 1024 * 1024,
      pauseAfterHours: 24,
      ...extra,
    });
  const registerFeeds = async (n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await registry.register({ url: `${base}/${uniqueId('f')}`, pollIntervalSeconds: 3600 })).feed.id);
    return ids;
  };
  const reportIds = async (feedId: string) =>
    (
      await pool.query<{ id: string }>(
        `SELECT data->>'reportId' AS id FROM es_events WHERE type = 'ReportReceived' AND data->>'feedId' = $1`,
        [feedId],
      )
    ).rows.map((r) => r.id);

  it('queues the reports of every one of many polls finishing together, each job under its report id', async () => {
    const queue = queueAt(testRedisUrl());
    const p = poller(queue);
    const feeds = await registerFeeds(12);
    const outcomes = await Promise.all(feeds.map((id) => p.poll(id, { force: true })));
    expect(outcomes.map((o) => o.status === 'ok' && o.recorded)).toEqual(feeds.map(() => ITEMS));
    for (const feedId of feeds) {
      const ids = await reportIds(feedId);
      expect(ids).toHaveLength(ITEMS);
      for (const id of ids) expect((await queue.getJob(id))?.data).toEqual({ reportId: id, correlationId: id });
    }
    expect(await queue.count()).toBe(12 * ITEMS);
  });

  it('records the reports and answers when Redis does not take the jobs, with a warning for each feed', async () => {
    const warnings: Array<Record<string, unknown>> = [];
    const unreachable = queueAt('redis://127.0.0.1:1');
    const p = poller(unreachable, {
      enqueueTimeoutMs: 300,
      log: (level, msg, fields) => {
        if (level === 'warn' && msg.startsWith('could not queue new reports')) warnings.push(fields);
      },
    });
    const feeds = await registerFeeds(3);
    const outcomes = await Promise.all(feeds.map((id) => p.poll(id, { force: true })));
    expect(outcomes.map((o) => o.status === 'ok' && o.recorded)).toEqual([ITEMS, ITEMS, ITEMS]);
    for (const feedId of feeds) expect(await reportIds(feedId)).toHaveLength(ITEMS);
    expect(warnings.map((w) => w.feedId).sort()).toEqual([...feeds].sort());
    expect(warnings.every((w) => w.reports === ITEMS && /within 300 ms/.test(String(w.error)))).toBe(true);
  });
});
