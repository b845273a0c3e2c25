import { Client } from 'pg';
import { createDataSource } from './data-source';
import { MIGRATIONS } from './migrations';

/** Advisory lock key shared by every process that migrates ("cm:migrate"). */
const MIGRATION_LOCK = 7_231_004_112;

export interface MigrateOptions {
  log?: (line: string) => void;
}

/**
 * Connects to the database of a URL, creating it first when the server says it does not exist
 * (through the server's `postgres` database, with the same credentials). Several processes may do
 * this at once: whoever loses the race to create it just connects.
 */
export async function connectCreatingDatabase(url: string, log: (line: string) => void): Promise<Client> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    return client;
  } catch (err) {
    await client.end().catch(() => undefined);
    if ((err as { code?: string }).code !== '3D000') throw err;
  }
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const admin = new Client({ connectionString: maintenance.toString() });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
    log(`created database ${name}`);
  } catch (err) {
    // 42P04 or 23505: another process created it meanwhile.
    const code = (err as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') {
      const reason = err instanceof Error ? err.message : String(err);
      throw new Error(
        `database "${name}" does not exist and could not be created (${reason}); create it (createdb ${name}) or set DATABASE_URL to an existing database`,
      );
    }
  } finally {
    await admin.end().catch(() => undefined);
  }
  const created = new Client({ connectionString: url });
  await created.connect();
  return created;
}

/**
 * Applies pending migrations, creating the database first if it does not exist. Safe to run from
 * several processes at once: they queue on an advisory lock, and the later ones find nothing left
 * to do.
 */
export async function runMigrations(url: string, opts: MigrateOptions = {}): Promise<string[]> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const lock = await connectCreatingDatabase(url, log);
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
