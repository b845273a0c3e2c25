import { Pool, PoolClient } from 'pg';
import {
  Checkpoint,
  CheckpointStore,
  LeaderConsumer,
  PostgresEventStore,
  StoredEvent,
  WakeSource,
  compareCheckpoints,
} from '@app/event-store';
import { decideAlert } from './alert-rules';
import { DeliveryOutbox, deliveryId } from './delivery-outbox';
import { IncidentView, changeOf, evolveIncident, incidentIdOfStream } from './incident-view';
import { SubscriptionFilter } from './subscription-filter';
import { subscriptionStream } from './subscription-registry';
import { OwedDelivery } from './webhook-deliver.job';

export interface NotifierOptions {
  /** Connection string for the lock connection, held for as long as this instance is the active notifier. */
  databaseUrl: string;
  /** Checkpoint and lock name: one active notifier per name. */
  consumer: string;
  /** Follow-ups arriving within this window of each other go out as one update. */
  burstWindowMs: number;
  batchSize?: number;
  pollMs?: number;
  wake?: WakeSource;
  standbyRetryMs?: number;
  /** Incident states kept in memory between batches. */
  cacheSize?: number;
  /**
   * How long the active subscriptions are kept in memory at most (ms). They are read again as soon
   * as the log shows a subscription change; this bounds staleness from changes made without one.
   */
  subscriptionCacheMs?: number;
  log?: (level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;
}

const SUBSCRIPTION_STREAM_PREFIX = subscriptionStream('');

export type NotifierState = 'standby' | 'active' | 'stopped';

interface ActiveSubscription {
  id: string;
  filter: SubscriptionFilter;
  notifyOn: string[];
  /** Where its SubscriptionCreated sits in the log: only later events can alert it. */
  created: Checkpoint;
}

interface NewDelivery {
  id: string;
  subscriptionId: string;
  incidentId: string;
  kind: 'incident.reported' | 'incident.updated';
  eventIds: string[];
  committedAt: Date;
  delayMs: number;
}

/**
 * Role `notify`: reads the log from its checkpoint, folds incident streams, matches each incident
 * event against the active subscriptions, and writes the deliveries it owes (the outbox) in the
 * same transaction as its checkpoint; then queues them. Exactly one instance is active across
 * processes (a PostgreSQL advisory lock on its own connection); the others stand by.
 */
export class Notifier {
  private readonly leader: LeaderConsumer;
  private readonly checkpoints: CheckpointStore;
  private readonly incidents = new Map<string, IncidentView>();
  private subscriptions: { list: ActiveSubscription[]; readAt: number } | null = null;
  deliveriesWritten = 0;

  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly outbox: DeliveryOutbox,
    private readonly options: NotifierOptions,
  ) {
    this.checkpoints = new CheckpointStore(pool);
    this.leader = new LeaderConsumer(store, {
      lockName: `notifier-lock:${options.consumer}`,
      consumer: options.consumer,
      databaseUrl: options.databaseUrl,
      batchSize: options.batchSize,
      pollMs: options.pollMs,
      wake: options.wake,
      standbyRetryMs: options.standbyRetryMs,
      onActive: () => {
        this.incidents.clear();
        this.subscriptions = null;
      },
      log: (level, msg, fields) => this.log(level, `notifier ${msg}`, fields),
      handle: (events, current, next) => this.handle(events, current, next),
    });
  }

  get status(): NotifierState {
    return this.leader.state;
  }

  start(): void {
    this.leader.start();
  }

  stop(): Promise<void> {
    return this.leader.stop();
  }

  private log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void {
    this.options.log?.(level, msg, { consumer: this.options.consumer, ...fields });
  }

  /** One batch: deliveries owed and the checkpoint in one transaction, then the jobs. */
  private async handle(events: StoredEvent[], current: Checkpoint, next: Checkpoint): Promise<boolean> {
    const relevant = events.filter((e) => incidentIdOfStream(e.streamId) !== null && changeOf(e.type) !== null);
    // Every change of a subscription is an event on its stream, written with its row.
    if (events.some((e) => e.streamId.startsWith(SUBSCRIPTION_STREAM_PREFIX))) this.subscriptions = null;
    // Nothing to match: the checkpoint moves in a statement of its own (false: the lease is lost).
    if (relevant.length === 0) return this.checkpoints.advance(this.options.consumer, current, next, this.pool);
    const client = await this.pool.connect();
    let created: NewDelivery[] = [];
    const states = new Map<string, IncidentView | null>();
    try {
      if (!(await this.checkpoints.beginAdvance(this.options.consumer, current, next, client))) {
        // Another instance moved the checkpoint: this one lost its lease.
        await client.query('ROLLBACK');
        return false;
      }
      created = await this.match(client, relevant, states);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // The states folded in this batch may include events that were not committed as handled.
      for (const id of states.keys()) this.incidents.delete(id);
      throw err;
    } finally {
      client.release();
    }
    this.deliveriesWritten += created.length;
    if (created.length === 0) return true;
    const owed: OwedDelivery[] = created.map((d) => ({ id: d.id, delayMs: d.delayMs }));
    try {
      await this.outbox.enqueue(owed);
    } catch (err) {
      // PostgreSQL holds them: the deliver role's sweep queues them once they are due.
      this.log('warn', 'deliveries not queued; the sweep will', {
        count: owed.length,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return true;
  }

  private async match(client: PoolClient, events: StoredEvent[], states: Map<string, IncidentView | null>): Promise<NewDelivery[]> {
    const subs = await this.activeSubscriptions(client);
    if (subs.length === 0) {
      for (const e of events) await this.fold(e, states);
      this.keep(states);
      return [];
    }
    // Which (subscription, incident) pairs were alerted before this batch: needed only for later events.
    // Pairs are keyed by their ids; a delivery's id (a name-based UUID) is worked out only when needed.
    const pair = (subscriptionId: string, incidentId: string) => `${subscriptionId}\n${incidentId}`;
    const laterIncidents = [...new Set(events.filter((e) => changeOf(e.type) !== 'reported').map((e) => incidentIdOfStream(e.streamId)!))];
    const alerted = new Set<string>();
    if (laterIncidents.length > 0) {
      const pairsById = new Map(
        laterIncidents.flatMap((inc) => subs.map((s) => [deliveryId(s.id, inc, 'first'), pair(s.id, inc)] as const)),
      );
      const { rows } = await client.query<{ id: string }>(`SELECT id FROM deliveries WHERE id = ANY($1::uuid[])`, [[...pairsById.keys()]]);
      for (const r of rows) alerted.add(pairsById.get(r.id)!);
    }

    const created: NewDelivery[] = [];
    const openGroups = new Map<string, NewDelivery | { dbId: string }>();
    for (const e of events) {
      const incidentId = incidentIdOfStream(e.streamId)!;
      const change = changeOf(e.type)!;
      const view = await this.fold(e, states);
      if (!view) continue;
      const eventCp = { transactionId: e.transactionId, globalPosition: e.globalPosition };
      for (const s of subs) {
        if (compareCheckpoints(s.created, eventCp) >= 0) continue;
        const key = pair(s.id, incidentId);
        const decision = decideAlert({ filter: s.filter, notifyOn: s.notifyOn, view, change, alreadyAlerted: alerted.has(key) });
        if (decision.kind === 'first') {
          alerted.add(key);
          created.push({
            id: deliveryId(s.id, incidentId, 'first'),
            subscriptionId: s.id,
            incidentId,
            kind: 'incident.reported',
            eventIds: [e.eventId],
            committedAt: e.recordedAt,
            delayMs: 0,
          });
        } else if (decision.kind === 'follow-up') {
          let group = openGroups.get(key);
          if (!group) {
            const { rows } = await client.query<{ id: string }>(
              `SELECT id FROM deliveries WHERE subscription_id = $1 AND incident_id = $2 AND kind = 'incident.updated'
                 AND status = 'pending' AND NOT sealed ORDER BY seq DESC LIMIT 1 FOR UPDATE`,
              [s.id, incidentId],
            );
            if (rows[0]) group = { dbId: rows[0].id };
          }
          if (group && 'dbId' in group) {
            await client.query(
              `UPDATE deliveries SET event_ids = array_append(event_ids, $2::uuid), updated_at = now() WHERE id = $1 AND NOT ($2::uuid = ANY(event_ids))`,
              [group.dbId, e.eventId],
            );
          } else if (group) {
            if (!group.eventIds.includes(e.eventId)) group.eventIds.push(e.eventId);
          } else {
            group = {
              id: deliveryId(s.id, incidentId, e.eventId),
              subscriptionId: s.id,
              incidentId,
              kind: 'incident.updated',
              eventIds: [e.eventId],
              committedAt: e.recordedAt,
              delayMs: this.options.burstWindowMs,
            };
            created.push(group);
          }
          openGroups.set(key, group);
        }
      }
    }
    this.keep(states);
    if (created.length === 0) return [];
    const { rows } = await client.query<{ id: string }>(
      `INSERT INTO deliveries (id, subscription_id, incident_id, kind, event_ids, committed_at, next_attempt_at)
       SELECT id, sub, inc, kind, string_to_array(ev, ',')::uuid[], committed, now() + delay * interval '1 millisecond'
       FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::int[]) WITH ORDINALITY
         AS t(id, sub, inc, kind, ev, committed, delay, n)
       ORDER BY n
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        created.map((d) => d.id),
        created.map((d) => d.subscriptionId),
        created.map((d) => d.incidentId),
        created.map((d) => d.kind),
        created.map((d) => d.eventIds.join(',')),
        created.map((d) => d.committedAt),
        created.map((d) => d.delayMs),
      ],
    );
    const inserted = new Set(rows.map((r) => r.id));
    return created.filter((d) => inserted.has(d.id));
  }

  /** The incident's state after this event: from memory when it is current, else from its stream. */
  private async fold(e: StoredEvent, states: Map<string, IncidentView | null>): Promise<IncidentView | null> {
    const incidentId = incidentIdOfStream(e.streamId)!;
    let before: IncidentView | null | undefined = states.get(incidentId);
    if (before === undefined) {
      const cached = this.incidents.get(incidentId);
      if (e.streamPosition === 1) before = null;
      else if (cached && cached.version === e.streamPosition - 1) before = cached;
      else {
        const earlier = await this.store.readStream(e.streamId, { maxCount: e.streamPosition - 1 });
        before = null;
        for (const x of earlier) before = evolveIncident(before, incidentId, x);
      }
    }
    const after = evolveIncident(before ?? null, incidentId, e);
    states.set(incidentId, after);
    return after;
  }

  private keep(states: Map<string, IncidentView | null>): void {
    const max = this.options.cacheSize ?? 20_000;
    for (const [id, view] of states) {
      this.incidents.delete(id);
      if (view) this.incidents.set(id, view);
    }
    while (this.incidents.size > max) this.incidents.delete(this.incidents.keys().next().value!);
  }

  /** The active subscriptions, from memory until the log shows a change (or the cache ages out). */
  private async activeSubscriptions(client: PoolClient): Promise<ActiveSubscription[]> {
    const now = Date.now();
    if (this.subscriptions && now - this.subscriptions.readAt < (this.options.subscriptionCacheMs ?? 30_000))
      return this.subscriptions.list;
    const list = await this.readActiveSubscriptions(client);
    this.subscriptions = { list, readAt: now };
    return list;
  }

  private async readActiveSubscriptions(client: PoolClient): Promise<ActiveSubscription[]> {
    const { rows } = await client.query<{ id: string; filter: SubscriptionFilter; notify_on: string[]; tx: string; pos: string }>(
      `SELECT s.id, s.filter, s.notify_on, e.transaction_id::text AS tx, e.global_position AS pos
       FROM subscriptions s JOIN es_events e ON e.stream_id = 'subscription-' || s.id AND e.stream_position = 1
       WHERE s.status = 'active'`,
    );
    return rows.map((r) => ({
      id: r.id,
      filter: r.filter,
      notifyOn: r.notify_on,
      created: { transactionId: r.tx, globalPosition: Number(r.pos) },
    }));
  }
}
