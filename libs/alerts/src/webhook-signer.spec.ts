import { Webhook } from 'standardwebhooks';
import { nextRetry } from './retry-policy';
import { generateSecret, signWebhook, webhookHeaders } from './webhook-signer';

describe('webhook signer', () => {
  it('signs as Standard Webhooks verifiers expect', () => {
    const secret = generateSecret();
    const body = JSON.stringify({ type: 'incident.reported', incident: { incidentId: 'x' } });
    const headers = webhookHeaders([secret], 'msg_1', body);
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(new Webhook(secret).verify(body, { ...headers })).toEqual(JSON.parse(body));
    const when = new Date(Number(headers['webhook-timestamp']) * 1000);
    expect(headers['webhook-signature']).toBe(new Webhook(secret).sign('msg_1', when, body));
  });

  it('with two secrets, either verifies; a changed body or another secret does not', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const body = '{"n":1}';
    const headers = webhookHeaders([a, b], 'msg_2', body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(() => new Webhook(a).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(b).verify(body, { ...headers })).not.toThrow();
    expect(() => new Webhook(a).verify('{"n":2}', { ...headers })).toThrow();
    expect(() => new Webhook(generateSecret()).verify(body, { ...headers })).toThrow();
    expect(() => signWebhook(['not-a-secret'], 'id', 1, body)).toThrow(/whsec_/);
  });
});

describe('retry policy', () => {
  const schedule = [0, 5_000, 300_000, 1_800_000];
  it('follows the schedule with ±10 % jitter, then gives up', () => {
    expect(nextRetry({ attempts: 1, scheduleMs: schedule, retryAfterMaxSeconds: 3600, random: 0 })).toEqual({ retry: true, delayMs: 4500 });
    expect(nextRetry({ attempts: 1, scheduleMs: schedule, retryAfterMaxSeconds: 3600, random: 0.999999 })).toEqual({
      retry: true,
      delayMs: 5500,
    });
    expect(nextRetry({ attempts: 3, scheduleMs: schedule, retryAfterMaxSeconds: 3600, random: 0.5 })).toEqual({
      retry: true,
      delayMs: 1_800_000,
    });
    expect(nextRetry({ attempts: 4, scheduleMs: schedule, retryAfterMaxSeconds: 3600 })).toEqual({ retry: false });
  });

  it('honours Retry-After within [1 s, the cap] as the least wait: it never brings the next attempt before the schedule', () => {
    expect(nextRetry({ attempts: 1, scheduleMs: schedule, retryAfterSeconds: 120, retryAfterMaxSeconds: 3600, random: 0.5 })).toEqual({
      retry: true,
      delayMs: 120_000,
    });
    expect(nextRetry({ attempts: 1, scheduleMs: [0, 0], retryAfterSeconds: 0, retryAfterMaxSeconds: 3600 })).toEqual({
      retry: true,
      delayMs: 1000,
    });
    expect(nextRetry({ attempts: 1, scheduleMs: schedule, retryAfterSeconds: 86_400, retryAfterMaxSeconds: 3600, random: 0.5 })).toEqual({
      retry: true,
      delayMs: 3_600_000,
    });
    // Shorter than the scheduled delay (5 s, 4.5 s with this jitter): the schedule's.
    expect(nextRetry({ attempts: 1, scheduleMs: schedule, retryAfterSeconds: 2, retryAfterMaxSeconds: 3600, random: 0 })).toEqual({
      retry: true,
      delayMs: 4500,
    });
    expect(nextRetry({ attempts: 1, scheduleMs: schedule, retryAfterSeconds: 0, retryAfterMaxSeconds: 3600, random: 0.5 })).toEqual({
      retry: true,
      delayMs: 5000,
    });
    // The cap bounds what the receiver asks for, not the schedule.
    expect(nextRetry({ attempts: 3, scheduleMs: schedule, retryAfterSeconds: 86_400, retryAfterMaxSeconds: 600, random: 0.5 })).toEqual({
      retry: true,
      delayMs: 1_800_000,
    });
    expect(nextRetry({ attempts: 4, scheduleMs: schedule, retryAfterSeconds: 5, retryAfterMaxSeconds: 3600 })).toEqual({ retry: false });
  });
});
