import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { uuidV5 } from '@app/domain';
import { DeliveryNotFoundError, SubscriptionDisabledError, SubscriptionNotFoundError } from './subscription-errors';
import { OwedDelivery, WebhookDeliverJobData, enqueueDeliveries } from './webhook-deliver.job';

/** Namespace of delivery ids (never change it: redelivered alerts would get new ids). */
export const DELIVERY_ID_NAMESPACE = '3f6d1c2a-8e4b-4a7f-9c3d-5b2e1f0a7d64';

/**
 * A delivery's id, derived from subscription, incident and change: the first alert of an incident
 * is `first`, a group of follow-ups is named by its first event. The same alert always gets the same id.
 */
export function deliveryId(subscriptionId: string, incidentId: string, change: string): string {
  return uuidV5(`${subscriptionId}\n${incidentId}\n${change}`, DELIVERY_ID_NAMESPACE);
}

export type DeliveryKind = 'incident.reported' | 'incident.updated' | 'ping';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface DeliveryRow {
  id: string;
  seq: string;
  subscription_id: string;
  incident_id: string | null;
  kind: DeliveryKind;
  event_ids: string[];
  committed_at: Date | null;
  status: DeliveryStatus;
  sealed: boolean;
  attempts: number;
  next_attempt_at: Date;
  last_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface AttemptRow {
  attempt: number;
  started_at: Date;
  outcome: 'succeeded' | 'failed';
  response_status: number | null;
  latency_ms: number;
  error: string | null;
  response_body: string | null;
}

export interface AttemptView {
  attempt: number;
  startedAt: string;
  status: 'succeeded' | 'failed';
  responseCode: number | null;
  latencyMs: number;
  error: string | null;
  /** The first 2 KB of the response body. */
  responseBody: string | null;
}

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  incidentId: string | null;
  kind: DeliveryKind;
  eventIds: string[];
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attemptLog: AttemptView[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toAttemptView(a: AttemptRow): AttemptView {
  return {
    attempt: a.attempt,
    startedAt: a.started_at.toISOString(),
    status: a.outcome,
    responseCode: a.response_status,
    latencyMs: a.latency_ms,
    error: a.error,
    responseBody: a.response_body,
  };
}

export function toDeliveryView(d: DeliveryRow, attempts: AttemptRow[]): DeliveryView {
  return {
    id: d.id,
    subscriptionId: d.subscription_id,
    incidentId: d.incident_id,
    kind: d.kind,
    eventIds: d.event_ids,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'pending' ? d.next_attempt_at.toISOString() : null,
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    deliveredAt: d.delivered_at?.toISOString() ?? null,
    createdAt: d.created_at.toISOString(),
    attemptLog: attempts.map(toAttemptView),
  };
}

/** Reads and resends deliveries (the outbox rows the notifier writes), and finds those Redis lost. */
export class DeliveryOutbox {
  constructor(
    private readonly pool: Pool,
    private readonly queue: Queue<WebhookDeliverJobData>,
  ) {}

  async get(id: string): Promise<DeliveryView> {
    if (!UUID.test(id)) throw new DeliveryNotFoundError(id);
    const { rows } = await this.pool.query<DeliveryRow>(`SELECT * FROM deliveries WHERE id = $1`, [id]);
    if (!rows[0]) throw new DeliveryNotFoundError(id);
    const attempts = await this.pool.query<AttemptRow>(`SELECT * FROM delivery_attempts WHERE delivery_id = $1 ORDER BY id`, [id]);
    return toDeliveryView(rows[0], attempts.rows);
  }

  /** A subscription's deliveries, newest first, each with its attempts. */
  async list(subscriptionId: string, limit: number, offset: number): Promise<{ items: DeliveryView[]; total: number }> {
    await this.activeSubscription(subscriptionId, false);
    const [{ rows }, count] = await Promise.all([
      this.pool.query<DeliveryRow>(`SELECT * FROM deliveries WHERE subscription_id = $1 ORDER BY seq DESC LIMIT $2 OFFSET $3`, [
        subscriptionId,
        limit,
        offset,
      ]),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM deliveries WHERE subscription_id = $1`, [subscriptionId]),
    ]);
    const attempts = await this.pool.query<AttemptRow & { delivery_id: string }>(
      `SELECT * FROM delivery_attempts WHERE delivery_id = ANY($1::uuid[]) ORDER BY id`,
      [rows.map((r) => r.id)],
    );
    const byDelivery = new Map<string, AttemptRow[]>();
    for (const a of attempts.rows) byDelivery.set(a.delivery_id, [...(byDelivery.get(a.delivery_id) ?? []), a]);
    return { items: rows.map((r) => toDeliveryView(r, byDelivery.get(r.id) ?? [])), total: count.rows[0]!.n };
  }

  /** A ping to the subscription's endpoint (not tied to an incident). */
  async ping(subscriptionId: string): Promise<DeliveryView> {
    await this.activeSubscription(subscriptionId, true);
    const id = randomUUID();
    await this.pool.query(`INSERT INTO deliveries (id, subscription_id, kind) VALUES ($1, $2, 'ping')`, [id, subscriptionId]);
    await this.enqueue([{ id }]);
    return this.get(id);
  }

  /** Sends a delivery again with a fresh retry schedule (same webhook-id: it is the same message). */
  async retry(id: string): Promise<DeliveryView> {
    const d = await this.get(id);
    await this.activeSubscription(d.subscriptionId, true);
    await this.pool.query(
      `UPDATE deliveries SET status = 'pending', attempts = 0, sealed = true, next_attempt_at = now(), updated_at = now() WHERE id = $1`,
      [id],
    );
    await this.requeue([id]);
    return this.get(id);
  }

  /** Sends again every delivery made to a subscription since a time; returns how many. */
  async replay(subscriptionId: string, since: Date): Promise<number> {
    await this.activeSubscription(subscriptionId, true);
    const { rows } = await this.pool.query<{ id: string }>(
      `UPDATE deliveries SET status = 'pending', attempts = 0, sealed = true, next_attempt_at = now(), updated_at = now()
       WHERE subscription_id = $1 AND created_at >= $2 AND kind <> 'ping' AND NOT (status = 'pending' AND attempts = 0)
       RETURNING id`,
      [subscriptionId, since],
    );
    await this.requeue(rows.map((r) => r.id));
    return rows.length;
  }

  /**
   * Queues again every owed delivery whose time has come but whose job Redis no longer has (or
   * holds as finished). Returns how many were queued.
   */
  async sweep(graceMs = 2000, limit = 5000): Promise<number> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= now() - $1 * interval '1 millisecond'
       ORDER BY next_attempt_at LIMIT $2`,
      [graceMs, limit],
    );
    const lost: string[] = [];
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const states = await Promise.all(chunk.map((r) => this.queue.getJobState(r.id)));
      chunk.forEach((r, j) => {
        if (states[j] === 'unknown' || states[j] === 'completed' || states[j] === 'failed') lost.push(r.id);
      });
    }
    await this.requeue(lost);
    return lost.length;
  }

  async enqueue(owed: OwedDelivery[]): Promise<void> {
    await enqueueDeliveries(this.queue, owed);
  }

  /** Drops any finished job of these deliveries, then queues them. */
  private async requeue(ids: string[]): Promise<void> {
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (job && ((await job.isCompleted()) || (await job.isFailed()))) await job.remove().catch(() => undefined);
    }
    await this.enqueue(ids.map((id) => ({ id })));
  }

  private async activeSubscription(id: string, mustBeActive: boolean): Promise<void> {
    if (!UUID.test(id)) throw new SubscriptionNotFoundError(id);
    const { rows } = await this.pool.query<{ status: string }>(`SELECT status FROM subscriptions WHERE id = $1 AND status <> 'deleted'`, [
      id,
    ]);
    if (!rows[0]) throw new SubscriptionNotFoundError(id);
    if (mustBeActive && rows[0].status !== 'active') throw new SubscriptionDisabledError(id);
  }
}
