import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feeds count their polls by outcome (for `GET /feeds/:id` and `/metrics`), and keep the time a
 * server asked them to wait until with `Retry-After`, which a scheduled poll never runs before.
 */
export class FeedPollOutcomes1732780720000 implements MigrationInterface {
  name = 'FeedPollOutcomes1732780720000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE feeds
        ADD COLUMN polls_fetched bigint NOT NULL DEFAULT 0,
        ADD COLUMN polls_not_modified bigint NOT NULL DEFAULT 0,
        ADD COLUMN polls_failed bigint NOT NULL DEFAULT 0,
        ADD COLUMN retry_not_before timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE feeds
        DROP COLUMN IF EXISTS polls_fetched,
        DROP COLUMN IF EXISTS polls_not_modified,
        DROP COLUMN IF EXISTS polls_failed,
        DROP COLUMN IF EXISTS retry_not_before`);
  }
}
