import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the four incident families, the timeline, daily attack figures and ingested
 * reports. Each row keeps its full view in `doc`; the other columns exist to filter and sort.
 */
export class ReadModels1732780560000 implements MigrationInterface {
  name = 'ReadModels1732780560000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE rm_attacks (
        incident_id    text PRIMARY KEY,
        date           date NOT NULL,
        perpetrator    text,
        target         text,
        weapons        text[] NOT NULL,
        party_keys     text[] NOT NULL,
        place_keys     text[] NOT NULL,
        oblast_keys    text[] NOT NULL,
        killed         double precision,
        injured        double precision,
        source_count   integer NOT NULL,
        first_position bigint NOT NULL,
        doc            jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_attacks_by_date ON rm_attacks (date, incident_id)`);
    await q.query(`CREATE INDEX rm_attacks_by_killed ON rm_attacks ((coalesce(killed, -1)), incident_id)`);
    await q.query(`CREATE INDEX rm_attacks_oblasts ON rm_attacks USING gin (oblast_keys)`);
    await q.query(`CREATE INDEX rm_attacks_places ON rm_attacks USING gin (place_keys)`);

    await q.query(`
      CREATE TABLE rm_talks (
        incident_id    text PRIMARY KEY,
        date           date NOT NULL,
        place_key      text,
        party_keys     text[] NOT NULL,
        outcome        text,
        source_count   integer NOT NULL,
        first_position bigint NOT NULL,
        doc            jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_talks_by_date ON rm_talks (date, incident_id)`);

    await q.query(`
      CREATE TABLE rm_ceasefires (
        incident_id    text PRIMARY KEY,
        date           date NOT NULL,
        proposer_key   text NOT NULL,
        party_keys     text[] NOT NULL,
        scope          text,
        response       text NOT NULL,
        source_count   integer NOT NULL,
        first_position bigint NOT NULL,
        doc            jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_ceasefires_by_date ON rm_ceasefires (date, incident_id)`);

    await q.query(`
      CREATE TABLE rm_exchanges (
        incident_id    text PRIMARY KEY,
        date           date NOT NULL,
        category       text NOT NULL,
        status         text NOT NULL,
        party_keys     text[] NOT NULL,
        count          double precision,
        source_count   integer NOT NULL,
        first_position bigint NOT NULL,
        doc            jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_exchanges_by_date ON rm_exchanges (date, incident_id)`);

    await q.query(`
      CREATE TABLE rm_timeline (
        id             text PRIMARY KEY,
        family         text NOT NULL,
        date           date NOT NULL,
        party_keys     text[] NOT NULL,
        place_keys     text[] NOT NULL,
        oblast_keys    text[] NOT NULL,
        source_count   integer NOT NULL,
        first_position bigint NOT NULL,
        doc            jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_timeline_by_date ON rm_timeline (date, id)`);

    await q.query(`
      CREATE TABLE rm_attack_daily_stats (
        oblast    text NOT NULL,
        day       date NOT NULL,
        incidents integer NOT NULL,
        killed    double precision NOT NULL,
        injured   double precision NOT NULL,
        PRIMARY KEY (oblast, day)
      )`);
    await q.query(`CREATE INDEX rm_attack_daily_stats_by_day ON rm_attack_daily_stats (day, oblast)`);
    await q.query(`
      CREATE TABLE rm_attack_daily_stats_incidents (
        incident_id text PRIMARY KEY,
        doc         jsonb NOT NULL
      )`);

    await q.query(`
      CREATE TABLE rm_reports (
        report_id      text PRIMARY KEY,
        feed_id        text,
        date_at        timestamptz NOT NULL,
        outcome        text NOT NULL,
        event_count    integer NOT NULL,
        first_position bigint NOT NULL,
        doc            jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX rm_reports_by_date ON rm_reports (date_at, report_id)`);
    await q.query(`CREATE INDEX rm_reports_by_feed ON rm_reports (feed_id, date_at, report_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'rm_reports',
      'rm_attack_daily_stats_incidents',
      'rm_attack_daily_stats',
      'rm_timeline',
      'rm_exchanges',
      'rm_ceasefires',
      'rm_talks',
      'rm_attacks',
    ])
      await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
