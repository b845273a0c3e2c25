import { Queryable } from '../projection';

export interface Column<Row> {
  name: string;
  /** PostgreSQL type of the column, as jsonb_to_recordset reads it. */
  type: string;
  value: (row: Row) => unknown;
}

/**
 * A read-model table whose rows keep their whole view in a `doc` jsonb column, with other columns
 * derived from it for filters and sorting. Saves a batch in one statement per table.
 */
export class DocTable<Row> {
  constructor(
    readonly table: string,
    readonly keyColumn: string,
    private readonly keyOf: (row: Row) => string,
    private readonly columns: Column<Row>[],
  ) {}

  async load(client: Queryable, keys: string[]): Promise<Map<string, Row>> {
    const { rows } = await client.query<{ k: string; doc: Row }>(
      `SELECT ${this.keyColumn} AS k, doc FROM ${this.table} WHERE ${this.keyColumn} = ANY ($1)`,
      [keys],
    );
    return new Map(rows.map((r) => [r.k, r.doc]));
  }

  async save(client: Queryable, changes: Map<string, Row | null>): Promise<void> {
    const upserts: Record<string, unknown>[] = [];
    const deletes: string[] = [];
    for (const [key, row] of changes) {
      if (row === null) {
        deletes.push(key);
        continue;
      }
      const record: Record<string, unknown> = { [this.keyColumn]: this.keyOf(row), doc: row };
      for (const c of this.columns) record[c.name] = c.value(row) ?? null;
      upserts.push(record);
    }
    if (deletes.length) await client.query(`DELETE FROM ${this.table} WHERE ${this.keyColumn} = ANY ($1)`, [deletes]);
    if (!upserts.length) return;
    const names = [this.keyColumn, ...this.columns.map((c) => c.name), 'doc'];
    const types = ['text', ...this.columns.map((c) => c.type), 'jsonb'];
    await client.query(
      `INSERT INTO ${this.table} (${names.join(', ')})
       SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${names.map((n, i) => `${n} ${types[i]}`).join(', ')})
       ON CONFLICT (${this.keyColumn}) DO UPDATE SET ${names
         .slice(1)
         .map((n) => `${n} = EXCLUDED.${n}`)
         .join(', ')}`,
      [JSON.stringify(upserts)],
    );
  }
}
