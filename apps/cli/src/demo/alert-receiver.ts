import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Checks a Standard Webhooks signature: HMAC-SHA256 over "id.timestamp.body" with the secret's
 * bytes (the base64 after "whsec_"), in any of the space-separated "v1,<base64>" signatures.
 */
export function verifyStandardWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  toleranceSeconds = 300,
): boolean {
  const id = String(headers['webhook-id'] ?? '');
  const timestamp = String(headers['webhook-timestamp'] ?? '');
  const signatures = String(headers['webhook-signature'] ?? '');
  if (!id || !/^\d+$/.test(timestamp)) return false;
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((s) => {
    const [version, sig] = s.split(',');
    if (version !== 'v1' || !sig) return false;
    const given = Buffer.from(sig, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export interface ReceivedAlert {
  id: string;
  verified: boolean;
  body: Record<string, unknown>;
}

/** A local webhook receiver that verifies and hands over each delivery. */
export class AlertReceiver {
  private server: Server | null = null;
  secret = '';
  readonly alerts: ReceivedAlert[] = [];

  constructor(private readonly onAlert: (a: ReceivedAlert) => void) {}

  async start(host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(raw) as Record<string, unknown>;
        } catch {
          /* not JSON: recorded as unverified below */
        }
        const alert = {
          id: String(req.headers['webhook-id'] ?? ''),
          verified: !!this.secret && verifyStandardWebhook(this.secret, req.headers, raw),
          body,
        };
        this.alerts.push(alert);
        this.onAlert(alert);
        res.writeHead(alert.verified ? 204 : 401).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}/alerts`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
