import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The processor's lookup of incidents on record, written in the same transaction as the incident's
 * events: what a new report is matched against. Not a read model; the streams stay the truth.
 */
export class Incidents1732780300000 implements MigrationInterface {
  name = 'Incidents1732780300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incident_index (
        incident_id  uuid PRIMARY KEY,
        family       text NOT NULL,
        date         date NOT NULL,
        summary      jsonb NOT NULL,
        sources      text[] NOT NULL,
        version      bigint NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        updated_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX incident_index_family_date ON incident_index (family, date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS incident_index`);
  }
}
