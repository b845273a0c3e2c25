import { Client } from 'pg';
import { createDataSource } from './data-source';
import { MIGRATIONS } from './migrations';

/** Advisory lock key shared by every process that migrates ("cm:migrate"). */
const MIGRATION_LOCK = 7_231_004_112;

export interface MigrateOptions {
  log?: (line: string) => void;
}

/**
 * Applies pending migrations. Safe to run from several processes at once: they queue on an
 * advisory lock, and the later ones find nothing left to do.
 */
export async function runMigrations(url: string, opts: MigrateOptions = {}): Promise<string[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ds = createDataSource(url, 2);
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      for (const m of applied) log(`applied migration ${m.name}`);
      if (applied.length === 0) log('migrations: nothing to apply');
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/** Names of migrations the code knows but the database has not applied (empty when up to date). */
export async function pendingMigrations(query: (sql: string) => Promise<{ rows: { name: string }[] }>): Promise<string[]> {
  const known = MIGRATIONS.map((m) => new m().name as string);
  try {
    const { rows } = await query('SELECT name FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.name));
    return known.filter((n) => !applied.has(n));
  } catch {
    return known;
  }
}
