import { INestApplication } from '@nestjs/common';
import { Pool } from 'pg';
import { createLogger } from '@app/common';
import { loadConfig } from '@app/config';
import { LocalWake, PostgresEventStore } from '@app/event-store';
import { ProjectionRunner, eventTypeCountsProjection } from '@app/projections';
import { eventually, testDatabaseUrl, testPool, uniqueId } from '@app/testing';
import { createApiApp } from '../apps/api/src/bootstrap';

describe('API: health and projections', () => {
  let app: INestApplication;
  let base: string;
  let pool: Pool;

  beforeAll(async () => {
    const config = loadConfig({ ...process.env, API_KEYS: 'api-test-key-1', LOG_LEVEL: 'silent' });
    app = await createApiApp(config, createLogger('silent', 'api-test'));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    pool = testPool(4);
  });
  afterAll(async () => {
    await app.close();
    await pool.end();
  });

  it('is live, and ready when PostgreSQL, Redis and the migrations are', async () => {
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    // Redis connects in the background at start: ready follows within moments.
    const ready = await eventually(async () => {
      const r = await fetch(`${base}/health/ready`);
      return r.status === 200 ? r : null;
    });
    expect(await ready.json()).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up', migrations: 'applied' } });
  });

  it("shows each projection's state and lag, and the lag closes once a runner runs it", async () => {
    const store = new PostgresEventStore(pool);
    const counts = async () =>
      ((await (await fetch(`${base}/projections`)).json()) as { name: string; state: string; lag: number }[]).find(
        (p) => p.name === eventTypeCountsProjection.name,
      )!;
    // Other test files run the projections on this database too (a worker of theirs, for as long as
    // the file runs): start once none of them runs this one.
    await eventually(async () => (await counts()).state === 'stopped', 150_000, 250);
    await store.append(uniqueId('feed'), [
      { type: 'FeedRegistered', data: { feedId: 'x', url: 'https://example.org/f.xml', pollIntervalSeconds: 300 } },
    ]);
    const before = await counts();
    expect(before.state).toBe('stopped');
    expect(before.lag).toBeGreaterThan(0);

    const wake = new LocalWake();
    const runner = new ProjectionRunner(pool, store, eventTypeCountsProjection, { databaseUrl: testDatabaseUrl(), wake, pollMs: 50 });
    runner.start();
    try {
      // Other test files keep appending: the lag is 0 only between their writes, so give it time.
      await eventually(async () => {
        const p = await counts();
        return p.state === 'running' && p.lag === 0;
      }, 30_000);
    } finally {
      await runner.stop();
    }
  }, 200_000);

  it('serves an OpenAPI 3 document that describes its paths', async () => {
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as { openapi: string; paths: Record<string, unknown> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health/live', '/health/ready', '/projections']));
  });

  it('describes every operation: a 2xx answer with its schema, every parameter, every response', async () => {
    type Parameter = { name: string; in: string; description?: string };
    type Answer = { description?: string; content?: Record<string, { schema?: unknown }> };
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as {
      paths: Record<string, Record<string, { parameters?: Parameter[]; responses: Record<string, Answer> }>>;
    };
    const problems: string[] = [];
    let operations = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        operations++;
        const at = `${method.toUpperCase()} ${path}`;
        const ok = Object.entries(op.responses).filter(([code]) => /^2/.test(code));
        if (ok.length === 0) problems.push(`${at}: no 2xx response`);
        for (const [code, answer] of ok) {
          // 204 has no body to describe.
          if (code === '204') continue;
          const schemas = Object.values(answer.content ?? {}).filter((c) => c.schema);
          if (schemas.length === 0) problems.push(`${at}: ${code} has no schema`);
        }
        for (const [code, answer] of Object.entries(op.responses)) if (!answer.description) problems.push(`${at}: ${code} undescribed`);
        for (const p of op.parameters ?? []) if (!p.description) problems.push(`${at}: ${p.in} parameter ${p.name} undescribed`);
        for (const name of path.match(/(?<=\{)[^}]+(?=\})/g) ?? [])
          if (!(op.parameters ?? []).some((p) => p.in === 'path' && p.name === name))
            problems.push(`${at}: path parameter ${name} missing`);
      }
    }
    expect(operations).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });

  it('exposes Prometheus metrics for queues, projections and reports', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/^cm_queue_jobs\{queue="report-process",state="waiting"\} \d+$/m);
    expect(text).toMatch(/^cm_projection_lag_events\{projection="event-type-counts"\} \d+$/m);
    expect(text).toMatch(/^cm_reports_received_total \d+$/m);
    expect(text).toMatch(/^cm_event_log_head_position \d+$/m);
    // Every sample line is "name{labels} value".
    for (const line of text.split('\n').filter((l) => l && !l.startsWith('#')))
      expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{.*\})? [-+0-9.eE]+|NaN$/);
  });

  it('shows the queue dashboard only with the API key', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const basic = Buffer.from('admin:api-test-key-1').toString('base64');
    const page = await fetch(`${base}/admin/queues`, { headers: { authorization: `Basic ${basic}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const api = await fetch(`${base}/admin/queues/api/queues`, { headers: { 'x-api-key': 'api-test-key-1' } });
    expect(api.status).toBe(200);
    expect(JSON.stringify(await api.json())).toContain('report-process');
  });
});
