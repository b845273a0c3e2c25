import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import * as path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { eventually } from '@app/testing';
import { createAddressPolicy } from './address-policy';
import { decodeFeedBody } from './decode';
import { fetchFeed, FetchFeedOptions, FetchResult } from './feed-fetcher';
import { NotAFeedError, parseFeed } from './feed-parser';

const WILD = path.resolve(__dirname, '../../../../shared/feeds/wild');
const MiB = 1024 * 1024;

interface ManifestRow {
  file: string;
  kind: 'feed' | 'not-a-feed';
  minItems: number;
  text: string;
}

function readManifest(): ManifestRow[] {
  const [header, ...lines] = readFileSync(path.join(WILD, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim());
  expect(header!.split('\t')).toEqual(['file', 'kind', 'min_items', 'text']);
  return lines.map((line) => {
    const [file, kind, minItems, text] = line.split('\t');
    return { file: file!, kind: kind as ManifestRow['kind'], minItems: Number(minItems), text: text ?? '' };
  });
}

const feedXml = (titles: string[]) =>
  `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Fixture</title><link>http://127.0.0.1/</link>${titles
    .map(
      (t, i) =>
        `<item><title>${t}</title><link>http://127.0.0.1/story/${i}?utm_source=rss</link><description>Story ${i}</description></item>`,
    )
    .join('')}</channel></rss>`;

const SAMPLE = feedXml(['Первая новость', 'Second story']);

/** Everything the fixture server saw, for asserting what reached it. */
const seen = { paths: [] as string[], hugeBytesSent: 0, hugeClosed: false, ifNoneMatch: new Map<string, string | undefined>() };

function route(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://fixture');
  seen.paths.push(url.pathname);
  const p = url.pathname;

  if (p === '/moved' || p.startsWith('/cond/')) {
    // `/moved?to=x` redirects to `/cond/x`, which honours If-None-Match; both record what they were sent.
    seen.ifNoneMatch.set(`${p}${url.search}`, req.headers['if-none-match']);
    if (p === '/moved') {
      res.writeHead(302, { location: `/cond/${url.searchParams.get('to')}` });
      res.end();
    } else if (req.headers['if-none-match'] === `"${p}"`) {
      res.writeHead(304, { etag: `"${p}"` });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'application/xml', etag: `"${p}"` });
      res.end(SAMPLE);
    }
    return;
  }
  if (p.startsWith('/wild/')) {
    const file = path.join(WILD, path.basename(p));
    res.writeHead(200, { 'content-type': 'application/xml' });
    res.end(readFileSync(file));
    return;
  }
  switch (p) {
    case '/feed':
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(SAMPLE);
      return;
    case '/user-agent':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(String(req.headers['user-agent']));
      return;
    case '/etag': {
      const etag = '"v1"';
      const lastModified = 'Wed, 01 May 2024 10:00:00 GMT';
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/xml', etag, 'last-modified': lastModified });
      res.end(SAMPLE);
      return;
    }
    case '/slow-headers':
      return; // never answers
    case '/slow-body': {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.write('<rss version="2.0"><channel>');
      const timer = setInterval(() => res.write(' '), 50);
      res.on('close', () => clearInterval(timer));
      return;
    }
    case '/huge': {
      // 50 MiB, chunked (no Content-Length), written only as fast as the client reads.
      res.writeHead(200, { 'content-type': 'application/xml' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const total = 50 * MiB;
      res.on('close', () => (seen.hugeClosed = true));
      const pump = (): void => {
        while (seen.hugeBytesSent < total && !res.destroyed) {
          seen.hugeBytesSent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        if (!res.destroyed) res.end();
      };
      pump();
      return;
    }
    case '/huge-declared':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(50 * MiB) });
      res.write('<rss>');
      return; // never sends the rest: the client must give up on the header alone
    case '/gzip-bomb':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
      res.end(gzipSync(Buffer.alloc(20 * MiB, 0x20)));
      return;
    case '/loop':
      res.writeHead(302, { location: '/loop' });
      res.end();
      return;
    case '/hops': {
      const left = Number(url.searchParams.get('n'));
      res.writeHead(left > 0 ? 301 : 200, left > 0 ? { location: `/hops?n=${left - 1}` } : { 'content-type': 'application/xml' });
      res.end(left > 0 ? '' : SAMPLE);
      return;
    }
    case '/to-private':
      res.writeHead(302, { location: 'http://10.0.0.1/feed.xml' });
      res.end();
      return;
    case '/to-metadata':
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
      res.end();
      return;
    case '/to-file':
      res.writeHead(302, { location: 'file:///etc/passwd' });
      res.end();
      return;
    case '/error':
      res.writeHead(500, { 'content-type': 'text/html' });
      res.end('<h1>oops</h1>');
      return;
    case '/rate-limited':
      res.writeHead(429, { 'retry-after': '120' });
      res.end();
      return;
    case '/unavailable':
      res.writeHead(503, { 'retry-after': new Date(Date.now() + 90_000).toUTCString() });
      res.end();
      return;
    case '/gzip-encoded':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'gzip' });
      res.end(gzipSync(SAMPLE));
      return;
    case '/gzip-unlabelled':
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(gzipSync(SAMPLE));
      return;
    case '/deflate':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'deflate' });
      res.end(deflateSync(SAMPLE));
      return;
    case '/br':
      res.writeHead(200, { 'content-type': 'application/xml', 'content-encoding': 'br' });
      res.end(brotliCompressSync(SAMPLE));
      return;
    case '/reset':
      req.socket.destroy();
      return;
    case '/edited': {
      const v = url.searchParams.get('v');
      const titles = v === '1' ? ['Shelling in the east', 'Talks resume'] : ['Shelling in the east (updated)', 'Talks resume in Geneva'];
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(feedXml(titles));
      return;
    }
    default:
      res.writeHead(404);
      res.end();
  }
}

let server: Server;
let base: string;
const sockets = new Set<Socket>();
const policy = createAddressPolicy({ allowPrivate: false, allowCidrs: ['127.0.0.0/8', '::1/128'] });
const opts = (extra: FetchFeedOptions = {}): FetchFeedOptions => ({ policy, timeoutMs: 10_000, ...extra });

beforeAll(async () => {
  server = createServer(route);
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function expectKind<K extends FetchResult['kind']>(result: FetchResult, kind: K): Extract<FetchResult, { kind: K }> {
  if (result.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(result).slice(0, 300)}`);
  return result as Extract<FetchResult, { kind: K }>;
}

describe('real-world feeds over HTTP', () => {
  const rows = readManifest();

  it('has a manifest row for every fixture file', () => {
    const files = readdirSync(WILD).filter((f) => !f.endsWith('.tsv'));
    expect(rows.map((r) => r.file).sort()).toEqual(files.sort());
  });

  it.each(readManifest().map((r) => [r.file, r] as const))('%s', async (_file, row) => {
    const url = `${base}/wild/${row.file}`;
    const fetched = expectKind(await fetchFeed(url, opts()), 'ok');
    expect(fetched.contentType).toBe('application/xml');
    const xml = decodeFeedBody(fetched.body, fetched.contentType);

    if (row.kind === 'not-a-feed') {
      const error = await parseFeed(xml, fetched.finalUrl).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotAFeedError);
      expect((error as NotAFeedError).reason).toMatch(/not an RSS or Atom feed/);
      return;
    }
    const feed = await parseFeed(xml, fetched.finalUrl);
    expect(new Set(feed.items.map((i) => i.key)).size).toBe(feed.items.length);
    expect(feed.items.length).toBeGreaterThanOrEqual(row.minItems);
    if (row.text) {
      const titles = [feed.title ?? '', ...feed.items.map((i) => i.title)];
      expect(titles.some((t) => t.includes(row.text))).toBe(true);
    }
    for (const item of feed.items) {
      expect(typeof item.title).toBe('string');
      if (item.publishedAt) expect(new Date(item.publishedAt).toISOString()).toBe(item.publishedAt);
      if (item.link) expect(() => new URL(item.link!)).not.toThrow();
    }
  });
});

describe('fetchFeed', () => {
  it('sends a real User-Agent, configurable', async () => {
    const dflt = expectKind(await fetchFeed(`${base}/user-agent`, opts()), 'ok');
    expect(dflt.body.toString()).toMatch(/^conflict-monitor\/0\.1 \(\+https:\/\/github\.com\//);
    const custom = expectKind(await fetchFeed(`${base}/user-agent`, opts({ userAgent: 'test-agent/1.0' })), 'ok');
    expect(custom.body.toString()).toBe('test-agent/1.0');
  });

  it('answers a conditional GET with not_modified once the server honours If-None-Match', async () => {
    const first = expectKind(await fetchFeed(`${base}/etag`, opts()), 'ok');
    expect(first.etag).toBe('"v1"');
    expect(first.lastModified).toBe('Wed, 01 May 2024 10:00:00 GMT');
    const second = await fetchFeed(`${base}/etag`, opts({ etag: first.etag, lastModified: first.lastModified }));
    expect(second).toMatchObject({ kind: 'not_modified', status: 304, finalUrl: `${base}/etag` });
  });

  it('sends validators only to the URL that gave them, so a redirect that now leads elsewhere is fetched whole', async () => {
    const first = expectKind(await fetchFeed(`${base}/moved?to=a`, opts()), 'ok');
    expect(first).toMatchObject({ finalUrl: `${base}/cond/a`, etag: '"/cond/a"' });
    const validators = { etag: first.etag, validatorsUrl: first.finalUrl };

    seen.ifNoneMatch.clear();
    const same = await fetchFeed(`${base}/moved?to=a`, opts(validators));
    expect(same).toMatchObject({ kind: 'not_modified', finalUrl: `${base}/cond/a` });
    expect(seen.ifNoneMatch.get('/moved?to=a')).toBeUndefined();
    expect(seen.ifNoneMatch.get('/cond/a')).toBe('"/cond/a"');

    seen.ifNoneMatch.clear();
    const elsewhere = expectKind(await fetchFeed(`${base}/moved?to=b`, opts(validators)), 'ok');
    expect(elsewhere).toMatchObject({ finalUrl: `${base}/cond/b`, etag: '"/cond/b"' });
    expect(seen.ifNoneMatch.has('/cond/b')).toBe(true);
    expect(seen.ifNoneMatch.get('/cond/b')).toBeUndefined();
  });

  it('gives up on a server that never answers, quickly, with the timeout in the reason', async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/slow-headers`, opts({ timeoutMs: 500 }));
    expect(result).toEqual({ kind: 'failed', reason: 'timed out after 500 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('applies the total timeout to a body that trickles forever', async () => {
    const started = Date.now();
    const result = await fetchFeed(`${base}/slow-body`, opts({ timeoutMs: 600 }));
    expect(result).toEqual({ kind: 'failed', reason: 'timed out after 600 ms' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('aborts a 50 MiB streamed body at the limit instead of buffering it', async () => {
    seen.hugeBytesSent = 0;
    seen.hugeClosed = false;
    const heapBefore = process.memoryUsage().heapUsed;
    const result = await fetchFeed(`${base}/huge`, opts());
    expect(result).toEqual({ kind: 'failed', reason: 'response body exceeds 10485760 bytes' });
    // The server was cut off soon after the limit (socket buffers hold a little more), not at 50 MiB.
    // The server sees the close a moment after the client gave up: wait for it rather than a fixed time.
    await eventually(async () => seen.hugeClosed);
    expect(seen.hugeClosed).toBe(true);
    expect(seen.hugeBytesSent).toBeLessThan(20 * MiB);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(40 * MiB);
  });

  it('refuses a body whose Content-Length is over the limit without reading it', async () => {
    const result = await fetchFeed(`${base}/huge-declared`, opts({ maxBodyBytes: 1 * MiB }));
    expect(result).toEqual({ kind: 'failed', reason: 'response body exceeds 1048576 bytes' });
  });

  it('limits the decompressed size too', async () => {
    const result = await fetchFeed(`${base}/gzip-bomb`, opts());
    expect(result).toEqual({ kind: 'failed', reason: 'response body exceeds 10485760 bytes once decompressed' });
  });

  it('follows up to five redirects and reports the final URL', async () => {
    const ok = expectKind(await fetchFeed(`${base}/hops?n=5`, opts()), 'ok');
    expect(ok.finalUrl).toBe(`${base}/hops?n=0`);
    expect(await fetchFeed(`${base}/hops?n=6`, opts())).toEqual({
      kind: 'failed',
      reason: 'too many redirects (more than 5)',
    });
  });

  it('stops a redirect loop', async () => {
    expect(await fetchFeed(`${base}/loop`, opts())).toEqual({ kind: 'failed', reason: 'too many redirects (more than 5)' });
  });

  it.each([
    ['/to-private', 'redirect to a private address 10.0.0.1 refused'],
    ['/to-metadata', 'redirect to a cloud metadata address 169.254.169.254 refused'],
    ['/to-file', 'redirect to a URL with the file: scheme (only http and https are allowed) refused'],
  ])('refuses %s without connecting', async (p, reason) => {
    const started = Date.now();
    // A connect attempt to 10.0.0.1 would hang until the connect timeout; the refusal must come first.
    const result = await fetchFeed(`${base}${p}`, opts({ connectTimeoutMs: 5000 }));
    expect(result).toEqual({ kind: 'failed', reason });
    // Well under the connect timeout, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('refuses a private address given directly', async () => {
    const strict = createAddressPolicy({ allowPrivate: false });
    expect(await fetchFeed(`${base}/feed`, { policy: strict })).toEqual({
      kind: 'failed',
      reason: 'request to a loopback address 127.0.0.1 refused',
    });
  });

  it('checks the address actually connected to, so DNS rebinding cannot slip past the first check', async () => {
    const port = (server.address() as AddressInfo).port;
    let calls = 0;
    const rebinding = createAddressPolicy({
      allowPrivate: false,
      allowCidrs: ['127.0.0.0/8'],
      resolve: async () => (calls++ === 0 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '169.254.169.254', family: 4 }]),
    });
    seen.paths = [];
    const result = await fetchFeed(`http://rebind.test:${port}/feed`, { policy: rebinding, timeoutMs: 5000 });
    expect(result).toEqual({
      kind: 'failed',
      reason: 'connection to a cloud metadata address 169.254.169.254 (rebind.test resolves to it) refused',
    });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(seen.paths).toEqual([]);
  });

  it('connects through the policy resolver (a name only it knows)', async () => {
    const port = (server.address() as AddressInfo).port;
    const local = createAddressPolicy({
      allowPrivate: false,
      allowCidrs: ['127.0.0.0/8'],
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    });
    const result = expectKind(await fetchFeed(`http://feeds.invalid:${port}/feed`, { policy: local }), 'ok');
    expect(result.body.toString()).toContain('Первая новость');
  });

  it('reports a 500 as an http_error', async () => {
    expect(await fetchFeed(`${base}/error`, opts())).toEqual({
      kind: 'http_error',
      status: 500,
      finalUrl: `${base}/error`,
      message: 'HTTP 500 Internal Server Error',
    });
  });

  it('returns Retry-After on 429 (seconds) and 503 (HTTP date)', async () => {
    const limited = expectKind(await fetchFeed(`${base}/rate-limited`, opts()), 'http_error');
    expect(limited).toMatchObject({ status: 429, retryAfterSeconds: 120, message: 'HTTP 429 Too Many Requests' });
    const unavailable = expectKind(await fetchFeed(`${base}/unavailable`, opts()), 'http_error');
    expect(unavailable.status).toBe(503);
    expect(unavailable.retryAfterSeconds).toBeGreaterThanOrEqual(85);
    expect(unavailable.retryAfterSeconds).toBeLessThanOrEqual(91);
  });

  it.each(['/gzip-encoded', '/gzip-unlabelled', '/deflate', '/br'])('decodes %s bodies', async (p) => {
    const fetched = expectKind(await fetchFeed(`${base}${p}`, opts()), 'ok');
    const feed = await parseFeed(decodeFeedBody(fetched.body, fetched.contentType), fetched.finalUrl);
    expect(feed.items.map((i) => i.title)).toEqual(['Первая новость', 'Second story']);
  });

  it('turns network failures into reasons, never throws', async () => {
    const reset = expectKind(await fetchFeed(`${base}/reset`, opts()), 'failed');
    expect(reset.reason).toMatch(/closed unexpectedly/);
    const closedPort = createServer();
    closedPort.listen(0, '127.0.0.1');
    await once(closedPort, 'listening');
    const port = (closedPort.address() as AddressInfo).port;
    await new Promise<void>((r) => closedPort.close(() => r()));
    expect(await fetchFeed(`http://127.0.0.1:${port}/`, opts())).toEqual({
      kind: 'failed',
      reason: `connection to 127.0.0.1:${port} refused`,
    });
    expect(await fetchFeed('not a url', opts())).toEqual({ kind: 'failed', reason: 'request to a malformed URL refused' });
  });

  describe('connections', () => {
    /** A server of its own, counting connections and the requests each has carried. */
    async function countingServer(onRequest: (requestOnSocket: number, req: IncomingMessage, res: ServerResponse) => void) {
      const counts = new Map<Socket, number>();
      const own = createServer((req, res) => {
        const n = (counts.get(req.socket) ?? 0) + 1;
        counts.set(req.socket, n);
        onRequest(n, req, res);
      });
      own.listen(0, '127.0.0.1');
      await once(own, 'listening');
      return {
        url: `http://127.0.0.1:${(own.address() as AddressInfo).port}/feed`,
        connections: () => counts.size,
        close: async () => {
          own.closeAllConnections();
          await new Promise<void>((resolve) => own.close(() => resolve()));
        },
      };
    }

    /** Polls come some time apart; the pool takes a finished connection back on a later turn of the event loop. */
    const later = () => new Promise((resolve) => setTimeout(resolve, 10));

    it('reuses the connection of the previous fetch from the same server, also after a 304', async () => {
      const own = await countingServer((_n, req, res) => {
        if (req.headers['if-none-match'] === '"v1"') {
          res.writeHead(304, { etag: '"v1"' });
          res.end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/xml', etag: '"v1"' });
        res.end(SAMPLE);
      });
      try {
        expectKind(await fetchFeed(own.url, opts()), 'ok');
        await later();
        expectKind(await fetchFeed(own.url, opts({ etag: '"v1"' })), 'not_modified');
        await later();
        expectKind(await fetchFeed(own.url, opts()), 'ok');
        expect(own.connections()).toBe(1);
      } finally {
        await own.close();
      }
    });

    it('sends the request again on a new connection when the server drops a kept-alive one as it is reused', async () => {
      const own = await countingServer((n, req, res) => {
        if (n > 1) {
          req.socket.destroy(); // the server gave up on this idle connection just as the request came
          return;
        }
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end(SAMPLE);
      });
      try {
        expectKind(await fetchFeed(own.url, opts()), 'ok');
        await later();
        const again = expectKind(await fetchFeed(own.url, opts()), 'ok');
        expect(again.body.toString()).toContain('Первая новость');
        expect(own.connections()).toBe(2);
      } finally {
        await own.close();
      }
    });
  });

  it('keeps item keys when the publisher edits titles between polls', async () => {
    const poll = async (v: string) => {
      const fetched = expectKind(await fetchFeed(`${base}/edited?v=${v}`, opts()), 'ok');
      return parseFeed(decodeFeedBody(fetched.body, fetched.contentType), fetched.finalUrl);
    };
    const before = await poll('1');
    const after = await poll('2');
    expect(after.items.map((i) => i.title)).not.toEqual(before.items.map((i) => i.title));
    expect(after.items.map((i) => i.key)).toEqual(before.items.map((i) => i.key));
    expect(before.items[0]!.key).toBe('http://127.0.0.1/story/0');
  });
});
