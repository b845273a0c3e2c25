import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The GIN indexes of the attack read model write each row straight into the index instead of
 * into a pending list. A pending list is only merged by vacuum or once it outgrows
 * gin_pending_list_limit (4 MB by default); until then every query using the index scans it
 * whole: with 100,000 rows a place or oblast filter spent about 9 ms there per query. A read
 * model is read far more often than written, and a rebuild creates these indexes after the rows
 * are in, so it never pays the slower inserts.
 */
export class ReadModelGinFastupdateOff1732780700000 implements MigrationInterface {
  name = 'ReadModelGinFastupdateOff1732780700000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of ['rm_attacks_oblasts', 'rm_attacks_places']) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      // Merge what is already pending (turning fastupdate off does not).
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const index of ['rm_attacks_oblasts', 'rm_attacks_places']) await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
  }
}
