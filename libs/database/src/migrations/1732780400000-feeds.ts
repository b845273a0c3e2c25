import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feeds: the registry (a read model of each `feed-<id>` stream, kept in the same transaction as
 * the append) and the operational polling state (validators, counters, backoff), which is not
 * event-sourced. `version` is the feed stream's version, the expected version of its next append.
 */
export class Feeds1732780400000 implements MigrationInterface {
  name = 'Feeds1732780400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE feeds (
        id                     uuid PRIMARY KEY,
        url                    text NOT NULL,
        title                  text,
        poll_interval_seconds  integer NOT NULL CHECK (poll_interval_seconds > 0),
        paused                 boolean NOT NULL DEFAULT false,
        paused_reason          text,
        removed_at             timestamptz,
        version                bigint NOT NULL,
        final_url              text,
        feed_title             text,
        etag                   text,
        last_modified          text,
        last_polled_at         timestamptz,
        last_success_at        timestamptz,
        next_poll_at           timestamptz,
        last_http_status       integer,
        last_error             text,
        consecutive_failures   integer NOT NULL DEFAULT 0,
        failing_since          timestamptz,
        reports_seen           bigint NOT NULL DEFAULT 0,
        poll_lease_until       timestamptz,
        created_at             timestamptz NOT NULL DEFAULT now(),
        updated_at             timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX feeds_url_active ON feeds (url) WHERE removed_at IS NULL`);
    await q.query(`CREATE INDEX feeds_listing ON feeds (created_at, id) WHERE removed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS feeds`);
  }
}
