import { Pool, PoolClient, PoolConfig, types } from 'pg';

// bigint columns (positions, counts) come back as numbers: positions stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (v) => Number(v));

export function createPool(url: string, max = 10, applicationName = 'conflict-monitor', extra: PoolConfig = {}): Pool {
  const pool = new Pool({ connectionString: url, max, application_name: applicationName, ...extra });
  // An idle client that loses its connection must not crash the process.
  pool.on('error', () => undefined);
  // Nor may a checked-out client whose connection is cut (the query in flight fails instead).
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/** Runs fn in a transaction on one client; commits on success, rolls back on error. */
export async function inTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
