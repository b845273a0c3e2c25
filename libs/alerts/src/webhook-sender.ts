import { StringDecoder } from 'node:string_decoder';
import { Agent, errors as undiciErrors } from 'undici';
import { AddressPolicy, UrlNotAllowedError, parseRetryAfter } from '@app/ingestion';

export const RESPONSE_BODY_LIMIT = 2048;
export const WEBHOOK_USER_AGENT = 'conflict-monitor-webhooks/0.1';

export interface SendOutcome {
  /** 2xx. */
  ok: boolean;
  status: number | null;
  latencyMs: number;
  error: string | null;
  /** The first 2 KB of the response body, as text. */
  body: string | null;
  retryAfterSeconds?: number;
}

export interface WebhookSenderOptions {
  policy: AddressPolicy;
  connectTimeoutMs: number;
  /** The whole request: connect, send, headers and the body we read. */
  timeoutMs: number;
}

class Timeout extends Error {}

function describe(err: unknown, host: string, o: WebhookSenderOptions): string {
  let e: unknown = err;
  for (let i = 0; e && i < 6; i++, e = (e as { cause?: unknown }).cause) {
    if (e instanceof Timeout) return `timed out after ${o.timeoutMs} ms`;
    if (e instanceof UrlNotAllowedError) return `connection to ${e.reason} refused`;
    if (e instanceof undiciErrors.ConnectTimeoutError) return `could not connect to ${host} within ${o.connectTimeoutMs} ms`;
    if (e instanceof undiciErrors.HeadersTimeoutError || e instanceof undiciErrors.BodyTimeoutError)
      return `timed out after ${o.timeoutMs} ms`;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ECONNREFUSED') return `connection to ${host} refused`;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `host ${host} not found`;
    if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return `connection to ${host} closed unexpectedly`;
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `host ${host} unreachable`;
    if (typeof code === 'string' && /CERT|SSL|TLS|SELF_SIGNED/.test(code)) return `TLS error with ${host}: ${(e as Error).message}`;
  }
  return `request to ${host} failed: ${err instanceof Error ? err.message : String(err)}`;
}

/**
 * POSTs signed webhook bodies. Redirects are not followed (a 3xx is a failure); each target is
 * checked against the address policy, which also vets the address actually connected to.
 * Connections are pooled per origin. Never throws for what a receiver or the network does.
 */
export class WebhookSender {
  private readonly agent: Agent;

  constructor(private readonly options: WebhookSenderOptions) {
    this.agent = new Agent({
      connect: { lookup: options.policy.lookup, timeout: options.connectTimeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
      keepAliveTimeout: 4000,
      connections: 64,
    });
  }

  async send(url: string, headers: Record<string, string>, body: string): Promise<SendOutcome> {
    const started = performance.now();
    const latency = () => Math.round(performance.now() - started);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Timeout()), this.options.timeoutMs);
    let host = url;
    try {
      const target = new URL(url);
      host = target.host;
      await this.options.policy.assertUrlAllowed(url);
      const res = await this.agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json', 'user-agent': WEBHOOK_USER_AGENT },
        body,
        signal: controller.signal,
      });
      const text = await readStart(res.body);
      const status = res.statusCode;
      const ok = status >= 200 && status < 300;
      const retryAfterHeader = res.headers['retry-after'];
      const retryAfterSeconds = parseRetryAfter(Array.isArray(retryAfterHeader) ? retryAfterHeader[0] : retryAfterHeader);
      return {
        ok,
        status,
        latencyMs: latency(),
        error: ok ? null : status >= 300 && status < 400 ? `redirect (HTTP ${status}) not followed` : `HTTP ${status}`,
        body: text,
        ...(retryAfterSeconds !== undefined && !ok ? { retryAfterSeconds } : {}),
      };
    } catch (err) {
      return { ok: false, status: null, latencyMs: latency(), error: describe(err, host, this.options), body: null };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}

/**
 * Reads at most RESPONSE_BODY_LIMIT bytes; a longer body is cut off and its connection dropped.
 * The text keeps whole characters only (a character cut at the limit is left out) and no NUL,
 * which a PostgreSQL text column cannot hold.
 */
async function readStart(body: AsyncIterable<Buffer> & { destroy(): void; on(e: 'error', f: () => void): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= RESPONSE_BODY_LIMIT) {
      body.on('error', () => undefined);
      body.destroy();
      break;
    }
  }
  return new StringDecoder('utf8').write(Buffer.concat(chunks).subarray(0, RESPONSE_BODY_LIMIT)).replace(/\0/g, '');
}
