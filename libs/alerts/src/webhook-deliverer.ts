import { Pool } from 'pg';
import { PostgresEventStore, StoredEvent } from '@app/event-store';
import { DeliveryRow } from './delivery-outbox';
import { foldIncident } from './incident-view';
import { nextRetry } from './retry-policy';
import { SecretKeyMissingError } from './secret-box';
import { SubscriptionRegistry } from './subscription-registry';
import { incidentPayload, pingPayload } from './webhook-payload';
import { SendOutcome, WebhookSender } from './webhook-sender';
import { webhookHeaders } from './webhook-signer';

export interface DelivererOptions {
  retryScheduleMs: readonly number[];
  retryAfterMaxSeconds: number;
  /** A subscription failing without a success for this long is disabled. */
  disableAfterHours: number;
  publicUrl: string;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

/** What became of a delivery job: finished (whatever the outcome), or to be run again at a time. */
export type DeliverStep =
  | { kind: 'done'; outcome: 'delivered' | 'failed' | 'missing' | 'not-owed' }
  | { kind: 'later'; at: number; why: 'retry' | 'ordering' | 'not-due' };

type Loaded = DeliveryRow & {
  url: string;
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  sub_status: string;
  blocked_until: Date | null;
  /** For the logs: the correlation ids (report ids) of the events that triggered the delivery. */
  correlation?: { correlationId?: string; correlationIds?: string[] };
};

/** What the log says of an attempt. */
const attemptFields = (d: Loaded, attempt: number, o: SendOutcome) => ({
  deliveryId: d.id,
  subscriptionId: d.subscription_id,
  ...d.correlation,
  attempt,
  status: o.status,
  latencyMs: o.latencyMs,
});

/** The correlation ids of the triggering events, as log fields: the first, and all of them when there are several. */
function correlationOf(events: StoredEvent[], eventIds: string[]): { correlationId?: string; correlationIds?: string[] } {
  const wanted = new Set(eventIds);
  const ids = [
    ...new Set(
      events
        .filter((e) => wanted.has(e.eventId))
        .map((e) => e.metadata.correlationId)
        .filter((x): x is string => !!x),
    ),
  ];
  if (!ids.length) return {};
  return ids.length === 1 ? { correlationId: ids[0] } : { correlationId: ids[0], correlationIds: ids };
}

/** Every column of a DeliveryRow, as the claim returns them. */
const DELIVERY_COLUMNS = (
  [
    'id',
    'seq',
    'subscription_id',
    'incident_id',
    'kind',
    'event_ids',
    'committed_at',
    'status',
    'sealed',
    'attempts',
    'next_attempt_at',
    'last_attempt_at',
    'last_status_code',
    'last_error',
    'delivered_at',
    'created_at',
    'updated_at',
  ] satisfies (keyof DeliveryRow)[]
)
  .map((c) => `d.${c}`)
  .join(', ');

const ORDER_RECHECK_MIN_MS = 200;
const ORDER_RECHECK_MAX_MS = 60_000;

/**
 * A delivery still as an attempt claimed it ($2: the attempt count the claim set): neither reset to
 * a fresh schedule by a retry or replay, nor claimed again since.
 */
const STILL_CLAIMED = `status = 'pending' AND attempts = $2`;

/**
 * Makes one attempt of a delivery: signs the body (Standard Webhooks) with the subscription's
 * secrets, POSTs it, logs the attempt, and decides what follows (done, retry at a time, or fail).
 * Deliveries of one incident to one subscription go out in order: a later one waits while an
 * earlier one is still owed.
 */
export class WebhookDeliverer {
  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly registry: SubscriptionRegistry,
    private readonly sender: WebhookSender,
    private readonly options: DelivererOptions,
  ) {}

  async deliver(id: string): Promise<DeliverStep> {
    // The usual case in one round trip: due, next in its incident's order, subscription active.
    // Claiming the attempt before sending means no follow-up joins this delivery from here on.
    // Named: prepared once per connection, as these two statements run for every delivery. Named
    // columns rather than d.*, so a column added while this runs does not change the prepared result.
    // The incident's events come back with the claim, for the body.
    const claimed = await this.pool.query<Loaded & { stream_events: unknown }>({
      name: 'webhook-deliver-claim',
      text: `WITH claimed AS (
         UPDATE deliveries d SET attempts = d.attempts + 1, sealed = true, last_attempt_at = now(), updated_at = now()
         FROM subscriptions s
         WHERE d.id = $1 AND d.status = 'pending' AND s.id = d.subscription_id AND s.status = 'active'
           AND d.next_attempt_at <= now() + interval '20 milliseconds'
           AND NOT EXISTS (SELECT 1 FROM deliveries p WHERE p.subscription_id = d.subscription_id AND p.incident_id = d.incident_id
                             AND p.seq < d.seq AND p.status = 'pending')
         RETURNING ${DELIVERY_COLUMNS}, s.url, s.secret, s.previous_secret, s.previous_secret_expires_at, s.status AS sub_status,
           NULL::timestamptz AS blocked_until)
       SELECT c.*, CASE WHEN c.kind <> 'ping' AND c.incident_id IS NOT NULL
                   THEN ${PostgresEventStore.streamAsJson(`'incident-' || c.incident_id`)} END AS stream_events
       FROM claimed c`,
      values: [id],
    });
    const d = claimed.rows[0];
    if (!d) return this.notClaimed(id);
    const events = this.store.eventsFromJson(d.stream_events);
    const payload = this.payload(d, events, d.event_ids);
    d.correlation = correlationOf(events, d.event_ids);
    const body = JSON.stringify(payload);
    const startedAt = new Date();
    let secrets: string[];
    try {
      secrets = this.registry.signingSecrets(d, startedAt);
    } catch (err) {
      if (!(err instanceof SecretKeyMissingError)) throw err;
      // Not sent unsigned: a failed attempt, retried on the schedule until the key is back.
      this.options.log?.('error', 'webhook not sent: its signing secret cannot be opened', { deliveryId: id, keyId: err.keyId });
      return this.record(d, d.attempts, startedAt, { ok: false, status: null, latencyMs: 0, error: err.message, body: null });
    }
    const headers = webhookHeaders(secrets, id, body, startedAt);
    const outcome = await this.sender.send(d.url, { ...headers }, body);
    return this.record(d, d.attempts, startedAt, outcome);
  }

  /** Why a delivery could not be claimed: finished, its subscription gone, not due, or waiting for an earlier one. */
  private async notClaimed(id: string): Promise<DeliverStep> {
    const { rows } = await this.pool.query<Loaded>(
      `SELECT d.*, s.status AS sub_status,
         (SELECT p.next_attempt_at FROM deliveries p
           WHERE p.subscription_id = d.subscription_id AND p.incident_id = d.incident_id AND p.seq < d.seq AND p.status = 'pending'
           ORDER BY p.seq LIMIT 1) AS blocked_until
       FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE d.id = $1`,
      [id],
    );
    const d = rows[0];
    if (!d) return { kind: 'done', outcome: 'missing' };
    if (d.status !== 'pending') return { kind: 'done', outcome: 'not-owed' };
    if (d.sub_status !== 'active') {
      await this.pool.query(
        `UPDATE deliveries SET status = 'failed', last_error = $2, updated_at = now() WHERE id = $1 AND status = 'pending'`,
        [id, `subscription ${d.sub_status}`],
      );
      return { kind: 'done', outcome: 'failed' };
    }
    const now = Date.now();
    if (d.blocked_until) {
      const wait = Math.min(Math.max(d.blocked_until.getTime() - now + 100, ORDER_RECHECK_MIN_MS), ORDER_RECHECK_MAX_MS);
      return { kind: 'later', at: now + wait, why: 'ordering' };
    }
    if (d.next_attempt_at.getTime() > now) return { kind: 'later', at: d.next_attempt_at.getTime(), why: 'not-due' };
    // Changed between the two reads: look again shortly.
    return { kind: 'later', at: now + ORDER_RECHECK_MIN_MS, why: 'not-due' };
  }

  private payload(d: Loaded, events: StoredEvent[], eventIds: string[]): Record<string, unknown> {
    if (d.kind === 'ping' || !d.incident_id) return pingPayload(d.id, d.subscription_id);
    const view = foldIncident(d.incident_id, events);
    if (!view) throw new Error(`incident ${d.incident_id} has no family event`);
    const wanted = new Set(eventIds);
    return incidentPayload({
      deliveryId: d.id,
      subscriptionId: d.subscription_id,
      kind: d.kind,
      view,
      triggers: events.filter((e) => wanted.has(e.eventId)),
      publicUrl: this.options.publicUrl,
    });
  }

  /**
   * The usual outcome in one statement (one round trip, one commit): attempt logged, delivery done,
   * subscription healthy. The delivery is marked done only if it is still as this attempt claimed
   * it: a retry or replay asked for while the attempt was in flight reset it, and it is sent again.
   */
  private async recordSuccess(d: Loaded, attempts: number, startedAt: Date, o: SendOutcome): Promise<DeliverStep> {
    const { rows } = await this.pool.query<{ recorded: boolean }>({
      name: 'webhook-deliver-succeeded',
      text: `WITH attempt AS (
         INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response_status, latency_ms, error, response_body)
         VALUES ($1, $2, $3, 'succeeded', $4, $5, NULL, $6)
       ), delivery AS (
         UPDATE deliveries SET status = 'delivered', delivered_at = now(), last_status_code = $4, last_error = NULL, updated_at = now()
         WHERE id = $1 AND ${STILL_CLAIMED}
         RETURNING id
       ), subscription AS (
         -- The subscription row only when there is news, so concurrent deliveries to it do not queue on its lock.
         UPDATE subscriptions SET failing_since = NULL, last_success_at = now()
         WHERE id = $7 AND (failing_since IS NOT NULL OR last_success_at IS NULL OR last_success_at < now() - interval '10 seconds')
       )
       SELECT EXISTS (SELECT 1 FROM delivery) AS recorded`,
      values: [d.id, attempts, startedAt, o.status, o.latencyMs, o.body, d.subscription_id],
    });
    if (!rows[0]?.recorded) return this.resetMeanwhile(d, attempts);
    this.options.log?.('info', 'webhook delivered', attemptFields(d, attempts, o));
    return { kind: 'done', outcome: 'delivered' };
  }

  /** A retry or replay reset the delivery while this attempt was in flight: it is sent again now. */
  private resetMeanwhile(d: Loaded, attempts: number): DeliverStep {
    this.options.log?.('info', 'webhook delivered; a retry asked for meanwhile sends it again', {
      deliveryId: d.id,
      subscriptionId: d.subscription_id,
      attempt: attempts,
    });
    return { kind: 'later', at: Date.now(), why: 'retry' };
  }

  private async record(d: Loaded, attempts: number, startedAt: Date, o: SendOutcome): Promise<DeliverStep> {
    return o.ok ? this.recordSuccess(d, attempts, startedAt, o) : this.recordFailure(d, attempts, startedAt, o);
  }

  /** A failed attempt: logged, and the delivery scheduled again, failed for good, or its subscription disabled. */
  private async recordFailure(d: Loaded, attempts: number, startedAt: Date, o: SendOutcome): Promise<DeliverStep> {
    const client = await this.pool.connect();
    let step: DeliverStep;
    let disableReason: string | null = null;
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome, response_status, latency_ms, error, response_body)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [d.id, attempts, startedAt, 'failed', o.status, o.latencyMs, o.error, o.body],
      );
      const failing = await client.query<{ failing_since: Date }>(
        `UPDATE subscriptions SET failing_since = COALESCE(failing_since, $2) WHERE id = $1 RETURNING failing_since`,
        [d.subscription_id, startedAt],
      );
      const since = failing.rows[0]?.failing_since ?? startedAt;
      if (o.status === 410) disableReason = `the endpoint answered 410 Gone to delivery ${d.id}`;
      else if (Date.now() - since.getTime() >= this.options.disableAfterHours * 3_600_000) {
        disableReason = `deliveries failing since ${since.toISOString()} (last: ${o.error ?? 'failed'})`;
      }
      const decision = disableReason
        ? ({ retry: false } as const)
        : nextRetry({
            attempts,
            scheduleMs: this.options.retryScheduleMs,
            retryAfterSeconds: o.retryAfterSeconds,
            retryAfterMaxSeconds: this.options.retryAfterMaxSeconds,
          });
      let updated;
      if (decision.retry) {
        const at = Date.now() + decision.delayMs;
        updated = await client.query(
          `UPDATE deliveries SET next_attempt_at = $3, last_status_code = $4, last_error = $5, updated_at = now()
           WHERE id = $1 AND ${STILL_CLAIMED}`,
          [d.id, attempts, new Date(at), o.status, o.error],
        );
        step = { kind: 'later', at, why: 'retry' };
      } else {
        updated = await client.query(
          `UPDATE deliveries SET status = 'failed', last_status_code = $3, last_error = $4, updated_at = now()
           WHERE id = $1 AND ${STILL_CLAIMED}`,
          [d.id, attempts, o.status, disableReason ? `${o.error}; subscription disabled` : o.error],
        );
        step = { kind: 'done', outcome: 'failed' };
      }
      // Reset by a retry or replay while the attempt was in flight: that request decides what follows.
      if (updated.rowCount === 0) step = { kind: 'later', at: Date.now(), why: 'retry' };
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
    this.options.log?.('warn', 'webhook attempt failed', {
      ...attemptFields(d, attempts, o),
      error: o.error,
      next: step.kind === 'later' ? new Date(step.at).toISOString() : 'none',
    });
    if (disableReason && (await this.registry.disable(d.subscription_id, disableReason))) {
      this.options.log?.('warn', 'subscription disabled', { subscriptionId: d.subscription_id, reason: disableReason });
    }
    return step;
  }
}
