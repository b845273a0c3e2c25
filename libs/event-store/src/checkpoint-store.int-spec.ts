import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { testPool } from '@app/testing';
import { CheckpointStore } from './checkpoint-store';
import { START } from './types';

describe('CheckpointStore', () => {
  let pool: Pool;
  let checkpoints: CheckpointStore;
  beforeAll(() => {
    pool = testPool(4);
    checkpoints = new CheckpointStore(pool);
  });
  afterAll(() => pool.end());

  const at = (transactionId: string, globalPosition: number) => ({ transactionId, globalPosition });
  /** A consumer name of this test alone, with a quote to show names are passed as data. */
  const consumer = () => `test:o'brien:${randomUUID()}`;

  it('beginAdvance opens a transaction and moves the checkpoint in it: kept on commit, undone on rollback', async () => {
    const name = consumer();
    const client = await pool.connect();
    try {
      expect(await checkpoints.beginAdvance(name, START, at('10', 3), client)).toBe(true);
      await client.query('ROLLBACK');
      expect(await checkpoints.load(name)).toEqual(START);
      expect(await checkpoints.beginAdvance(name, START, at('10', 3), client)).toBe(true);
      await client.query('COMMIT');
      expect(await checkpoints.load(name)).toEqual(at('10', 3));
      expect(await checkpoints.beginAdvance(name, at('10', 3), at('12', 9), client)).toBe(true);
      await client.query('COMMIT');
      expect(await checkpoints.load(name)).toEqual(at('12', 9));
    } finally {
      client.release();
    }
  });

  it('a move from where the checkpoint no longer is fails, with a transaction and without', async () => {
    const name = consumer();
    await checkpoints.save(name, at('20', 5));
    const client = await pool.connect();
    try {
      expect(await checkpoints.beginAdvance(name, at('19', 4), at('21', 6), client)).toBe(false);
      await client.query('ROLLBACK');
      expect(await checkpoints.beginAdvance(name, START, at('21', 6), client)).toBe(false);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
    expect(await checkpoints.advance(name, at('19', 4), at('21', 6), pool)).toBe(false);
    expect(await checkpoints.load(name)).toEqual(at('20', 5));
    expect(await checkpoints.advance(name, at('20', 5), at('21', 6), pool)).toBe(true);
    expect(await checkpoints.load(name)).toEqual(at('21', 6));
  });

  it('a second instance moving the same checkpoint waits for the first transaction, then finds it moved', async () => {
    const name = consumer();
    await checkpoints.save(name, at('30', 1));
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      expect(await checkpoints.beginAdvance(name, at('30', 1), at('31', 2), first)).toBe(true);
      let settled = false;
      const competing = checkpoints.beginAdvance(name, at('30', 1), at('32', 3), second).finally(() => (settled = true));
      // It waits on the row the first transaction moved.
      for (;;) {
        const { rows } = await pool.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [
          (second as unknown as { processID: number }).processID,
        ]);
        if (rows.length) break;
        expect(settled).toBe(false);
        await new Promise((r) => setTimeout(r, 10));
      }
      await first.query('COMMIT');
      expect(await competing).toBe(false);
      await second.query('ROLLBACK');
      expect(await checkpoints.load(name)).toEqual(at('31', 2));
    } finally {
      await first.query('ROLLBACK').catch(() => undefined);
      await second.query('ROLLBACK').catch(() => undefined);
      first.release();
      second.release();
    }
  });
});
