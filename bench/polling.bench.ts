/**
 * Feed polling figures: 1,000 feeds (5 items each, ETag and Last-Modified) served by a fixture
 * server in a child process, polled by the real `poll` worker role (Nest application context,
 * BullMQ worker, PostgreSQL event store) in this process.
 *  - round 1: every feed is new: polls/s and ReportReceived appended per second;
 *  - round 2: nothing changed: polls/s and the share answered 304.
 * Baseline, measured in the same run against the same server at the same concurrency: plain
 * `fetch` of the 1,000 URLs, unconditional then with If-None-Match.
 * Peak RSS is this process's (the worker; the fixture server runs apart). Last line: one JSON object.
 */
import { ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { InfrastructureModule, Logger, createLogger, createRedis } from '@app/common';
import { AppConfig, ConfigModule, loadConfig } from '@app/config';
import { createPool, runMigrations } from '@app/database';
import { PostgresEventStore } from '@app/event-store';
import { FeedRegistry } from '@app/feeds';
import { createAddressPolicy } from '@app/ingestion';
import { FeedPollJobData, QUEUE_NAMES, createQueue, feedPollJobIds } from '@app/queues';
import { FeedPollService } from '../apps/worker/src/roles/feed-poll.processor';
import { log, peakRssMb, printTable, round, withBenchDatabase } from './bench-util';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 1000);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 50);

/**
 * The worker app with the poll role alone. WorkerModule would do the same with WORKER_ROLES=poll,
 * but importing it also loads every other role's code (the extraction gazetteer among it), which
 * is not the poll worker's memory.
 */
@Module({})
class PollWorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: PollWorkerModule,
      imports: [ConfigModule.forRoot(config), InfrastructureModule.forRoot(config, logger, 'conflict-monitor-worker:poll')],
      providers: [FeedPollService],
    };
  }
}

// ---------------------------------------------------------------- fixture server (child process)

function feedXml(n: number): string {
  const items = Array.from(
    { length: ITEMS },
    (_, i) =>
      `<item><title>Feed ${n}: shelling reported near town ${i}</title><link>https://news.example/${n}/${i}</link>` +
      `<guid>urn:bench:${n}:${i}</guid><pubDate>Wed, 01 May 2024 1${i % 10}:00:00 GMT</pubDate>` +
      `<description>Officials said ${i + 2} people were injured in the strike on the district.</description></item>`,
  ).join('');
  return `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Bench feed ${n}</title><link>https://news.example/${n}</link>${items}</channel></rss>`;
}

function serve(): void {
  const bodies = Array.from({ length: FEEDS }, (_, n) => {
    const body = Buffer.from(feedXml(n));
    return { body, etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"` };
  });
  const lastModified = new Date().toUTCString();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/feeds\/(\d+)\.xml$/.exec(req.url ?? '');
    const feed = m ? bodies[Number(m[1])] : undefined;
    if (!feed) {
      res.writeHead(404);
      res.end();
      return;
    }
    if (req.headers['if-none-match'] === feed.etag) {
      res.writeHead(304, { etag: feed.etag });
      res.end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: feed.etag, 'last-modified': lastModified });
    res.end(feed.body);
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('disconnect', () => process.exit(0));
}

async function startServer(): Promise<{ child: ChildProcess; base: string }> {
  const child = fork(__filename, ['serve'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const [msg] = (await once(child, 'message')) as [{ port: number }];
  return { child, base: `http://127.0.0.1:${msg.port}` };
}

// ---------------------------------------------------------------- baseline

async function plainFetchRound(urls: string[], etags: Map<string, string> | null): Promise<{ seconds: number; notModified: number }> {
  let next = 0;
  let notModified = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < urls.length) {
        const url = urls[next++]!;
        const etag = etags?.get(url);
        const res = await fetch(url, { headers: etag ? { 'if-none-match': etag } : {} });
        await res.arrayBuffer();
        if (res.status === 304) notModified++;
        if (res.status === 200 && res.headers.get('etag')) baselineEtags.set(url, res.headers.get('etag')!);
      }
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, notModified };
}
const baselineEtags = new Map<string, string>();

// ---------------------------------------------------------------- ours

async function main(): Promise<void> {
  if (process.argv[2] === 'serve') return serve();
  const { child, base } = await startServer();
  const urls = Array.from({ length: FEEDS }, (_, n) => `${base}/feeds/${n}.xml`);
  try {
    log(`baseline: plain fetch of ${FEEDS} feeds, concurrency ${CONCURRENCY} …`);
    const b1 = await plainFetchRound(urls, null);
    const b2 = await plainFetchRound(urls, baselineEtags);

    await withBenchDatabase('polling', async (url) => {
      await runMigrations(url, { log: () => undefined });
      const prefix = `cmbench:polling:${process.pid}`;
      const config = loadConfig({
        ...process.env,
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: process.env.BENCH_POOL_SIZE ?? '20',
        REDIS_PREFIX: prefix,
        WORKER_ROLES: 'poll',
        LOG_LEVEL: 'silent',
        MIN_POLL_INTERVAL_SECONDS: '1',
        ALLOW_PRIVATE_NETWORK: '127.0.0.0/8',
        FEED_POLL_CONCURRENCY: String(CONCURRENCY),
        FEED_RECONCILE_SECONDS: '86400',
        FEEDS_FILE: '',
      });
      const pool = createPool(url, 8, 'bench-polling');
      const store = new PostgresEventStore(pool);
      const registry = new FeedRegistry(pool, store, {
        policy: createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8'] }),
        minPollIntervalSeconds: 1,
        defaultPollIntervalSeconds: 86400,
      });
      log(`registering ${FEEDS} feeds …`);
      const ids: string[] = [];
      for (const u of urls) ids.push((await registry.register({ url: u, pollIntervalSeconds: 86400 })).feed.id);

      const worker = await NestFactory.createApplicationContext(PollWorkerModule.forRoot(config, createLogger('silent', 'bench')), {
        logger: false,
      });
      await worker.init();
      const service = worker.get(FeedPollService);
      await service.ready;
      const queue = createQueue<FeedPollJobData>(QUEUE_NAMES.feedPoll, config);

      const pollRound = async (label: string) => {
        const target = service.polls + ids.length;
        log(`${label}: ${ids.length} polls …`);
        const started = process.hrtime.bigint();
        await queue.addBulk(
          ids.map((feedId) => ({
            name: 'poll',
            data: { feedId, force: true },
            opts: { jobId: feedPollJobIds.pollNow(feedId), removeOnComplete: true },
          })),
        );
        while (service.polls < target) await new Promise((r) => setTimeout(r, 5));
        return Number(process.hrtime.bigint() - started) / 1e9;
      };
      const reportCount = async () =>
        (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE type = 'ReportReceived'`)).rows[0]!.n;

      const t1 = await pollRound('round 1 (new feeds)');
      const reports1 = await reportCount();
      const ok1 = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM feeds WHERE last_http_status = 200`)).rows[0]!.n;
      const t2 = await pollRound('round 2 (unchanged)');
      const reports2 = await reportCount();
      const notModified = (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM feeds WHERE last_http_status = 304`)).rows[0]!.n;
      const rssMb = peakRssMb();

      await worker.close();
      await queue.obliterate({ force: true }).catch(() => undefined);
      const reportQueue = createQueue(QUEUE_NAMES.reportProcess, config);
      await reportQueue.obliterate({ force: true }).catch(() => undefined);
      await reportQueue.close();
      await queue.close();
      await pool.end();
      const redis = createRedis(config.redisUrl);
      let cursor = '0';
      do {
        const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = nextCursor;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
      redis.disconnect();

      const result = {
        pollsPerSec: round(Math.min(FEEDS / t1, FEEDS / t2), 0),
        pollsPerSecNew: round(FEEDS / t1, 0),
        pollsPerSecUnchanged: round(FEEDS / t2, 0),
        baselinePollsPerSecNew: round(FEEDS / b1.seconds, 0),
        baselinePollsPerSecUnchanged: round(FEEDS / b2.seconds, 0),
        notModifiedShare: round(notModified / FEEDS, 3),
        baselineNotModifiedShare: round(b2.notModified / FEEDS, 3),
        reportsPerSec: round(reports1 / t1, 0),
        reportsFirstRound: reports1,
        reportsSecondRound: reports2 - reports1,
        okFirstRound: ok1,
        rssMb,
        feeds: FEEDS,
        concurrency: CONCURRENCY,
      };
      printTable([
        ['figure', 'ours (poll worker)', 'baseline (plain fetch)', 'target'],
        ['polls/s, first round (all new)', result.pollsPerSecNew, result.baselinePollsPerSecNew, '≥ 200'],
        ['polls/s, second round (unchanged)', result.pollsPerSecUnchanged, result.baselinePollsPerSecUnchanged, '≥ 200'],
        ['share answered 304, second round', result.notModifiedShare, result.baselineNotModifiedShare, '1.0'],
        ['reports/s appended, first round', result.reportsPerSec, '-', '-'],
        ['reports appended, first / second round', `${reports1} / ${reports2 - reports1}`, '-', `${FEEDS * ITEMS} / 0`],
        ['peak worker RSS (MB)', result.rssMb, '-', '≤ 300'],
      ]);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    });
  } finally {
    child.kill();
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
