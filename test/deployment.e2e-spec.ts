import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { randomUUID } from 'node:crypto';
import { CONFIG_VARIABLES, loadConfig } from '@app/config';
import { PostgresEventStore } from '@app/event-store';
import { EXTRACTOR_VERSION } from '@app/extraction';
import { ReportProcessor } from '@app/processing';
import { eventually, ownTestDatabase, testDatabaseUrl } from '@app/testing';

const root = resolve(__dirname, '..');

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  profiles?: string[];
  ports?: string[];
}

/** Resolves ${VAR:-default} the way compose does when VAR is unset. */
const withDefaults = (v: string) => v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(resolve(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, ComposeService>;
  };
  const s = compose.services;

  it('has postgres, redis, a one-shot migrate, api and worker', () => {
    expect(Object.keys(s)).toEqual(expect.arrayContaining(['postgres', 'redis', 'migrate', 'api', 'worker']));
    expect(s.migrate.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'migrate']);
    expect(s.api.command).toEqual(['node', 'dist/apps/api/src/main.js']);
    expect(s.worker.command).toEqual(['node', 'dist/apps/worker/src/main.js']);
  });

  it('checks the health of the services others wait for', () => {
    for (const name of ['postgres', 'redis', 'api']) expect(s[name].healthcheck?.test.length).toBeGreaterThan(0);
    expect(s.api.healthcheck!.test.join(' ')).toContain('/health/ready');
  });

  it('keeps Redis on disk (append-only) so queued work survives a restart', () => {
    expect(s.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
  });

  it('starts the apps only after the migration has completed and the stores are healthy', () => {
    expect(s.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const name of ['api', 'worker']) {
      expect(s[name].depends_on).toMatchObject({
        migrate: { condition: 'service_completed_successfully' },
        redis: { condition: 'service_healthy' },
      });
    }
  });

  it('gives every app the settings it needs, all of them known and valid', () => {
    for (const name of ['migrate', 'api', 'worker']) {
      const env = s[name].environment ?? {};
      expect(env).toHaveProperty('DATABASE_URL');
      expect(env).toHaveProperty('REDIS_URL');
      for (const key of Object.keys(env)) expect(CONFIG_VARIABLES).toContain(key);
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, withDefaults(String(v))]));
      const config = loadConfig(resolved);
      expect(new URL(config.databaseUrl).hostname).toBe('postgres');
      expect(new URL(config.redisUrl).hostname).toBe('redis');
    }
    expect(withDefaults(s.api.environment!.API_KEYS).length).toBeGreaterThanOrEqual(8);
  });

  it('has a demo profile that runs the demo command on the same image', () => {
    expect(s.demo.profiles).toEqual(['demo']);
    expect(s.demo.command).toEqual(['node', 'dist/apps/cli/src/main.js', 'demo']);
    expect(s.demo.image).toBe(s.migrate.image);
    expect(s.demo.depends_on).toMatchObject({ migrate: { condition: 'service_completed_successfully' } });
    // The address it prints is the one published on the host.
    const [published, inside] = withDefaults(String(s.demo.ports![0])).split(':');
    expect(inside).toBe(String(s.demo.environment!.PORT));
    expect(new URL(withDefaults(String(s.demo.environment!.PUBLIC_URL))).port).toBe(published);
  });

  it('builds the image once and reuses it', () => {
    expect(s.migrate.build).toBeDefined();
    expect(s.api.image).toBe(s.migrate.image);
    expect(s.worker.image).toBe(s.migrate.image);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(resolve(root, 'Dockerfile'), 'utf8');
  const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

  it('is multi-stage and runs as an unprivileged user', () => {
    expect((dockerfile.match(/^FROM /gm) ?? []).length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('gives the unprivileged user the one folder it writes, for the demo logs, in the runtime stage', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    const made = runtime.search(/^RUN install -d -o node -g node \/app\/\.demo$/m);
    expect(made).toBeGreaterThan(-1);
    expect(made).toBeLessThan(runtime.search(/^USER node$/m));
    expect(runtime).toMatch(/^WORKDIR \/app$/m);
  });

  it('runs only npm scripts the project has, and copies every folder the build reads', () => {
    const scripts = [...dockerfile.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]);
    expect(scripts).toContain('build');
    for (const name of scripts) expect(pkg.scripts).toHaveProperty(name);
    for (const dir of ['apps', 'libs', 'bench']) expect(dockerfile).toContain(`COPY ${dir} ./${dir}`);
    expect(dockerfile).toMatch(/COPY .*demo \.\/demo/);
    for (const file of ['tsconfig.json', 'tsconfig.build.json']) expect(dockerfile).toContain(file);
  });
});

/** The production path: build, then run the built entry points with env only. */
describe('production build', () => {
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  const freePort = () =>
    new Promise<number>((res) => {
      const srv = createServer().listen(0, '127.0.0.1', () => {
        const port = (srv.address() as AddressInfo).port;
        srv.close(() => res(port));
      });
    });

  const env = (extra: Record<string, string>) => ({
    PATH: process.env.PATH ?? '',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `${process.env.REDIS_PREFIX}:deploy`,
    LOG_LEVEL: 'info',
    ...extra,
  });

  function start(entry: string, extra: Record<string, string>) {
    const child = spawn(process.execPath, [entry], { cwd: root, env: env(extra), stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    return { child, output: () => out, exited };
  }

  it('npm run build produces the entry points, and they run from the environment alone', async () => {
    const build = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, encoding: 'utf8' });
    expect({ status: build.status, errors: (build.stdout + build.stderr).split('\n').filter((l) => /error/i.test(l)) }).toEqual({
      status: 0,
      errors: [],
    });
    for (const app of ['api', 'worker', 'cli']) expect(existsSync(resolve(root, `dist/apps/${app}/src/main.js`))).toBe(true);

    const migrate = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'migrate'], { cwd: root, env: env({}), encoding: 'utf8' });
    expect(migrate.status).toBe(0);
    expect(migrate.stderr).toMatch(/nothing to apply|applied migration/);

    // Other test files rebuild every projection of this database too: run it again once theirs is done.
    const rebuild = await eventually(
      async () => {
        const r = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'rebuild', 'event-type-counts'], {
          cwd: root,
          env: env({}),
          encoding: 'utf8',
        });
        return !/A rebuild of projection event-type-counts is already running/.test(r.stderr) && r;
      },
      60_000,
      250,
    );
    expect(rebuild.status).toBe(0);
    expect(rebuild.stderr).toMatch(/rebuilt event-type-counts: \d+ events read/);
    const unknown = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'rebuild', 'no-such-projection'], {
      cwd: root,
      env: env({}),
      encoding: 'utf8',
    });
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toMatch(/Unknown projection: no-such-projection. Known: .*event-type-counts/);

    const port = await freePort();
    const api = start('dist/apps/api/src/main.js', { PORT: String(port), HOST: '127.0.0.1', API_KEYS: 'deploy-test-key' });
    const ready = await eventually(
      async () => {
        const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
        return r.status === 200 ? r.json() : null;
      },
      20_000,
      200,
    );
    expect(ready).toMatchObject({ status: 'ok', checks: { postgres: 'up', redis: 'up', migrations: 'applied' } });
    const live = await fetch(`http://127.0.0.1:${port}/health/live`);
    expect(live.status).toBe(200);

    const worker = start('dist/apps/worker/src/main.js', { WORKER_ROLES: 'project' });
    await eventually(async () => worker.output().includes('worker started'), 20_000, 100);

    api.child.kill('SIGTERM');
    worker.child.kill('SIGTERM');
    const apiCode = await api.exited;
    expect({ apiCode, log: apiCode === 0 ? [] : api.output().split('\n').slice(-8) }).toEqual({ apiCode: 0, log: [] });
    const code = await worker.exited;
    expect({ code, log: code === 0 ? [] : worker.output().split('\n').slice(-8) }).toEqual({ code: 0, log: [] });
    expect(worker.output()).toContain('worker stopped');
  }, 120_000);

  it('the demo runs to its end from the built code: every report ingested and processed, verified alerts, where to look', async () => {
    // Runs after the build above, on a database of its own: the demo reports are the corpus other
    // test files process too, and their strikes would fold into each other's incidents.
    const database = await ownTestDatabase('demo');
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/apps/cli/src/main.js', 'demo', '--exit-when-done'], {
      cwd: root,
      env: env({
        DATABASE_URL: database.url,
        PORT: String(port),
        HOST: '127.0.0.1',
        API_KEYS: 'deploy-demo-key',
        REDIS_PREFIX: `${process.env.REDIS_PREFIX}:demo`,
        DEMO_BATCH: '17',
        DEMO_EVERY_MS: '500',
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    const code = await new Promise<number | null>((res) => child.on('exit', res));
    expect({ code, tail: out.split('\n').slice(-12) }).toMatchObject({ code: 0 });
    const progress = out.split('\n').filter((l) => l.startsWith('progress: '));
    const last = progress[progress.length - 1]!;
    expect(last).toMatch(/^progress: 51\/51 published · 51 reports ingested · 51 processed · \d+ events · \d+ incidents · \d+ alerts$/);
    const alerts = out.split('\n').filter((l) => l.trim().startsWith('alert '));
    expect(alerts.length).toBeGreaterThanOrEqual(10);
    expect(alerts.every((l) => l.includes('✔ verified'))).toBe(true);
    expect(out).toContain('Done: every report is processed');
    expect(out).toContain(`http://127.0.0.1:${port}/attacks`);
    // What it registered is gone, so nothing is owed to its stopped receiver.
    const { Client } = await import('pg');
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM subscriptions WHERE status = 'active'`);
      expect(rows[0]!.n).toBe(0);
      const feeds = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM feeds WHERE removed_at IS NULL`);
      expect(feeds.rows[0]!.n).toBe(0);
    } finally {
      await db.end();
      await database.drop();
    }
  }, 180_000);

  it('reprocess --since runs the current extractor over reports an older one processed, once', async () => {
    const database = await ownTestDatabase('reprocess');
    const { Pool } = await import('pg');
    const pool = new Pool({ connectionString: database.url, max: 2 });
    try {
      const store = new PostgresEventStore(pool);
      const reportId = randomUUID();
      await store.append(
        `report-${reportId}`,
        [
          {
            eventId: reportId,
            type: 'ReportReceived',
            data: {
              reportId,
              url: 'https://news.example/kharkiv-strike',
              title: 'Missile strike on Kharkiv kills three',
              content: 'A Russian missile strike on Kharkiv killed three people on Monday, the regional governor said.',
              publishedAt: '2025-06-04T09:00:00.000Z',
              contentHash: 'h1',
            },
            metadata: { reportId, correlationId: reportId },
          },
        ],
        { expectedVersion: 'no_stream' },
      );
      // An older extractor that found nothing in it.
      await new ReportProcessor(pool, store, { version: '0.0.1-old', extract: () => ({ events: [] }) }).process(reportId);
      const reprocess = () =>
        spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'reprocess', '--since', '2025-01-01'], {
          cwd: root,
          env: env({ DATABASE_URL: database.url }),
          encoding: 'utf8',
        });
      const first = reprocess();
      expect(first.status).toBe(0);
      expect(first.stderr).toMatch(
        /reprocessed 1 reports received since 2025-01-01T00:00:00.000Z with extractor [\d.]+: \{"processed":1\}/,
      );
      const processed = async () =>
        (
          await pool.query<{ version: string }>(
            `SELECT data->>'extractorVersion' AS version FROM es_events WHERE type = 'ReportProcessed' AND stream_id = $1 ORDER BY global_position`,
            [`report-${reportId}`],
          )
        ).rows.map((r) => r.version);
      expect(await processed()).toEqual(['0.0.1-old', EXTRACTOR_VERSION]);
      const { rows } = await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM es_events WHERE type = 'AttackReported'`);
      expect(rows[0]!.n).toBe(1);

      const again = reprocess();
      expect(again.stderr).toMatch(/\{"already_processed":1\}/);
      expect(await processed()).toHaveLength(2);
      const bad = spawnSync(process.execPath, ['dist/apps/cli/src/main.js', 'reprocess', '--since', 'yesterday'], {
        cwd: root,
        env: env({ DATABASE_URL: database.url }),
        encoding: 'utf8',
      });
      expect(bad.status).toBe(64);
      expect(bad.stderr).toMatch(/Give the date to start from/);
    } finally {
      await pool.end();
      await database.drop();
    }
  }, 60_000);

  it('SIGTERM lets work in flight finish: a poll under way when the worker is told to stop is completed and recorded', async () => {
    const { createServer: createHttpServer } = await import('node:http');
    let asked = 0;
    const slow = createHttpServer((_req, res) => {
      asked++;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(
          `<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>` +
            `<item><guid>urn:slow:1</guid><title>One</title></item><item><guid>urn:slow:2</guid><title>Two</title></item></channel></rss>`,
        );
      }, 1500);
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
    const port = await freePort();
    const shared = { REDIS_PREFIX: `${process.env.REDIS_PREFIX}:drain`, ALLOW_PRIVATE_NETWORK: '127.0.0.0/8' };
    const api = start('dist/apps/api/src/main.js', { ...shared, PORT: String(port), HOST: '127.0.0.1', API_KEYS: 'drain-key' });
    const worker = start('dist/apps/worker/src/main.js', { ...shared, WORKER_ROLES: 'poll' });
    try {
      await eventually(async () => worker.output().includes('worker started'), 20_000, 100);
      await eventually(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => null))?.status === 200, 20_000, 100);
      const res = await fetch(`http://127.0.0.1:${port}/feeds`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'drain-key' },
        body: JSON.stringify({ url: `http://127.0.0.1:${(slow.address() as AddressInfo).port}/feed.xml`, pollIntervalSeconds: 3600 }),
      });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: string };
      await eventually(async () => asked > 0, 20_000, 20);
      worker.child.kill('SIGTERM'); // the fetch has 1.5 s to go
      expect(await worker.exited).toBe(0);
      const feed = (await (await fetch(`http://127.0.0.1:${port}/feeds/${id}`)).json()) as { lastHttpStatus: number; reportsSeen: number };
      expect(feed).toMatchObject({ lastHttpStatus: 200, reportsSeen: 2 });
      await fetch(`http://127.0.0.1:${port}/feeds/${id}`, { method: 'DELETE', headers: { 'x-api-key': 'drain-key' } });
    } finally {
      api.child.kill('SIGTERM');
      worker.child.kill('SIGTERM');
      await api.exited;
      await new Promise((r) => slow.close(r));
    }
  }, 60_000);

  it('is not ready, and says why, while Redis is unreachable or migrations are pending', async () => {
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    const empty = `${process.env.TEST_DATABASE_NAME}_unmigrated`;
    await admin.query(`DROP DATABASE IF EXISTS ${empty}`);
    await admin.query(`CREATE DATABASE ${empty}`);
    try {
      const url = new URL(testDatabaseUrl());
      url.pathname = `/${empty}`;
      const port = await freePort();
      const closed = await freePort();
      const api = start('dist/apps/api/src/main.js', {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: url.href,
        REDIS_URL: `redis://127.0.0.1:${closed}`,
      });
      const body = await eventually(
        async () => {
          const r = await fetch(`http://127.0.0.1:${port}/health/ready`);
          return r.status === 503 ? r.json() : null;
        },
        20_000,
        200,
      );
      expect(body).toMatchObject({
        status: 'unavailable',
        checks: { postgres: 'up', redis: 'down', migrations: expect.stringMatching(/^pending: .*\(run npm run migrate\)$/) },
      });
      expect((await fetch(`http://127.0.0.1:${port}/health/live`)).status).toBe(200);
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${empty} WITH (FORCE)`);
      await admin.end();
    }
  }, 60_000);

  it('a missing or malformed setting stops the process with a message naming it', () => {
    const r = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], { cwd: root, env: env({ PORT: 'eighty' }), encoding: 'utf8' });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/PORT: must be a whole number/);
  });
});
