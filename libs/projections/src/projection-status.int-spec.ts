import { Client, Pool } from 'pg';
import { runMigrations } from '@app/database';
import { createDatabase, dropDatabase, testDatabaseUrl, uniqueId, withDatabase } from '@app/testing';
import { projectionStatuses } from './projection-status';

/** A database of its own, where no runner of any test file runs: every lock seen there is this test's. */
describe('projection status', () => {
  const admin = withDatabase(testDatabaseUrl(), 'postgres');
  const name = `${new URL(testDatabaseUrl()).pathname.slice(1)}_${uniqueId('st')}`.slice(0, 63);
  const url = withDatabase(testDatabaseUrl(), name);
  let pool: Pool;

  beforeAll(async () => {
    await createDatabase(admin, name);
    await runMigrations(url, { log: () => undefined });
    pool = new Pool({ connectionString: url, max: 2 });
  }, 60_000);
  afterAll(async () => {
    await pool?.end();
    await dropDatabase(admin, name);
  });

  const lockIn = async (database: string) => {
    const c = new Client({ connectionString: database });
    await c.connect();
    await c.query(
      `SELECT pg_advisory_lock(hashtextextended('projection-lock:talks', 0)), pg_advisory_lock(hashtextextended('projection-rebuild:talks', 0))`,
    );
    return c;
  };
  const talks = async () => (await projectionStatuses(pool)).find((p) => p.name === 'talks')!;

  it('counts only the locks held in its own database as a running runner or a rebuild', async () => {
    expect(await talks()).toMatchObject({ state: 'stopped', rebuilding: false });

    // The same lock keys held in another database of the server are another deployment's.
    const elsewhere = await lockIn(admin);
    try {
      expect(await talks()).toMatchObject({ state: 'stopped', rebuilding: false });
    } finally {
      await elsewhere.end();
    }

    const here = await lockIn(url);
    try {
      expect(await talks()).toMatchObject({ state: 'running', rebuilding: true });
    } finally {
      await here.end();
    }
  });
});
