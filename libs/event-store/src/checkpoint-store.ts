import { Pool, PoolClient, QueryResult } from 'pg';
import { Checkpoint, START } from './types';

type Queryable = Pick<PoolClient, 'query'>;

/** Consumers' positions in the log, in es_checkpoints. Save inside the consumer's own transaction. */
export class CheckpointStore {
  constructor(private readonly pool: Pool) {}

  async load(consumer: string, client: Queryable = this.pool): Promise<Checkpoint> {
    const { rows } = await client.query<{ transaction_id: string; global_position: number }>(
      'SELECT transaction_id::text AS transaction_id, global_position FROM es_checkpoints WHERE consumer = $1',
      [consumer],
    );
    return rows.length ? { transactionId: rows[0].transaction_id, globalPosition: rows[0].global_position } : { ...START };
  }

  async save(consumer: string, checkpoint: Checkpoint, client: Queryable = this.pool): Promise<void> {
    await client.query(
      `INSERT INTO es_checkpoints (consumer, transaction_id, global_position, updated_at) VALUES ($1, $2::xid8, $3, now())
       ON CONFLICT (consumer) DO UPDATE SET transaction_id = EXCLUDED.transaction_id,
         global_position = EXCLUDED.global_position, updated_at = now()`,
      [consumer, checkpoint.transactionId, checkpoint.globalPosition],
    );
  }

  /**
   * Moves a checkpoint only if it is still where this consumer left it; false means another
   * instance moved it (this one lost its lease and must stop).
   */
  async advance(consumer: string, expected: Checkpoint, next: Checkpoint, client: Queryable): Promise<boolean> {
    const res = await client.query({
      name: 'es-checkpoint-advance',
      text: `UPDATE es_checkpoints SET transaction_id = $4::xid8, global_position = $5, updated_at = now()
       WHERE consumer = $1 AND transaction_id = $2::xid8 AND global_position = $3`,
      values: [consumer, expected.transactionId, expected.globalPosition, next.transactionId, next.globalPosition],
    });
    if (res.rowCount === 1) return true;
    return this.insertFirst(consumer, expected, next, client);
  }

  /** A consumer at the start of the log may have no row yet: its first move inserts it, once. */
  private async insertFirst(consumer: string, expected: Checkpoint, next: Checkpoint, client: Queryable): Promise<boolean> {
    if (expected.transactionId !== '0' || expected.globalPosition !== 0) return false;
    const ins = await client.query(
      `INSERT INTO es_checkpoints (consumer, transaction_id, global_position) VALUES ($1, $2::xid8, $3)
       ON CONFLICT (consumer) DO NOTHING`,
      [consumer, next.transactionId, next.globalPosition],
    );
    return ins.rowCount === 1;
  }

  /**
   * Opens a transaction on `client` and moves the checkpoint in it, in one round trip; false means
   * another instance moved it (roll back and stand by). The row lock the move takes keeps any other
   * writer of this checkpoint waiting until the transaction ends.
   */
  async beginAdvance(consumer: string, expected: Checkpoint, next: Checkpoint, client: PoolClient): Promise<boolean> {
    const lit = (v: string) => client.escapeLiteral(v);
    const position = (n: number) => {
      if (!Number.isSafeInteger(n)) throw new TypeError(`checkpoint position ${n} is not an integer`);
      return String(n);
    };
    const results = (await client.query(
      `BEGIN; UPDATE es_checkpoints SET transaction_id = ${lit(next.transactionId)}::xid8, global_position = ${position(next.globalPosition)},
         updated_at = now()
       WHERE consumer = ${lit(consumer)} AND transaction_id = ${lit(expected.transactionId)}::xid8 AND global_position = ${position(expected.globalPosition)}`,
    )) as unknown as QueryResult[];
    if (results[1].rowCount === 1) return true;
    return this.insertFirst(consumer, expected, next, client);
  }

  async reset(consumer: string, client: Queryable = this.pool): Promise<void> {
    await client.query('DELETE FROM es_checkpoints WHERE consumer = $1', [consumer]);
  }

  async list(client: Queryable = this.pool): Promise<{ consumer: string; checkpoint: Checkpoint; updatedAt: Date }[]> {
    const { rows } = await client.query<{ consumer: string; transaction_id: string; global_position: number; updated_at: Date }>(
      'SELECT consumer, transaction_id::text AS transaction_id, global_position, updated_at FROM es_checkpoints ORDER BY consumer',
    );
    return rows.map((r) => ({
      consumer: r.consumer,
      checkpoint: { transactionId: r.transaction_id, globalPosition: r.global_position },
      updatedAt: r.updated_at,
    }));
  }
}
