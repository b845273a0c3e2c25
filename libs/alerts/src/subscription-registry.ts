import { randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { inTransaction } from '@app/database';
import { AppendResult, NewEvent, PostgresEventStore } from '@app/event-store';
import { AddressPolicy } from '@app/ingestion';
import { SubscriptionDisabledError, SubscriptionInvalidError, SubscriptionNotFoundError } from './subscription-errors';
import { SecretBox } from './secret-box';
import { NotifyOn, NotifyOnList, SubscriptionFilter, filterProblems } from './subscription-filter';
import { generateSecret } from './webhook-signer';
import { vetWebhookUrl } from './webhook-url';

export const subscriptionStream = (id: string): string => `subscription-${id}`;

export interface SubscriptionRow {
  id: string;
  url: string;
  description: string | null;
  filter: SubscriptionFilter;
  notify_on: string[];
  secret: string;
  previous_secret: string | null;
  previous_secret_expires_at: Date | null;
  status: 'active' | 'disabled' | 'deleted';
  disabled_reason: string | null;
  version: string;
  failing_since: Date | null;
  last_success_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A subscription as the API shows it: never its secrets. */
export interface SubscriptionView {
  id: string;
  url: string;
  description: string | null;
  filter: SubscriptionFilter;
  notifyOn: string[];
  status: 'active' | 'disabled';
  disabledReason: string | null;
  /** Until when deliveries are signed with the secret before the last rotation as well. */
  previousSecretValidUntil: string | null;
  failingSince: string | null;
  lastSuccessAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toSubscriptionView(r: SubscriptionRow, now = new Date()): SubscriptionView {
  const overlap = r.previous_secret_expires_at && r.previous_secret_expires_at > now ? r.previous_secret_expires_at.toISOString() : null;
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    filter: r.filter,
    notifyOn: r.notify_on,
    status: r.status === 'deleted' ? 'disabled' : r.status,
    disabledReason: r.disabled_reason,
    previousSecretValidUntil: overlap,
    failingSince: r.failing_since?.toISOString() ?? null,
    lastSuccessAt: r.last_success_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
  };
}

export interface CreateSubscriptionInput {
  url: string;
  description?: string;
  filter: unknown;
  notifyOn?: string[];
}

export interface UpdateSubscriptionInput {
  url?: string;
  description?: string | null;
  filter?: unknown;
  notifyOn?: string[];
  /** true re-enables a disabled subscription. */
  enabled?: boolean;
}

export interface RegistryOptions {
  policy: AddressPolicy;
  /** How long the old secret keeps signing after a rotation. */
  secretOverlapHours: number;
  /** How secrets are kept at rest; plain text when not given. */
  secrets?: SecretBox;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function parseFilter(input: unknown): SubscriptionFilter {
  const problems = filterProblems(input);
  if (problems.length) throw new SubscriptionInvalidError(problems);
  return SubscriptionFilter.parse(input);
}

function parseNotifyOn(input: string[] | undefined): NotifyOn[] {
  const r = NotifyOnList.safeParse(input ?? []);
  if (!r.success)
    throw new SubscriptionInvalidError(r.error.issues.map((i) => `notifyOn${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`));
  return r.data;
}

/**
 * Creating, changing and removing subscriptions: each change is an event on `subscription-<id>`
 * (never carrying a secret), appended with the version the row holds, and the row follows in the
 * same transaction. Secrets live only in the row, for the signer.
 */
export class SubscriptionRegistry {
  private readonly box: SecretBox;

  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly options: RegistryOptions,
  ) {
    this.box = options.secrets ?? new SecretBox();
  }

  /**
   * The secrets a delivery to this row is signed with now: the current one, and the previous one
   * during the overlap, opened with the box (a `SecretKeyMissingError` when no listed key can).
   */
  signingSecrets(r: Pick<SubscriptionRow, 'secret' | 'previous_secret' | 'previous_secret_expires_at'>, now = new Date()): string[] {
    const out = [this.box.open(r.secret)];
    if (r.previous_secret && r.previous_secret_expires_at && r.previous_secret_expires_at > now) out.push(this.box.open(r.previous_secret));
    return out;
  }

  async create(input: CreateSubscriptionInput): Promise<{ subscription: SubscriptionView; secret: string }> {
    const filter = parseFilter(input.filter);
    const notifyOn = parseNotifyOn(input.notifyOn);
    const url = await vetWebhookUrl(input.url, this.options.policy);
    const description = input.description?.trim() || undefined;
    const id = randomUUID();
    const secret = generateSecret();
    const { row, appended } = await inTransaction(this.pool, async (client) => {
      const appended = await this.store.appendWith(client, {
        streamId: subscriptionStream(id),
        expectedVersion: 'no_stream',
        events: [
          {
            type: 'SubscriptionCreated',
            data: { subscriptionId: id, url, filter, notifyOn, ...(description ? { description } : {}) },
            metadata: { correlationId: id },
          },
        ],
      });
      const { rows } = await client.query<SubscriptionRow>(
        `INSERT INTO subscriptions (id, url, description, filter, notify_on, secret, version) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
        [id, url, description ?? null, JSON.stringify(filter), notifyOn, this.box.seal(secret), appended.nextExpectedVersion],
      );
      return { row: rows[0]!, appended };
    });
    this.store.notifyCommitted([appended]);
    return { subscription: toSubscriptionView(row), secret };
  }

  async row(id: string, client: Pick<PoolClient, 'query'> = this.pool): Promise<SubscriptionRow> {
    if (!UUID.test(id)) throw new SubscriptionNotFoundError(id);
    const { rows } = await client.query<SubscriptionRow>(`SELECT * FROM subscriptions WHERE id = $1 AND status <> 'deleted'`, [id]);
    if (!rows[0]) throw new SubscriptionNotFoundError(id);
    return rows[0];
  }

  async get(id: string): Promise<SubscriptionView> {
    return toSubscriptionView(await this.row(id));
  }

  async list(limit: number, offset: number): Promise<{ items: SubscriptionView[]; total: number }> {
    const [{ rows }, count] = await Promise.all([
      this.pool.query<SubscriptionRow>(`SELECT * FROM subscriptions WHERE status <> 'deleted' ORDER BY created_at, id LIMIT $1 OFFSET $2`, [
        limit,
        offset,
      ]),
      this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM subscriptions WHERE status <> 'deleted'`),
    ]);
    return { items: rows.map((r) => toSubscriptionView(r)), total: count.rows[0]!.n };
  }

  async update(id: string, input: UpdateSubscriptionInput): Promise<SubscriptionView> {
    const changes: Record<string, unknown> = {};
    const sets: [string, unknown][] = [];
    if (input.url !== undefined) {
      const url = await vetWebhookUrl(input.url, this.options.policy);
      changes.url = url;
      sets.push(['url', url]);
    }
    if (input.description !== undefined) {
      const d = input.description?.trim() || null;
      changes.description = d;
      sets.push(['description', d]);
    }
    if (input.filter !== undefined) {
      const f = parseFilter(input.filter);
      changes.filter = f;
      sets.push(['filter', JSON.stringify(f)]);
    }
    if (input.notifyOn !== undefined) {
      const n = parseNotifyOn(input.notifyOn);
      changes.notifyOn = n;
      sets.push(['notify_on', n]);
    }
    if (input.enabled === false)
      throw new SubscriptionInvalidError(['enabled: only true is accepted (to stop deliveries, DELETE the subscription)']);
    return this.change(id, (row) => {
      const s = [...sets];
      const c = { ...changes };
      if (input.enabled === true && row.status === 'disabled') {
        c.enabled = true;
        s.push(['status', 'active'], ['disabled_reason', null], ['failing_since', null]);
      }
      if (Object.keys(c).length === 0) return null;
      return { event: { type: 'SubscriptionUpdated', data: { subscriptionId: id, changes: c } }, sets: s };
    }).then(toSubscriptionView);
  }

  async delete(id: string): Promise<void> {
    await this.change(id, () => ({
      event: { type: 'SubscriptionDeleted', data: { subscriptionId: id } },
      sets: [['status', 'deleted']],
    }));
    // Deliveries still owed to it are not made.
    await this.pool.query(
      `UPDATE deliveries SET status = 'failed', last_error = 'subscription deleted', updated_at = now() WHERE subscription_id = $1 AND status = 'pending'`,
      [id],
    );
  }

  /** A new secret; the old one keeps signing (beside it) for the overlap. */
  async rotateSecret(id: string): Promise<{ secret: string; previousSecretValidUntil: string }> {
    const secret = generateSecret();
    const until = new Date(Date.now() + this.options.secretOverlapHours * 3_600_000);
    await this.change(id, (row) => {
      if (row.status !== 'active') throw new SubscriptionDisabledError(id);
      return {
        event: { type: 'SubscriptionUpdated', data: { subscriptionId: id, changes: { secretRotated: true } } },
        sets: [
          ['previous_secret', row.secret],
          ['previous_secret_expires_at', until],
          ['secret', this.box.seal(secret)],
        ],
      };
    });
    return { secret, previousSecretValidUntil: until.toISOString() };
  }

  /**
   * Stores every secret as the box stores new ones: sealed with its first key, or in plain text when
   * it has none. Run after adding a key (first in the list) and before removing an old one. A row
   * changed meanwhile (a rotation) is taken again; secrets no key opens are counted, not changed.
   * `only` limits it to these subscriptions.
   */
  async resealSecrets(
    log: (line: string) => void = () => undefined,
    only?: readonly string[],
  ): Promise<{ resealed: number; current: number; unreadable: number }> {
    const tally = { resealed: 0, current: 0, unreadable: 0 };
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const { rows } = await this.pool.query<Pick<SubscriptionRow, 'id' | 'secret' | 'previous_secret'>>(
        `SELECT id, secret, previous_secret FROM subscriptions WHERE id > $1 AND ($2::uuid[] IS NULL OR id = ANY($2)) ORDER BY id LIMIT 500`,
        [after, only ?? null],
      );
      if (rows.length === 0) break;
      for (const r of rows) {
        after = r.id;
        if (this.isCurrent(r)) {
          tally.current++;
          continue;
        }
        // Locked and read again: a rotation meanwhile has written a secret of its own.
        const outcome = await inTransaction(this.pool, async (client) => {
          const locked = await client.query<Pick<SubscriptionRow, 'secret' | 'previous_secret'>>(
            `SELECT secret, previous_secret FROM subscriptions WHERE id = $1 FOR UPDATE`,
            [r.id],
          );
          const now = locked.rows[0];
          if (!now || this.isCurrent(now)) return 'current' as const;
          try {
            const secret = this.box.seal(this.box.open(now.secret));
            const previous = now.previous_secret === null ? null : this.box.seal(this.box.open(now.previous_secret));
            await client.query(`UPDATE subscriptions SET secret = $2, previous_secret = $3 WHERE id = $1`, [r.id, secret, previous]);
            return 'resealed' as const;
          } catch (err) {
            log(`subscription ${r.id}: ${err instanceof Error ? err.message : String(err)}`);
            return 'unreadable' as const;
          }
        });
        tally[outcome]++;
      }
    }
    return tally;
  }

  private isCurrent(r: Pick<SubscriptionRow, 'secret' | 'previous_secret'>): boolean {
    return this.box.isCurrent(r.secret) && (r.previous_secret === null || this.box.isCurrent(r.previous_secret));
  }

  /** How many subscriptions hold a secret that no configured key opens. */
  async unreadableSecrets(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM subscriptions
       WHERE status <> 'deleted'
         AND ((secret LIKE 'enc:%' AND split_part(secret, ':', 3) <> ALL($1::text[]))
           OR (previous_secret LIKE 'enc:%' AND split_part(previous_secret, ':', 3) <> ALL($1::text[])))`,
      [this.box.keyIds],
    );
    return rows[0]!.n;
  }

  /** Disables an active subscription (410 Gone, or failing for too long); false when it was not active. */
  async disable(id: string, reason: string): Promise<boolean> {
    try {
      const row = await this.change(id, (r) =>
        r.status === 'active'
          ? {
              event: { type: 'SubscriptionDisabled', data: { subscriptionId: id, reason } },
              sets: [
                ['status', 'disabled'],
                ['disabled_reason', reason],
              ],
            }
          : null,
      );
      return row.status === 'disabled' && row.disabled_reason === reason;
    } catch (err) {
      if (err instanceof SubscriptionNotFoundError) return false;
      throw err;
    }
  }

  private async change(
    id: string,
    plan: (row: SubscriptionRow) => { event: NewEvent; sets: [string, unknown][] } | null,
  ): Promise<SubscriptionRow> {
    let appended: AppendResult | null = null;
    const row = await inTransaction(this.pool, async (client) => {
      if (!UUID.test(id)) throw new SubscriptionNotFoundError(id);
      const { rows } = await client.query<SubscriptionRow>(`SELECT * FROM subscriptions WHERE id = $1 AND status <> 'deleted' FOR UPDATE`, [
        id,
      ]);
      const current = rows[0];
      if (!current) throw new SubscriptionNotFoundError(id);
      const p = plan(current);
      if (!p) return current;
      appended = await this.store.appendWith(client, {
        streamId: subscriptionStream(id),
        expectedVersion: Number(current.version),
        events: [{ ...p.event, metadata: { correlationId: id, ...p.event.metadata } }],
      });
      const values: unknown[] = [id, appended.nextExpectedVersion];
      const assignments = p.sets.map(([column, value]) => {
        values.push(value);
        return `${column} = $${values.length}`;
      });
      const updated = await client.query<SubscriptionRow>(
        `UPDATE subscriptions SET ${[...assignments, 'version = $2', 'updated_at = now()'].join(', ')} WHERE id = $1 RETURNING *`,
        values,
      );
      return updated.rows[0]!;
    });
    if (appended) this.store.notifyCommitted([appended]);
    return row;
  }
}
