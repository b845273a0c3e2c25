import { Queryable } from '../projection';

/** A sortable column: an SQL expression that is never null, and how its cursor value is checked and cast. */
export interface SortSpec {
  expr: string;
  kind: 'date' | 'number' | 'timestamp';
}

export interface PageRequest {
  /** A key of the resource's sorts, with a leading "-" for descending. */
  sort: string;
  limit: number;
  cursor?: string;
  /** Items as their JSON text, untouched (for answering in JSON without parsing and re-serialising). */
  raw?: boolean;
}

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A cursor that is not one this API gave out for this sort. */
export class InvalidCursorError extends Error {
  readonly code = 'QUERY.BAD_CURSOR';
  constructor(reason: string) {
    super(`cursor is not valid: ${reason}. Use the nextCursor of the previous page, with the same sort`);
  }
}

/** Collects filter conditions with numbered parameters. */
export class Where {
  readonly parts: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `sql`, with `$?` standing for the value's placeholder; skipped when the value is undefined. */
  add(sql: string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.parts.push(sql.replace(/\$\?/g, `$${this.params.length}`));
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

const CASTS: Record<SortSpec['kind'], string> = { date: 'date', number: 'float8', timestamp: 'timestamptz' };

function checkValue(kind: SortSpec['kind'], v: string): boolean {
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(v);
  if (kind === 'number') return v.length < 40 && Number.isFinite(Number(v));
  return v.length < 60 && /^\d{4}-\d{2}-\d{2}[ T][0-9:.+-]+$/.test(v);
}

export function encodeCursor(sort: string, value: string, id: string): string {
  return Buffer.from(JSON.stringify([sort, value, id])).toString('base64url');
}

export function decodeCursor(cursor: string, sort: string, spec: SortSpec): { value: string; id: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError('it does not decode');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((x) => typeof x === 'string'))
    throw new InvalidCursorError('it does not decode');
  const [s, value, id] = parsed as string[];
  if (s !== sort) throw new InvalidCursorError(`it was made for sort=${s.slice(0, 40)}`);
  if (!checkValue(spec.kind, value) || id.length > 300 || id.includes('\u0000')) throw new InvalidCursorError('it was altered');
  return { value, id };
}

/** What a list reads from a read-model table: its items, how they are keyed, filtered and ordered. */
export interface ListSource {
  table: string;
  idColumn: string;
  /** The item, as a jsonb expression over the table's columns. */
  select: string;
  /** A text column holding `select` as JSON text already, read instead of printing the jsonb per request. */
  selectText?: string;
  where: Where;
  sorts: Record<string, SortSpec>;
}

/**
 * One page of a read-model table by keyset: ordered by the sort expression then the id, so pages
 * neither skip nor repeat rows however deep they go. The items are computed for the page's rows
 * only, after the limit (not for every row a sort has to consider).
 */
export async function listPage<T>(db: Queryable, q: ListSource, page: PageRequest): Promise<Page<T>> {
  const desc = page.sort.startsWith('-');
  const key = desc ? page.sort.slice(1) : page.sort;
  const spec = q.sorts[key];
  if (!spec) throw new InvalidCursorError(`unknown sort ${key}`);
  const where = q.where;
  const parts = [...where.parts];
  const params = [...where.params];
  if (page.cursor) {
    const c = decodeCursor(page.cursor, page.sort, spec);
    params.push(c.value, c.id);
    parts.push(`(${spec.expr}, ${q.idColumn}) ${desc ? '<' : '>'} ($${params.length - 1}::${CASTS[spec.kind]}, $${params.length})`);
  }
  const dir = desc ? 'DESC' : 'ASC';
  params.push(page.limit + 1);
  const item = page.raw ? (q.selectText ?? `(${q.select})::text`) : q.select;
  // Rows as arrays: no object built per row (a page is read on every list request).
  const { rows } = await db.query<[T, string, string]>({
    text: `SELECT ${item} AS item, page_sort_value::text AS sv, ${q.idColumn} AS id FROM (
       SELECT *, ${spec.expr} AS page_sort_value FROM ${q.table}
       ${parts.length ? `WHERE ${parts.join(' AND ')}` : ''}
       ORDER BY ${spec.expr} ${dir}, ${q.idColumn} ${dir} LIMIT $${params.length}
     ) page ORDER BY page_sort_value ${dir}, ${q.idColumn} ${dir}`,
    values: params,
    rowMode: 'array',
  });
  const more = rows.length > page.limit;
  const shown = more ? rows.slice(0, page.limit) : rows;
  const last = shown[shown.length - 1];
  return { items: shown.map((r) => r[0]), nextCursor: more && last ? encodeCursor(page.sort, last[1], last[2]) : null };
}

/** The reports an incident's sources point at: title, link, feed and publication time. */
export async function sourceReports(
  db: Queryable,
  reportIds: string[],
): Promise<Map<string, { title: string; url: string | null; feedId: string | null; publishedAt: string | null }>> {
  if (!reportIds.length) return new Map();
  const { rows } = await db.query<{ id: string; title: string; url: string | null; feed_id: string | null; published_at: string | null }>(
    `SELECT report_id AS id, doc->>'title' AS title, doc->>'url' AS url, feed_id, doc->>'publishedAt' AS published_at
     FROM rm_reports WHERE report_id = ANY ($1)`,
    [reportIds],
  );
  return new Map(rows.map((r) => [r.id, { title: r.title, url: r.url, feedId: r.feed_id, publishedAt: r.published_at }]));
}
