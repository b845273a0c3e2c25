import { Client } from 'pg';
import { createDatabase, dropDatabase, testDatabaseUrl, withDatabase } from '@app/testing';
import { MIGRATIONS } from './migrations';
import { pendingMigrations, runMigrations } from './migrate';

describe('runMigrations', () => {
  const base = testDatabaseUrl();
  const admin = withDatabase(base, 'postgres');
  const name = `${new URL(base).pathname.slice(1)}_mig`.slice(0, 63);
  const url = withDatabase(base, name);

  beforeAll(() => createDatabase(admin, name));
  afterAll(() => dropDatabase(admin, name));

  it('is safe from several processes at once: each migration applied exactly once', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => runMigrations(url, { log: () => undefined })));
    const applied = results.flat();
    expect(applied.sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string; n: string }>('SELECT name, count(*) AS n FROM schema_migrations GROUP BY name');
      expect(rows).toHaveLength(MIGRATIONS.length);
      expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
      expect(await pendingMigrations((sql) => c.query(sql))).toEqual([]);
    } finally {
      await c.end();
    }
    expect(await runMigrations(url, { log: () => undefined })).toEqual([]);
  });

  it('creates the database when it does not exist, then migrates it', async () => {
    const fresh = `${name}_new`.slice(0, 63);
    const freshUrl = withDatabase(base, fresh);
    await dropDatabase(admin, fresh);
    const lines: string[] = [];
    try {
      const applied = await Promise.all([1, 2].map(() => runMigrations(freshUrl, { log: (l) => lines.push(l) })));
      expect(applied.flat().sort()).toEqual(MIGRATIONS.map((m) => new m().name).sort());
      expect(lines).toContain(`created database ${fresh}`);
    } finally {
      await dropDatabase(admin, fresh);
    }
  });

  it('passes on a connection error other than a missing database as it is', async () => {
    const u = new URL(withDatabase(base, `${name}_nobody`.slice(0, 63)));
    u.username = 'cm_no_such_role';
    await expect(runMigrations(u.toString(), { log: () => undefined })).rejects.toThrow(/role|does not exist/);
  });
});
