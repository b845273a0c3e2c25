import { MigrationInterface, QueryRunner } from 'typeorm';

const TABLES = ['rm_attacks', 'rm_talks', 'rm_ceasefires', 'rm_exchanges'];

/**
 * Each incident row keeps its list item (the doc without its sources) as JSON text, computed by
 * PostgreSQL whenever the doc is written. A page of a list then reads stored text instead of
 * editing and printing fifty jsonb documents per request, which was most of the query's time.
 */
export class ReadModelListItems1732780710000 implements MigrationInterface {
  name = 'ReadModelListItems1732780710000';

  async up(q: QueryRunner): Promise<void> {
    for (const t of TABLES)
      await q.query(`ALTER TABLE ${t} ADD COLUMN list_item text GENERATED ALWAYS AS ((doc - 'sources')::text) STORED`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of TABLES) await q.query(`ALTER TABLE ${t} DROP COLUMN IF EXISTS list_item`);
  }
}
