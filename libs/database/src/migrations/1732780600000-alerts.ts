import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts. `subscriptions` is the registry (a read model of each `subscription-<id>` stream, kept in
 * the same transaction as the append) plus operational state: signing secrets and the failure
 * clock. `deliveries` is the outbox the notifier writes with its checkpoint; `delivery_attempts`
 * logs every request made for a delivery.
 */
export class Alerts1732780600000 implements MigrationInterface {
  name = 'Alerts1732780600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscriptions (
        id                           uuid PRIMARY KEY,
        url                          text NOT NULL,
        description                  text,
        filter                       jsonb NOT NULL,
        notify_on                    text[] NOT NULL,
        secret                       text NOT NULL,
        previous_secret              text,
        previous_secret_expires_at   timestamptz,
        status                       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
        disabled_reason              text,
        version                      bigint NOT NULL,
        failing_since                timestamptz,
        last_success_at              timestamptz,
        created_at                   timestamptz NOT NULL DEFAULT now(),
        updated_at                   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX subscriptions_listing ON subscriptions (created_at, id) WHERE status <> 'deleted'`);
    await q.query(`
      CREATE TABLE deliveries (
        id                 uuid PRIMARY KEY,
        seq                bigserial NOT NULL UNIQUE,
        subscription_id    uuid NOT NULL REFERENCES subscriptions (id),
        incident_id        text,
        kind               text NOT NULL CHECK (kind IN ('incident.reported', 'incident.updated', 'ping')),
        event_ids          uuid[] NOT NULL DEFAULT '{}',
        committed_at       timestamptz,
        status             text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        sealed             boolean NOT NULL DEFAULT false,
        attempts           integer NOT NULL DEFAULT 0,
        next_attempt_at    timestamptz NOT NULL DEFAULT now(),
        last_attempt_at    timestamptz,
        last_status_code   integer,
        last_error         text,
        delivered_at       timestamptz,
        created_at         timestamptz NOT NULL DEFAULT now(),
        updated_at         timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX deliveries_owed ON deliveries (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX deliveries_by_incident ON deliveries (subscription_id, incident_id, seq)`);
    await q.query(`CREATE INDEX deliveries_by_subscription ON deliveries (subscription_id, created_at)`);
    await q.query(`
      CREATE TABLE delivery_attempts (
        id                bigserial PRIMARY KEY,
        delivery_id       uuid NOT NULL REFERENCES deliveries (id),
        attempt           integer NOT NULL,
        started_at        timestamptz NOT NULL,
        outcome           text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        response_status   integer,
        latency_ms        integer NOT NULL,
        error             text,
        response_body     text
      )`);
    await q.query(`CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (delivery_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS delivery_attempts`);
    await q.query(`DROP TABLE IF EXISTS deliveries`);
    await q.query(`DROP TABLE IF EXISTS subscriptions`);
  }
}
