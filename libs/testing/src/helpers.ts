import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createPool, runMigrations } from '@app/database';
import { createDatabase, dropDatabase, withDatabase } from './test-database';

/** The run's database (made by the Jest global setup). */
export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url || !/test/i.test(new URL(url).pathname)) {
    throw new Error('DATABASE_URL is not a test database: run the tests through Jest (npm test)');
  }
  return url;
}

export function testPool(max = 10): Pool {
  return createPool(testDatabaseUrl(), max, 'conflict-monitor-test');
}

export function testRedisUrl(): string {
  return process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/** A Redis key prefix unique to this run and this test file. */
export function testRedisPrefix(label = 't'): string {
  return `${process.env.REDIS_PREFIX ?? 'cmtest:local'}:${label}:${randomUUID().slice(0, 8)}`;
}

export function uniqueId(prefix = 's'): string {
  return `${prefix}-${randomUUID()}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until check returns a truthy value or the time runs out. */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await sleep(everyMs);
  }
}

/** Runs fn again every 100 ms while it fails with an error `retryable` accepts, until the time runs out. */
export async function retryWhile<T>(fn: () => Promise<T>, retryable: (err: unknown) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (!retryable(err) || Date.now() > deadline) throw err;
      await sleep(100);
    }
  }
}

/**
 * A database of this test file's own, migrated, beside the run's shared one: for tests whose
 * workers must not meet other files' workers or incidents (each file's workers read the whole log
 * of the database they share). `drop` removes it.
 */
export async function ownTestDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_ADMIN_DATABASE_URL;
  const shared = process.env.TEST_DATABASE_NAME;
  if (!admin || !shared) throw new Error('run the tests through Jest (npm test): the global setup names the databases');
  const name = `${shared}_${label}_${randomUUID().slice(0, 8)}`;
  await createDatabase(admin, name);
  const url = withDatabase(testDatabaseUrl(), name);
  await runMigrations(url, { log: () => undefined });
  return { url, drop: () => dropDatabase(admin, name) };
}
