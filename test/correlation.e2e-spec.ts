import { randomUUID } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@app/common';
import { loadConfig } from '@app/config';
import { eventually, ownTestDatabase, testRedisPrefix } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { FeedFixtureServer, rssXml } from './fixtures/feed-server';

const KEY = 'correlation-test-key';

/** JSON log lines written by the API and a worker running every role, kept for the assertions. */
class LogSink extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString().split('\n').filter(Boolean)) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

describe('Logs: one correlation id follows a feed item from poll to webhook', () => {
  const feeds = new FeedFixtureServer();
  const logs = new LogSink();
  const run = randomUUID().slice(0, 8);
  let api: INestApplication;
  let worker: INestApplicationContext;
  let receiver: Server;
  let base: string;
  let subscriptionId: string | undefined;
  let database: { url: string; drop: () => Promise<void> };
  const received: { webhookId: string; body: { type?: string } }[] = [];

  const call = (method: string, p: string, body?: unknown) =>
    fetch(`${base}${p}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-api-key': KEY },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  beforeAll(async () => {
    await feeds.start();
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        received.push({ webhookId: String(req.headers['webhook-id']), body: JSON.parse(body) as { type?: string } });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    // A database of its own: another file's worker could otherwise deliver this test's alert.
    database = await ownTestDatabase('correlation');
    const config = loadConfig({
      ...process.env,
      DATABASE_URL: database.url,
      API_KEYS: KEY,
      REDIS_PREFIX: testRedisPrefix('correlation'),
      LOG_LEVEL: 'info',
      MIN_POLL_INTERVAL_SECONDS: '1',
    });
    api = await createApiApp(config, createLogger('info', 'correlation-api', logs));
    await api.listen(0, '127.0.0.1');
    base = await api.getUrl();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, createLogger('info', 'correlation-worker', logs)), {
      logger: false,
    });
    await worker.init();
  });
  afterAll(async () => {
    if (subscriptionId) await call('DELETE', `/subscriptions/${subscriptionId}`);
    await worker?.close();
    await api?.close();
    await database?.drop();
    await new Promise((r) => receiver.close(r));
    await feeds.stop();
  });

  it('logs the report id as correlationId when the item is recorded, processed and its alert delivered', async () => {
    const sub = await call('POST', '/subscriptions', {
      url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      filter: { families: ['AttackReported'], places: ['Balakliia'] },
    });
    expect(sub.status).toBe(201);
    subscriptionId = ((await sub.json()) as { id: string }).id;

    feeds.setFeed(
      `corr-${run}`,
      rssXml('Wire', [
        {
          guid: `urn:corr:${run}`,
          title: 'Russian missile strike on Balakliia kills three',
          description: 'A Russian missile struck Balakliia in the Kharkiv region on Monday, killing three people, the governor said.',
        },
      ]),
    );
    const feed = await call('POST', '/feeds', { url: feeds.url(`/feeds/corr-${run}`), pollIntervalSeconds: 3600 });
    expect(feed.status).toBe(201);
    const feedId = ((await feed.json()) as { id: string }).id;

    const alert = await eventually(async () => received.find((r) => r.body.type === 'incident.reported'), 30_000);
    const recorded = await eventually(async () => logs.lines.find((l) => l.msg === 'report recorded' && l.feedId === feedId));
    const correlationId = recorded.correlationId as string;
    expect(correlationId).toBe(recorded.reportId);

    const processed = logs.lines.find((l) => l.msg === 'report processed' && l.correlationId === correlationId);
    expect(processed).toMatchObject({ reportId: correlationId });
    const delivered = await eventually(async () =>
      logs.lines.find((l) => l.msg === 'webhook delivered' && l.deliveryId === alert.webhookId),
    );
    expect(delivered).toMatchObject({ subscriptionId, correlationId });
  });
});
