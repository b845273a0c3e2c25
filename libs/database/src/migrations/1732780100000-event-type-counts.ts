import { MigrationInterface, QueryRunner } from 'typeorm';

/** The example read model: how many events of each type the log holds. */
export class EventTypeCounts1732780100000 implements MigrationInterface {
  name = 'EventTypeCounts1732780100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_event_type_counts (
        type             text PRIMARY KEY,
        count            bigint NOT NULL,
        last_position    bigint NOT NULL,
        last_recorded_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS rm_event_type_counts`);
  }
}
