import { INestApplication } from '@nestjs/common';
import { createLogger } from '@app/common';
import { loadConfig } from '@app/config';
import { createApiApp } from '../apps/api/src/bootstrap';
import { OpenApiDoc, answerSchema, schemaProblems } from './fixtures/openapi-conformance';
import { rng } from './fixtures/seeded-random';

const KEY = 'write-fuzz-key';

/** encodeURIComponent for any string: lone surrogates (which it refuses) become U+FFFD first. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const enc = (s: string) => encodeURIComponent(s.replace(LONE_SURROGATE, '\ufffd'));

interface Sent {
  method: string;
  path: string;
  body?: string;
  contentType?: string | null;
  key?: string | null;
  encoding?: string;
}

/** Values a client might send by mistake or on purpose: text PostgreSQL cannot store, odd dates, huge numbers. */
const ODD_STRINGS = [
  '',
  ' ',
  'x',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'a\udfffb',
  '\ud83d\udca9',
  '\u202e\u0007\u001b[31m',
  'a'.repeat(3000),
  '2025-W23-1',
  '20250601',
  '2025-155',
  '2025-02-30',
  '2025-06-01T25:00:00Z',
  '+275760-09-13T00:00:00Z',
  '0000-01-01',
  '9999-12-31T23:59:59.999Z',
  '2025-06-01',
  '2025-06-01T00:00:00Z',
  'http://127.0.0.1:9/fuzz.xml',
  'https://127.0.0.1:9/hook',
  'http://[::1]:9/x',
  'ftp://127.0.0.1/x',
  'javascript:alert(1)',
  'http://',
  `http://127.0.0.1/${'p'.repeat(2100)}`,
  "'; DROP TABLE feeds; --",
  'first',
  'status',
  'AttackReported',
  'true',
  'null',
];
const ODD_NUMBERS = [0, -0, 1, -1, 0.5, 30, 300, 86_400, 2 ** 31, 2 ** 53 + 1, 1e20, 1e308, -1e308, Number.MIN_VALUE];

/** Field names each body knows, with a few it does not. */
const FIELDS: Record<string, string[]> = {
  report: ['title', 'content', 'url', 'publishedAt'],
  feed: ['url', 'title', 'pollIntervalSeconds', 'paused'],
  subscription: ['url', 'description', 'filter', 'notifyOn', 'enabled'],
  filter: ['families', 'parties', 'places', 'oblasts', 'bbox', 'minKilled', 'minSources', 'minConfidence', 'keywords'],
};

describe('Write API under random and malformed bodies and query strings', () => {
  let app: INestApplication;
  let base: string;
  let feedId: string;
  let subscriptionId: string;
  const created: { feeds: Set<string>; subscriptions: Set<string> } = { feeds: new Set(), subscriptions: new Set() };

  const send = async ({ method, path, body, contentType = 'application/json', key = KEY, encoding }: Sent) => {
    const headers: Record<string, string> = {};
    if (contentType) headers['content-type'] = contentType;
    if (encoding) headers['content-encoding'] = encoding;
    if (key) headers['x-api-key'] = key;
    const res = await fetch(`${base}${path}`, { method, headers, body });
    const text = await res.text();
    if (res.status === 201 && path === '/feeds') created.feeds.add((JSON.parse(text) as { id: string }).id);
    if (res.status === 201 && path === '/subscriptions') created.subscriptions.add((JSON.parse(text) as { id: string }).id);
    return { status: res.status, text };
  };

  beforeAll(async () => {
    const config = loadConfig({ ...process.env, API_KEYS: KEY, LOG_LEVEL: 'silent' });
    app = await createApiApp(config, createLogger('silent', 'write-fuzz-test'));
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    const feed = await send({ method: 'POST', path: '/feeds', body: JSON.stringify({ url: 'http://127.0.0.1:9/write-fuzz.xml' }) });
    expect(feed.status).toBe(201);
    feedId = (JSON.parse(feed.text) as { id: string }).id;
    // A filter nothing matches: deliveries to this closed port would only be noise for other test files.
    const sub = await send({
      method: 'POST',
      path: '/subscriptions',
      body: JSON.stringify({ url: 'http://127.0.0.1:9/write-fuzz-hook', filter: { keywords: ['write-fuzz-never-matches'] } }),
    });
    expect(sub.status).toBe(201);
    subscriptionId = (JSON.parse(sub.text) as { id: string }).id;
  });

  afterAll(async () => {
    for (const id of created.feeds) await send({ method: 'DELETE', path: `/feeds/${id}` });
    for (const id of created.subscriptions) await send({ method: 'DELETE', path: `/subscriptions/${id}` });
    await app.close();
  });

  const ok = (status: number) => status < 500;
  /** A body the JSON parser refuses: not JSON, compressed wrongly, in a charset it does not take, or too large. */
  const unreadable = ({ body, contentType, encoding }: Sent): boolean => {
    if (body === undefined || !contentType?.startsWith('application/json')) return false;
    if (encoding !== undefined || /charset=(?!utf-8)/i.test(contentType) || body.length > 1_000_000) return true;
    try {
      JSON.parse(body);
      return false;
    } catch {
      return true;
    }
  };

  it('answers 400 naming the field for the inputs that used to fail inside', async () => {
    const cases: [Sent, RegExp][] = [
      [
        { method: 'POST', path: '/reports', body: JSON.stringify({ title: 't', content: 'c', publishedAt: '2025-W23-1' }) },
        /publishedAt must be an ISO 8601 date/,
      ],
      [{ method: 'POST', path: '/reports', body: JSON.stringify({ title: 't', content: 'c', publishedAt: '20250601' }) }, /publishedAt/],
      [{ method: 'POST', path: '/reports', body: JSON.stringify({ title: '\u0000', content: 'c' }) }, /title/],
      [{ method: 'POST', path: '/reports', body: '[]' }, /must be a JSON object, not an array/],
      [{ method: 'POST', path: '/reports', body: 'null' }, /must be a JSON object, not null/],
      [{ method: 'POST', path: '/reports', body: '"text"' }, /must be a JSON object, not string/],
      [{ method: 'PATCH', path: `/feeds/${feedId}`, body: '0' }, /must be a JSON object, not number/],
      [{ method: 'POST', path: '/feeds', body: JSON.stringify([{ url: 'http://127.0.0.1:9/a.xml' }]) }, /object/],
      [
        { method: 'POST', path: '/feeds', body: JSON.stringify({ url: 'http://127.0.0.1:9/a.xml', pollIntervalSeconds: 1e20 }) },
        /pollIntervalSeconds/,
      ],
      [{ method: 'POST', path: '/subscriptions', body: JSON.stringify({ url: 'http://127.0.0.1:9/h', filter: [] }) }, /filter/],
      [{ method: 'POST', path: `/subscriptions/${subscriptionId}/replay?since=2025-W23-1` }, /since must be an ISO 8601 date/],
      [{ method: 'POST', path: `/subscriptions/${subscriptionId}/replay?since=20250601` }, /since/],
      [{ method: 'POST', path: `/subscriptions/${subscriptionId}/replay?since=2025-06-01&since=2025-06-02` }, /since/],
      [{ method: 'PATCH', path: `/feeds/${feedId}`, body: JSON.stringify({ title: '\u0000' }) }, /title/],
      [{ method: 'PATCH', path: `/feeds/${feedId}`, body: JSON.stringify({ pollIntervalSeconds: 2 ** 40 }) }, /pollIntervalSeconds/],
      [{ method: 'POST', path: '/feeds', body: `{"url":${'['.repeat(3000)}${']'.repeat(3000)}}` }, /nested more than 32 levels/],
      [{ method: 'POST', path: '/subscriptions', body: `${'{"filter":'.repeat(40)}{}${'}'.repeat(40)}` }, /nested more than 32 levels/],
      [{ method: 'POST', path: '/reports', body: JSON.stringify({ title: 't', content: { text: 'c' } }) }, /content must be a string/],
      // Up to 200 000 characters of content are allowed: the body may be larger than 100 kB.
      [{ method: 'POST', path: '/reports', body: JSON.stringify({ title: '', content: 'x'.repeat(150_000) }) }, /title must be longer/],
    ];
    const wrong: string[] = [];
    for (const [req, message] of cases) {
      const res = await send(req);
      if (res.status !== 400 || !message.test(res.text))
        wrong.push(`${res.status} ${req.method} ${req.path} ${(req.body ?? '').slice(0, 200)}: ${res.text}`);
    }
    expect(wrong).toEqual([]);
  });

  it('stores text with NUL characters and lone surrogates taken out', async () => {
    const res = await send({
      method: 'POST',
      path: '/reports',
      body: JSON.stringify({ title: 'Strike\u0000 on Kharkiv\ud800', content: 'Text\u0000 with \udc00a NUL', publishedAt: '2025-06-01' }),
    });
    expect(res.status).toBe(202);
    const { id } = JSON.parse(res.text) as { id: string };
    const view = (await (await fetch(`${base}/reports/${id}`)).json()) as { title: string; content: string; publishedAt: string };
    expect(view).toMatchObject({ title: 'Strike on Kharkiv', content: 'Text with a NUL', publishedAt: '2025-06-01T00:00:00.000Z' });

    const patched = await send({ method: 'PATCH', path: `/feeds/${feedId}`, body: JSON.stringify({ title: 'Fuzz\u0000 feed' }) });
    expect(patched.status).toBe(200);
    expect(JSON.parse(patched.text)).toMatchObject({ title: 'Fuzz feed' });
    const sub = await send({
      method: 'PATCH',
      path: `/subscriptions/${subscriptionId}`,
      body: JSON.stringify({ description: 'nul\u0000 here', filter: { keywords: ['write-fuzz-never\u0000-matches'] } }),
    });
    expect(sub.status).toBe(200);
    expect(JSON.parse(sub.text)).toMatchObject({ description: 'nul here', filter: { keywords: ['write-fuzz-never-matches'] } });
  });

  it('answers writes with what the OpenAPI document describes', async () => {
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as OpenApiDoc;
    const problems: string[] = [];
    const check = async (req: Sent, path: string, status: number) => {
      const res = await send(req);
      if (res.status !== status) problems.push(`${req.method} ${req.path}: ${res.status}, not ${status}: ${res.text.slice(0, 300)}`);
      else
        problems.push(
          ...schemaProblems(doc, answerSchema(doc, path, String(status), req.method.toLowerCase()), JSON.parse(res.text), req.path),
        );
      return JSON.parse(res.text) as Record<string, unknown>;
    };
    const feed = await check(
      { method: 'POST', path: '/feeds', body: JSON.stringify({ url: 'http://127.0.0.1:9/write-fuzz-doc.xml', title: 'Doc' }) },
      '/feeds',
      201,
    );
    await check({ method: 'PATCH', path: `/feeds/${feed.id}`, body: JSON.stringify({ pollIntervalSeconds: 600 }) }, '/feeds/{id}', 200);
    await check({ method: 'POST', path: `/feeds/${feed.id}/poll` }, '/feeds/{id}/poll', 202);
    await check({ method: 'GET', path: '/feeds?limit=5' }, '/feeds', 200);
    const report = await check(
      { method: 'POST', path: '/reports', body: JSON.stringify({ title: 'Doc report', content: 'Nothing of note.' }) },
      '/reports',
      202,
    );
    await check({ method: 'GET', path: `/reports/${report.id}` }, '/reports/{id}', 200);
    const sub = await check(
      {
        method: 'POST',
        path: '/subscriptions',
        body: JSON.stringify({ url: 'http://127.0.0.1:9/write-fuzz-doc', filter: { keywords: ['write-fuzz-never-matches'] } }),
      },
      '/subscriptions',
      201,
    );
    await check({ method: 'GET', path: '/subscriptions?limit=5' }, '/subscriptions', 200);
    await check({ method: 'GET', path: `/subscriptions/${sub.id}` }, '/subscriptions/{id}', 200);
    await check(
      { method: 'PATCH', path: `/subscriptions/${sub.id}`, body: JSON.stringify({ description: 'documented' }) },
      '/subscriptions/{id}',
      200,
    );
    await check({ method: 'POST', path: `/subscriptions/${sub.id}/rotate-secret` }, '/subscriptions/{id}/rotate-secret', 200);
    // No ping here: a delivery owed would count in the delivery figures other test files check (alerts.e2e-spec checks those answers).
    await check({ method: 'GET', path: `/subscriptions/${sub.id}/deliveries` }, '/subscriptions/{id}/deliveries', 200);
    await check({ method: 'POST', path: `/subscriptions/${sub.id}/replay?since=2025-06-01` }, '/subscriptions/{id}/replay', 202);
    expect(problems).toEqual([]);
  });

  const seed = Number(process.env.FUZZ_SEED ?? 20250601);

  it(`never answers 5xx to random and malformed writes (seed ${seed})`, async () => {
    const r = rng(seed);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const randomText = () =>
      Array.from({ length: 1 + Math.floor(r() * 10) }, () => {
        const roll = r();
        if (roll < 0.7) return String.fromCharCode(32 + Math.floor(r() * 95));
        if (roll < 0.85) return String.fromCharCode(Math.floor(r() * 0x20));
        return String.fromCharCode(Math.floor(r() * 0x10000));
      }).join('');
    const value = (kind: string, depth: number): unknown => {
      const roll = r();
      if (roll < 0.35) return pick(ODD_STRINGS);
      if (roll < 0.5) return pick(ODD_NUMBERS);
      if (roll < 0.55) return pick([true, false, null]);
      if (roll < 0.65) return randomText();
      if (depth > 2) return pick(ODD_STRINGS);
      if (roll < 0.8) return Array.from({ length: Math.floor(r() * 4) }, () => value(kind, depth + 1));
      return object(r() < 0.5 ? 'filter' : kind, depth + 1);
    };
    const object = (kind: string, depth = 0): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      const n = Math.floor(r() * 5);
      for (let i = 0; i < n; i++) {
        const name = r() < 0.85 ? pick(FIELDS[kind] ?? FIELDS.filter) : randomText();
        out[name] = value(kind, depth);
      }
      return out;
    };
    // Half the bodies are valid ones with a field or two changed, so the odd values reach the handlers.
    const VALID: Record<string, () => Record<string, unknown>> = {
      report: () => ({ title: 'Write fuzz report', content: 'Nothing of note happened.' }),
      feed: () => ({ url: `http://127.0.0.1:9/write-fuzz-${Math.floor(r() * 1e9)}.xml` }),
      subscription: () => ({ url: 'http://127.0.0.1:9/write-fuzz-hook', filter: { keywords: ['write-fuzz-never-matches'] } }),
    };
    const mutated = (kind: string): Record<string, unknown> => {
      const out = VALID[kind]();
      for (let i = 0; i < 1 + Math.floor(r() * 2); i++) {
        const filter = out.filter;
        if (kind === 'subscription' && r() < 0.4 && filter && typeof filter === 'object' && !Array.isArray(filter))
          (filter as Record<string, unknown>)[pick(FIELDS.filter)] = value('filter', 2);
        else out[pick(FIELDS[kind])] = value(kind, 2);
      }
      return out;
    };
    // Whatever filter a subscription is given keeps a keyword no incident has: other test files' incidents
    // must not become deliveries to these closed ports.
    const neverMatching = (body: Record<string, unknown>) => {
      const filter = body.filter;
      if (filter && typeof filter === 'object' && !Array.isArray(filter))
        body.filter = { ...filter, keywords: ['write-fuzz-never-matches'] };
      return body;
    };
    const rawBody = (kind: string): { body: string; contentType: string | null } => {
      const roll = r();
      const json = JSON.stringify(neverMatching(r() < 0.5 ? mutated(kind) : object(kind)));
      if (roll < 0.55) return { body: json, contentType: 'application/json' };
      if (roll < 0.6) return { body: JSON.stringify(Array.from({ length: 2 }, () => object(kind))), contentType: 'application/json' };
      if (roll < 0.65)
        return {
          body: pick(['null', '""', '1', 'true', '[]', '{}', '[null]', '{"__proto__":{"title":"x"}}']),
          contentType: 'application/json',
        };
      if (roll < 0.7) return { body: json.slice(0, Math.floor(r() * json.length)), contentType: 'application/json' };
      if (roll < 0.73) return { body: `${'['.repeat(3000)}${']'.repeat(3000)}`, contentType: 'application/json' };
      if (roll < 0.76) return { body: `{"title":"${'x'.repeat(120_000)}","content":"c"}`, contentType: 'application/json' };
      if (roll < 0.8) return { body: json.replace(/1/g, '1e400'), contentType: 'application/json' };
      if (roll < 0.85)
        return {
          body: pick(['title[]=a&content=b', 'url[a][b]=c&filter[x]=1', 'title=%00&content=%ED%A0%80', `title=${randomText()}`]),
          contentType: 'application/x-www-form-urlencoded',
        };
      if (roll < 0.9)
        return {
          body: json,
          contentType: pick([
            'text/plain',
            'application/json; charset=utf-16',
            'application/json; charset=latin1',
            'application/json; charset=nope',
            'application/xml',
            'application/merge-patch+json',
          ]),
        };
      if (roll < 0.95) return { body: json, contentType: null };
      return { body: `\ufeff${json}`, contentType: 'application/json' };
    };
    const uuid = () =>
      pick([feedId, subscriptionId, '00000000-0000-4000-8000-000000000000', 'not-a-uuid', enc(randomText()), '%00', 'A'.repeat(300)]);
    const absent = () => pick(['00000000-0000-4000-8000-000000000000', 'not-a-uuid', enc(randomText()), '%00']);
    const since = () => enc(pick([...ODD_STRINGS, randomText()]));

    const requests: (() => Sent)[] = [
      () => ({ method: 'POST', path: '/reports', ...rawBody('report') }),
      () => ({ method: 'POST', path: '/feeds', ...rawBody('feed') }),
      () => ({ method: 'PATCH', path: `/feeds/${uuid()}`, ...rawBody('feed') }),
      () => ({ method: 'DELETE', path: `/feeds/${pick(['00000000-0000-4000-8000-000000000000', 'nope', '%00'])}` }),
      () => ({ method: 'POST', path: `/feeds/${uuid()}/poll`, ...rawBody('feed') }),
      () => ({ method: 'POST', path: '/subscriptions', ...rawBody('subscription') }),
      () => ({ method: 'PATCH', path: `/subscriptions/${uuid()}`, ...rawBody('subscription') }),
      () => ({ method: 'DELETE', path: `/subscriptions/${pick(['00000000-0000-4000-8000-000000000000', 'nope', '%00'])}` }),
      () => ({ method: 'POST', path: `/subscriptions/${uuid()}/rotate-secret` }),
      // Only subscriptions that do not exist: a ping would be a delivery owed, which other test files count.
      () => ({ method: 'POST', path: `/subscriptions/${absent()}/test`, ...rawBody('subscription') }),
      () => {
        const query = [r() < 0.8 && `since=${since()}`, r() < 0.2 && `since=${since()}`, r() < 0.1 && `${enc(randomText())}=1`].filter(
          Boolean,
        );
        return { method: 'POST', path: `/subscriptions/${uuid()}/replay${query.length ? `?${query.join('&')}` : ''}` };
      },
      () => ({ method: 'POST', path: `/deliveries/${uuid()}/retry`, ...rawBody('subscription') }),
      // Only names that are not projections, or a bad wait: a fuzz run starts no rebuild.
      () => ({
        method: 'POST',
        path: `/projections/${enc(pick(['nope', randomText(), '%00', 'a'.repeat(500)]))}/rebuild${r() < 0.5 ? `?wait=${since()}` : ''}`,
      }),
      () => ({ method: 'POST', path: `/projections/attacks/rebuild?wait=${enc(pick(['maybe', '', 'TRUE', '1', '\u0000']))}` }),
    ];

    const failures: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 1500; i++) {
      const req = pick(requests)();
      // A body that claims a compression it does not have, or one the server does not know.
      if (req.body !== undefined && r() < 0.03) req.encoding = pick(['gzip', 'deflate', 'br', 'x-nope', 'identity']);
      const anonymous = r() < 0.15;
      if (anonymous) req.key = r() < 0.5 ? null : 'wrong-key-123';
      let res: { status: number; text: string };
      try {
        res = await send(req);
      } catch {
        continue; // fetch itself refuses some requests (not the server's doing)
      }
      const what = `${res.status} ${req.method} ${req.path.slice(0, 200)} ${req.contentType ?? '-'} ${req.encoding ?? ''} ${(req.body ?? '').slice(0, 200)}`;
      if (!ok(res.status)) failures.push(what);
      // Without a key: 401, unless the body could not even be read (it is read before the key is checked).
      else if (anonymous && res.status !== 401 && !(unreadable(req) && [400, 413, 415].includes(res.status)))
        failures.push(`${what} (not 401)`);
    }
    expect(failures).toEqual([]);
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
