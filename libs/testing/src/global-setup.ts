import { randomBytes } from 'node:crypto';
import { createDatabase, withDatabase } from './test-database';

/**
 * Gives the run its own database (migrated) and Redis key prefix.
 * TEST_DATABASE_URL names the server and the base name (default: the local server, "conflict_monitor_test").
 */
export default async function globalSetup(): Promise<void> {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/conflict_monitor_test';
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const baseName = new URL(base).pathname.replace(/^\//, '') || 'conflict_monitor_test';
  const name = `${baseName}_${runId}`.slice(0, 63);
  const admin = withDatabase(base, 'postgres');
  await createDatabase(admin, name);
  process.env.DATABASE_URL = withDatabase(base, name);
  process.env.TEST_ADMIN_DATABASE_URL = admin;
  process.env.TEST_DATABASE_NAME = name;
  process.env.REDIS_PREFIX = `cmtest:${runId}`;
  process.env.REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // Outbound requests may reach loopback fixtures only: other private addresses stay refused.
  process.env.ALLOW_PRIVATE_NETWORK = '127.0.0.0/8,::1/128';
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  // Migrations are applied once for the run, before any worker starts.
  // Jest's global hooks run outside its module mapper, so this one import is by path.
  const { runMigrations } = await import('../../database/src/migrate');
  await runMigrations(process.env.DATABASE_URL, { log: () => undefined });
}
