import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createLogger } from '@app/common';
import { loadConfig } from '@app/config';
import { eventually } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';

const KEY = 'reports-test-key';

describe('Reports by hand: POST /reports, processed by the worker, GET /reports/:id', () => {
  let api: INestApplication;
  let worker: INestApplicationContext;
  let base: string;

  beforeAll(async () => {
    const config = loadConfig({
      ...process.env,
      API_KEYS: KEY,
      WORKER_ROLES: 'process',
      LOG_LEVEL: 'silent',
      SWEEP_INTERVAL_SECONDS: '3600',
    });
    const logger = createLogger('silent', 'reports-test');
    api = await createApiApp(config, logger);
    await api.listen(0, '127.0.0.1');
    base = await api.getUrl();
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: false });
    await worker.init();
  });
  afterAll(async () => {
    await worker.close();
    await api.close();
  });

  const post = (body: unknown, key: string | null = KEY) =>
    fetch(`${base}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { 'x-api-key': key } : {}) },
      body: JSON.stringify(body),
    });

  it('needs an API key', async () => {
    expect((await post({ title: 't', content: 'c' }, null)).status).toBe(401);
    expect((await post({ title: 't', content: 'c' }, 'wrong-key-123')).status).toBe(401);
  });

  it('answers 400 naming the field that is wrong', async () => {
    const missing = await post({ content: 'no title here' });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toMatch(/title/);
    const badDate = await post({ title: 'x', content: 'y', publishedAt: 'last Tuesday' });
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(await badDate.json())).toMatch(/publishedAt/);
    const badUrl = await post({ title: 'x', content: 'y', url: 'ftp://example.org/a' });
    expect(JSON.stringify(await badUrl.json())).toMatch(/url/);
    expect((await fetch(`${base}/reports/not-a-uuid`)).status).toBe(400);
    expect((await fetch(`${base}/reports/6f1c2a57-1b0e-4c55-9d1e-2b7f3c4d5e6f`)).status).toBe(404);
  });

  it('records the report, processes it in the worker, and shows what was taken from it', async () => {
    const res = await post({
      title: 'Russian drone strike on Kharkiv kills three',
      content:
        'A Russian drone strike on a residential area of Kharkiv killed three civilians and injured 12 others overnight, the regional governor said on Tuesday.',
      publishedAt: '2025-06-03T08:00:00Z',
      url: 'https://example.org/news/kharkiv-strike',
    });
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    const view = await eventually(async () => {
      const r = (await (await fetch(`${base}/reports/${id}`)).json()) as {
        status: string;
        events: { type: string; data: Record<string, unknown> }[];
        incidentIds: string[];
      };
      return r.status === 'processed' ? r : null;
    }, 20_000);
    const attack = view.events.find((e) => e.type === 'AttackReported');
    expect(attack).toBeDefined();
    expect(JSON.stringify(attack!.data.places)).toContain('Kharkiv');
    expect(view.incidentIds).toHaveLength(1);
  });
});
