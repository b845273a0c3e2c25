import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { Agent, errors as undiciErrors } from 'undici';
import { AddressPolicy, UrlNotAllowedError, createAddressPolicy } from './address-policy';

export const DEFAULT_USER_AGENT = 'conflict-monitor/0.1 (+https://github.com/conflict-monitor/conflict-monitor)';
export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 5;

const ACCEPT = 'application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';

export interface FetchFeedOptions {
  /** Which addresses may be reached; defaults to public addresses only. */
  policy?: AddressPolicy;
  /** Validators from the previous successful fetch, for a conditional GET. */
  etag?: string;
  lastModified?: string;
  /**
   * The URL the validators came from (that fetch's final URL after redirects). They are sent only
   * in a request to that URL, so a redirect that now leads elsewhere gets an unconditional GET.
   * Without it they are sent in the first request only.
   */
  validatorsUrl?: string;
  userAgent?: string;
  /** Time allowed to open the TCP/TLS connection (each hop). */
  connectTimeoutMs?: number;
  /** Time allowed for the whole fetch: every redirect hop, headers and body. */
  timeoutMs?: number;
  /** Largest body accepted, both as sent and once decompressed. */
  maxBodyBytes?: number;
  maxRedirects?: number;
}

export type FetchResult =
  | {
      kind: 'ok';
      status: number;
      finalUrl: string;
      body: Buffer;
      contentType?: string;
      etag?: string;
      lastModified?: string;
    }
  | { kind: 'not_modified'; status: 304; finalUrl: string; etag?: string; lastModified?: string }
  | { kind: 'http_error'; status: number; finalUrl: string; retryAfterSeconds?: number; message: string }
  | { kind: 'failed'; reason: string };

/** Whether two URLs name the same resource (fragments aside). */
function sameResource(a: string, b: string): boolean {
  try {
    const [x, y] = [new URL(a), new URL(b)];
    x.hash = '';
    y.hash = '';
    return x.href === y.href;
  } catch {
    return false;
  }
}

/** A failure whose reason is already worded for a user. */
class FetchFailure extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  410: 'Gone',
  429: 'Too Many Requests',
  451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Seconds to wait from a Retry-After header: delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}

async function readLimited(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) throw new FetchFailure(`response body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

/** Drops a response body we will not read; destroying it emits an abort error that must not go unheard. */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

/** Largest unwanted body (redirect, error page) read to its end so that its connection can serve another request. */
const DRAIN_LIMIT = 64 * 1024;

type ResponseBody = NodeJS.ReadableStream & { destroy(): void; dump(opts?: { limit: number }): Promise<void> };

/**
 * Drops the body of a response we will not use. A 304 has none and a small declared one is read to
 * its end, keeping the connection; any other is cut off (closing the connection) rather than waited for.
 */
async function drop(body: ResponseBody, status: number, headers: Record<string, string | string[] | undefined>): Promise<void> {
  const declared = Number(header(headers, 'content-length'));
  if (status !== 304 && !(declared >= 0 && declared <= DRAIN_LIMIT)) return discard(body);
  body.on('error', () => undefined);
  await body.dump({ limit: DRAIN_LIMIT }).catch(() => undefined);
}

/**
 * Connections are kept open between fetches to the same origin (undici keeps an idle socket for a few
 * seconds, less than servers usually do), one pool per address policy and connect timeout. Every socket
 * is opened through the policy's lookup, so a reused connection goes to an address that was vetted.
 */
const agents = new WeakMap<AddressPolicy, Map<number, Agent>>();

function agentFor(policy: AddressPolicy, connectTimeoutMs: number): Agent {
  let byTimeout = agents.get(policy);
  if (!byTimeout) {
    byTimeout = new Map();
    agents.set(policy, byTimeout);
  }
  let agent = byTimeout.get(connectTimeoutMs);
  if (!agent) {
    agent = new Agent({ connect: { lookup: policy.lookup, timeout: connectTimeoutMs }, maxResponseSize: -1 });
    byTimeout.set(connectTimeoutMs, agent);
  }
  return agent;
}

let defaultPolicy: AddressPolicy | undefined;

/** Why whatever a finished fetch left running is stopped (one instance: an abort without a reason builds an error each time). */
const FETCH_OVER = new FetchFailure('the fetch is over');

/** A request that failed because the connection closed before any response: on a reused socket the server may have just dropped it. */
function isConnectionDropped(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE';
}

const gunzip = promisify(zlib.gunzip);
const inflate = promisify(zlib.inflate);
const inflateRaw = promisify(zlib.inflateRaw);
const brotli = promisify(zlib.brotliDecompress);

async function decodeContentEncoding(body: Buffer, contentEncoding: string | undefined, limit: number): Promise<Buffer> {
  if (!contentEncoding) return body;
  const codings = contentEncoding
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = body;
  // Codings are listed in the order they were applied; undo them last to first.
  for (const coding of codings.reverse()) {
    try {
      if (coding === 'gzip' || coding === 'x-gzip') out = await gunzip(out, { maxOutputLength: limit });
      else if (coding === 'deflate') {
        // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate.
        const zlibWrapped = out.length >= 2 && (out[0]! & 0x0f) === 8 && ((out[0]! << 8) | out[1]!) % 31 === 0;
        out = zlibWrapped ? await inflate(out, { maxOutputLength: limit }) : await inflateRaw(out, { maxOutputLength: limit });
      } else if (coding === 'br') out = await brotli(out, { maxOutputLength: limit });
      else throw new FetchFailure(`unsupported content encoding "${coding}"`);
    } catch (err) {
      if (err instanceof FetchFailure) throw err;
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        throw new FetchFailure(`response body exceeds ${limit} bytes once decompressed`);
      }
      throw new FetchFailure(`the ${coding} response body could not be decompressed (${(err as Error).message})`);
    }
  }
  return out;
}

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let current: unknown = err;
  while (current && chain.length < 6) {
    chain.push(current);
    current = (current as { cause?: unknown }).cause;
  }
  return chain;
}

function describeError(err: unknown, url: string, options: { timeoutMs: number; connectTimeoutMs: number }): string {
  for (const e of causeChain(err)) {
    if (e instanceof FetchFailure) return e.reason;
    if (e instanceof UrlNotAllowedError) return `connection to ${e.reason} refused`;
  }
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  for (const e of causeChain(err)) {
    if (e instanceof undiciErrors.ConnectTimeoutError) {
      return `could not connect to ${host} within ${options.connectTimeoutMs} ms`;
    }
    if (e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError) {
      return `timed out after ${options.timeoutMs} ms`;
    }
    const code = (e as NodeJS.ErrnoException).code;
    switch (code) {
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return `host ${host} not found`;
      case 'ECONNREFUSED':
        return `connection to ${host} refused`;
      case 'ECONNRESET':
      case 'UND_ERR_SOCKET':
        return `connection to ${host} closed unexpectedly`;
      case 'EHOSTUNREACH':
      case 'ENETUNREACH':
        return `host ${host} unreachable`;
      case 'UND_ERR_INVALID_ARG':
      case 'ERR_INVALID_URL':
        return `invalid URL ${url}`;
      default:
        if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) {
          return `TLS error with ${host}: ${(e as Error).message}`;
        }
    }
  }
  return `request to ${host} failed: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * Fetches a feed with a conditional GET. Never throws for anything a server or the network does:
 * every outcome is a FetchResult. Redirects (at most `maxRedirects`) are followed by hand and each
 * target is checked against the address policy, which also vets the address actually connected to.
 */
export async function fetchFeed(url: string, options: FetchFeedOptions = {}): Promise<FetchResult> {
  const policy = options.policy ?? (defaultPolicy ??= createAddressPolicy({ allowPrivate: false }));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;

  const agent = agentFor(policy, connectTimeoutMs);
  const controller = new AbortController();
  const timedOutReason = `timed out after ${timeoutMs} ms`;
  const timer = setTimeout(() => controller.abort(new FetchFailure(timedOutReason)), timeoutMs);

  let currentUrl = url;
  try {
    const work = (async (): Promise<FetchResult> => {
      for (let hop = 0; ; hop++) {
        try {
          await policy.assertUrlAllowed(currentUrl);
        } catch (err) {
          if (err instanceof UrlNotAllowedError) {
            return { kind: 'failed', reason: `${hop === 0 ? 'request' : 'redirect'} to ${err.reason} refused` };
          }
          throw err;
        }
        const target = new URL(currentUrl);
        target.hash = '';
        const headers: Record<string, string> = {
          'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
          accept: ACCEPT,
          'accept-encoding': 'gzip, deflate, br',
        };
        if (options.validatorsUrl !== undefined ? sameResource(currentUrl, options.validatorsUrl) : hop === 0) {
          if (options.etag) headers['if-none-match'] = options.etag;
          if (options.lastModified) headers['if-modified-since'] = options.lastModified;
        }

        const request = () =>
          agent.request({
            origin: target.origin,
            path: `${target.pathname}${target.search}`,
            method: 'GET',
            headers,
            signal: controller.signal,
            headersTimeout: timeoutMs,
            bodyTimeout: timeoutMs,
          });
        // A kept-alive connection the server closed just as it was reused fails before any answer; a GET can be sent again, once.
        const response = await request().catch((err: unknown) => {
          if (controller.signal.aborted || !isConnectionDropped(err)) throw err;
          return request();
        });
        const status = response.statusCode;
        const h = response.headers;

        if (status >= 300 && status < 400 && status !== 304 && header(h, 'location')) {
          await drop(response.body, status, h);
          if (hop >= maxRedirects) return { kind: 'failed', reason: `too many redirects (more than ${maxRedirects})` };
          try {
            currentUrl = new URL(header(h, 'location')!, currentUrl).href;
          } catch {
            return { kind: 'failed', reason: `redirect to an invalid location "${header(h, 'location')}"` };
          }
          continue;
        }
        if (status === 304) {
          await drop(response.body, status, h);
          return {
            kind: 'not_modified',
            status: 304,
            finalUrl: currentUrl,
            etag: header(h, 'etag'),
            lastModified: header(h, 'last-modified'),
          };
        }
        if (status < 200 || status >= 300) {
          await drop(response.body, status, h);
          const retryAfterSeconds = status === 429 || status === 503 ? parseRetryAfter(header(h, 'retry-after')) : undefined;
          const text = STATUS_TEXT[status];
          return {
            kind: 'http_error',
            status,
            finalUrl: currentUrl,
            message: `HTTP ${status}${text ? ` ${text}` : ''}`,
            ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
          };
        }

        const declaredLength = Number(header(h, 'content-length'));
        if (Number.isFinite(declaredLength) && declaredLength > maxBodyBytes) {
          discard(response.body);
          return { kind: 'failed', reason: `response body exceeds ${maxBodyBytes} bytes` };
        }
        let raw: Buffer;
        try {
          raw = await readLimited(response.body, maxBodyBytes);
        } finally {
          discard(response.body);
        }
        const body = await decodeContentEncoding(raw, header(h, 'content-encoding'), maxBodyBytes);
        return {
          kind: 'ok',
          status,
          finalUrl: currentUrl,
          body,
          contentType: header(h, 'content-type'),
          etag: header(h, 'etag'),
          lastModified: header(h, 'last-modified'),
        };
      }
    })();
    // The abort signal ends any await inside undici; this race also covers DNS and decompression.
    const timedOut = new Promise<FetchResult>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve({ kind: 'failed', reason: timedOutReason }), {
        once: true,
      });
    });
    work.catch(() => undefined); // a late rejection after the timeout won the race must not go unhandled
    return await Promise.race([work, timedOut]);
  } catch (err) {
    if (controller.signal.aborted) return { kind: 'failed', reason: timedOutReason };
    return { kind: 'failed', reason: describeError(err, currentUrl, { timeoutMs, connectTimeoutMs }) };
  } finally {
    clearTimeout(timer);
    controller.abort(FETCH_OVER);
  }
}
