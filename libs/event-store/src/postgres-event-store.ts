import { createHash, randomUUID } from 'node:crypto';
import { Pool, PoolClient } from 'pg';
import { validateEvent } from '@app/domain';
import { EventIdConflictError, InvalidAppendError, WrongExpectedVersionError } from './errors';
import { UpcasterRegistry } from './upcasters';
import { AppendResult, Checkpoint, EventMetadata, ExpectedVersion, NewEvent, START, StoredEvent } from './types';

/**
 * The oldest transaction still running that may yet commit events to this log: the snapshot's
 * oldest running transaction, leaving out those that backends connected to another database hold
 * (a transaction not found there, such as a prepared one, still counts), else the snapshot's xmax.
 */
export const LOG_HORIZON = `
  SELECT coalesce(
    (SELECT min(x) FROM pg_snapshot_xip(snap.s) AS x
      WHERE xid(x) NOT IN (SELECT a.backend_xid FROM pg_stat_get_activity(NULL) AS a
                            WHERE a.backend_xid IS NOT NULL AND a.datid IS NOT NULL
                              AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))),
    pg_snapshot_xmax(snap.s))
  FROM (SELECT pg_current_snapshot() AS s) AS snap`;

/** Told after every commit that appended events, so live readers wake at once. */
export interface AppendNotifier {
  notify(lastPosition: number): void;
}

export interface EventStoreOptions {
  upcasters?: UpcasterRegistry;
  /** Returns the problems with an event's data (empty when valid). Defaults to the domain catalogue. */
  validate?: (type: string, data: unknown) => string[];
  notifier?: AppendNotifier;
}

export interface StreamAppend {
  streamId: string;
  events: NewEvent[];
  expectedVersion?: ExpectedVersion;
}

const statementNames = new Map<string, string>();
/** A prepared statement's name derived from its text, worked out once per text. */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `es_append_alongside_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A statement run in the same statement as an append (see `appendManyAlongside`). */
export interface AlongsideStatement {
  /**
   * One data-modifying statement (UPDATE, INSERT or DELETE, without a WITH of its own), with
   * parameters $1…$n from `params`. It may read `appended (stream_id text, created boolean)`: one
   * row per stream appended to, `created` false for an append that was stored already. A fixed
   * text (only the parameters vary): the whole statement is prepared once per connection.
   */
  sql: string;
  params: unknown[];
}

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** Forward: first position to read (default 1). Backward: last position to read (default the end). */
  fromVersion?: number;
  maxCount?: number;
}

export interface ReadAllResult {
  events: StoredEvent[];
  /** Where the next read starts: the last event read, or `from` when nothing was read. */
  checkpoint: Checkpoint;
}

type Queryable = Pick<PoolClient, 'query'>;

const COLUMNS = `global_position, transaction_id::text AS tx_id, stream_id, stream_position, event_id,
  type, schema_version, data, metadata, recorded_at`;

interface EventRow {
  global_position: number;
  tx_id: string;
  stream_id: string;
  stream_position: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  recorded_at: Date;
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  message?: string;
}

const MAX_EVENTS_PER_APPEND = 10_000;

export class PostgresEventStore {
  private readonly upcasters: UpcasterRegistry;
  private readonly validate: (type: string, data: unknown) => string[];
  private readonly notifier?: AppendNotifier;

  constructor(
    readonly pool: Pool,
    options: EventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.validate = options.validate ?? validateEvent;
    this.notifier = options.notifier;
  }

  /**
   * Appends events to one stream atomically. With `expectedVersion` a number, `no_stream` or
   * `stream_exists` a mismatch throws WrongExpectedVersionError; `any` never conflicts.
   * Appending events whose ids are all stored already returns the original result and writes nothing.
   */
  async append(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion?: ExpectedVersion; client?: PoolClient } = {},
  ): Promise<AppendResult> {
    const request: StreamAppend = { streamId, events, expectedVersion: options.expectedVersion };
    if (options.client) return this.appendWith(options.client, request);
    const prepared = this.prepare(request);
    try {
      const result = await this.callAppend(this.pool, prepared);
      if (result.created) this.notifier?.notify(result.lastPosition);
      return result;
    } catch (err) {
      return this.recover([prepared], err).then((r) => r[0]);
    }
  }

  /** Appends to several streams at once: all of them are written, or none. One round trip. */
  async appendMany(appends: StreamAppend[]): Promise<AppendResult[]> {
    const prepared = appends.map((a) => this.prepare(a));
    let results: AppendResult[];
    try {
      results = await this.callAppendMany(this.pool, prepared);
    } catch (err) {
      return this.recover(prepared, err);
    }
    this.notifyCommitted(results);
    return results;
  }

  /** Several streams in one round trip, inside a transaction the caller owns. */
  async appendManyWith(client: Queryable, appends: StreamAppend[]): Promise<AppendResult[]> {
    return this.callAppendMany(
      client,
      appends.map((a) => this.prepare(a)),
    );
  }

  /**
   * Appends to several streams and runs `alongside` in one statement: one round trip, and atomic
   * without BEGIN/COMMIT (the events and the other statement's changes are written together, or
   * none). With `skipExistingStreams`, an append whose stream exists when the statement starts is
   * left out (its result is null) instead of failing `no_stream`; a stream created by another writer
   * meanwhile still fails it (WrongExpectedVersionError). Appends in the order given.
   */
  async appendManyAlongside(
    appends: StreamAppend[],
    alongside: AlongsideStatement,
    options: { skipExistingStreams?: boolean } = {},
  ): Promise<Array<AppendResult | null>> {
    const results = await this.appendManyAlongsideWith(this.pool, appends, alongside, options);
    this.notifyCommitted(results.filter((r): r is AppendResult => r !== null));
    return results;
  }

  /**
   * `appendManyAlongside` inside a transaction the caller owns: the same single statement (so one
   * round trip, and a conflict raises WrongExpectedVersionError), committed by the caller, who calls
   * `notifyCommitted` afterwards. A stream must appear once among `appends`.
   */
  async appendManyAlongsideWith(
    client: Queryable,
    appends: StreamAppend[],
    alongside: AlongsideStatement,
    options: { skipExistingStreams?: boolean } = {},
  ): Promise<Array<AppendResult | null>> {
    const prepared = appends.map((a) => this.prepare(a));
    const n = alongside.params.length;
    const $ = (i: number) => `$${n + i}`;
    const flat = flatten(prepared);
    let rows: Array<AppendRow & { idx: number }>;
    try {
      const text = `${multiAppendCtes($, $(10))}, alongside AS (
           ${alongside.sql}
         )
         SELECT idx, next_version, first_position, last_position, created FROM appended`;
      ({ rows } = await client.query<AppendRow & { idx: number }>({
        // Prepared once per connection: parsing and planning this statement costs more than running it.
        name: statementName(text),
        text,
        values: [...alongside.params, ...flat, options.skipExistingStreams ?? false],
      }));
    } catch (err) {
      throw this.translate(prepared, err);
    }
    const byIdx = new Map(rows.map((r) => [r.idx, r]));
    return prepared.map((p, i) => {
      const row = byIdx.get(i + 1);
      return row ? toAppendResult(p.streamId, row) : null;
    });
  }

  /**
   * Appends inside a transaction the caller owns (a projection, an outbox, a processor).
   * The caller commits; call `notifyCommitted` afterwards to wake live readers.
   */
  async appendWith(client: Queryable, request: StreamAppend): Promise<AppendResult> {
    return this.callAppend(client, this.prepare(request));
  }

  notifyCommitted(results: AppendResult[]): void {
    const last = Math.max(...results.filter((r) => r.created).map((r) => r.lastPosition));
    if (Number.isFinite(last)) this.notifier?.notify(last);
  }

  async streamVersion(streamId: string, client: Queryable = this.pool): Promise<number | null> {
    const { rows } = await client.query<{ version: number }>({
      name: 'es-stream-version',
      text: 'SELECT version FROM es_streams WHERE stream_id = $1',
      values: [streamId],
    });
    return rows.length ? rows[0].version : null;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}, client: Queryable = this.pool): Promise<StoredEvent[]> {
    const backward = options.direction === 'backward';
    const limit = Math.max(0, Math.min(options.maxCount ?? 10_000, 100_000));
    const from = options.fromVersion ?? (backward ? Number.MAX_SAFE_INTEGER : 1);
    const { rows } = await client.query<EventRow>({
      name: backward ? 'es-read-stream-backward' : 'es-read-stream',
      text: `SELECT ${COLUMNS} FROM es_events WHERE stream_id = $1 AND stream_position ${backward ? '<=' : '>='} $2
       ORDER BY stream_position ${backward ? 'DESC' : 'ASC'} LIMIT $3`,
      values: [streamId, from, limit],
    });
    return rows.map((r) => this.toEvent(r));
  }

  /**
   * Reads the log after `from`, in commit-consistent order. Only events of transactions older than
   * the oldest one still running are returned, so a later read never finds an event that sorts
   * before one already read. Transactions known to run in another database of the cluster cannot
   * write this log and do not hold the read back (one still open elsewhere would otherwise delay
   * every reader for as long as it lasts).
   */
  async readAll(from: Checkpoint = START, options: { batchSize?: number; types?: readonly string[] | null } = {}): Promise<ReadAllResult> {
    const batchSize = Math.max(1, Math.min(options.batchSize ?? 1000, 50_000));
    const types = options.types?.length ? options.types : null;
    const { rows } = await this.pool.query<EventRow>({
      name: types ? 'es-read-all-types' : 'es-read-all',
      text: `SELECT ${COLUMNS} FROM es_events
       WHERE (transaction_id, global_position) > ($1::xid8, $2::bigint)
         AND transaction_id < (${LOG_HORIZON})
         ${types ? 'AND type = ANY ($4::text[])' : ''}
       ORDER BY es_events.transaction_id, es_events.global_position
       LIMIT $3`,
      values: types ? [from.transactionId, from.globalPosition, batchSize, types] : [from.transactionId, from.globalPosition, batchSize],
    });
    if (rows.length === 0) return { events: [], checkpoint: from };
    const events = rows.map((r) => this.toEvent(r));
    const last = events[events.length - 1];
    return { events, checkpoint: { transactionId: last.transactionId, globalPosition: last.globalPosition } };
  }

  /** The newest position in the log and how many events it holds, for lag figures. */
  async head(): Promise<{ globalPosition: number; transactionId: string }> {
    const { rows } = await this.pool.query<{ global_position: number; transaction_id: string }>(
      `SELECT global_position, transaction_id::text AS transaction_id FROM es_events ORDER BY global_position DESC LIMIT 1`,
    );
    return rows.length ? { globalPosition: rows[0].global_position, transactionId: rows[0].transaction_id } : { ...START };
  }

  private prepare(request: StreamAppend): PreparedAppend {
    const { streamId, events } = request;
    if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > 200) {
      throw new InvalidAppendError('streamId must be a non-empty string of at most 200 characters');
    }
    if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError(`Stream ${streamId}: nothing to append`);
    if (events.length > MAX_EVENTS_PER_APPEND) {
      throw new InvalidAppendError(`Stream ${streamId}: at most ${MAX_EVENTS_PER_APPEND} events per append`);
    }
    const expected = request.expectedVersion ?? 'any';
    let mode: string;
    let expectedNumber: number | null = null;
    if (typeof expected === 'number') {
      if (!Number.isInteger(expected) || expected < 0) {
        throw new InvalidAppendError(`Stream ${streamId}: expectedVersion must be a whole number ≥ 0, no_stream, stream_exists or any`);
      }
      mode = 'exact';
      expectedNumber = expected;
    } else if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') {
      mode = expected;
    } else {
      throw new InvalidAppendError(`Stream ${streamId}: expectedVersion must be a whole number ≥ 0, no_stream, stream_exists or any`);
    }
    const ids: string[] = [];
    const types: string[] = [];
    const versions: number[] = [];
    const data: string[] = [];
    const metadata: string[] = [];
    const seen = new Set<string>();
    for (const e of events) {
      const problems = this.validate(e.type, e.data);
      if (problems.length) {
        throw new InvalidAppendError(`Stream ${streamId}: ${e.type} does not match the event catalogue: ${problems.join('; ')}`);
      }
      const id = e.eventId ?? randomUUID();
      if (seen.has(id)) throw new InvalidAppendError(`Stream ${streamId}: event id ${id} appears twice in one append`);
      seen.add(id);
      ids.push(id);
      types.push(e.type);
      versions.push(e.schemaVersion ?? 1);
      data.push(JSON.stringify(e.data));
      metadata.push(JSON.stringify(e.metadata ?? {}));
    }
    return { streamId, expected, mode, expectedNumber, ids, types, versions, data, metadata };
  }

  private async callAppend(client: Queryable, p: PreparedAppend): Promise<AppendResult> {
    const { rows } = await client.query<AppendRow>({
      name: 'es-append',
      text: 'SELECT next_version, first_position, last_position, created FROM es_append($1, $2, $3, $4::uuid[], $5::text[], $6::int[], $7::jsonb[], $8::jsonb[])',
      values: [p.streamId, p.mode, p.expectedNumber, p.ids, p.types, p.versions, p.data, p.metadata],
    });
    return toAppendResult(p.streamId, rows[0]);
  }

  private async callAppendMany(client: Queryable, prepared: PreparedAppend[]): Promise<AppendResult[]> {
    if (prepared.length === 0) return [];
    if (prepared.length === 1) return [await this.callAppend(client, prepared[0])];
    // One statement: every stream's append runs in it, in the order given, so they commit (or fail) together.
    const { rows } = await client.query<AppendRow & { idx: number }>(
      `${multiAppendCtes((i) => `$${i}`)}
       SELECT idx, next_version, first_position, last_position, created FROM appended`,
      flatten(prepared),
    );
    const byIdx = new Map(rows.map((r) => [r.idx, r]));
    return prepared.map((p, i) => toAppendResult(p.streamId, byIdx.get(i + 1)!));
  }

  /**
   * After a failed append: when every event of every stream is already stored (a retry racing its
   * original, or a retry after a lost acknowledgement), answer with the original result.
   */
  private async recover(prepared: PreparedAppend[], err: unknown): Promise<AppendResult[]> {
    const e = err as PgError;
    const retriable = e.code === 'CM001' || e.code === '23505';
    if (retriable) {
      const originals: AppendResult[] = [];
      for (const p of prepared) {
        const original = await this.findStored(p);
        if (!original) break;
        originals.push(original);
      }
      if (originals.length === prepared.length) return originals;
    }
    throw this.translate(prepared, err);
  }

  private async findStored(p: PreparedAppend): Promise<AppendResult | null> {
    const { rows } = await this.pool.query<{ n: number; v: number; first: number; last: number }>(
      `SELECT count(*)::int AS n, max(stream_position) AS v, min(global_position) AS first, max(global_position) AS last
       FROM es_events WHERE event_id = ANY ($1::uuid[]) AND stream_id = $2`,
      [p.ids, p.streamId],
    );
    const r = rows[0];
    if (r.n !== p.ids.length) return null;
    return { streamId: p.streamId, nextExpectedVersion: r.v, firstPosition: r.first, lastPosition: r.last, created: false };
  }

  private translate(prepared: PreparedAppend[], err: unknown): Error {
    const e = err as PgError;
    if (e.code === 'CM001' || (e.code === '23505' && e.constraint === 'es_events_stream_position_key')) {
      const p = prepared.find((x) => e.message?.includes(x.streamId)) ?? prepared[0];
      const actual = e.detail && e.detail !== 'none' && /^\d+$/.test(e.detail) ? Number(e.detail) : null;
      return new WrongExpectedVersionError(p.streamId, p.expected, actual);
    }
    if (e.code === 'CM002' || (e.code === '23505' && e.constraint === 'es_events_event_id_key')) {
      const p = prepared.find((x) => e.message?.includes(x.streamId)) ?? prepared[0];
      return new EventIdConflictError(p.streamId, e.message ?? 'event ids already stored');
    }
    return err instanceof Error ? err : new Error(String(err));
  }

  /**
   * SQL for the events of the stream `streamIdExpr` names, in order, as one JSON array (NULL when it
   * has none): for reading a stream in the same statement as other work. `eventsFromJson` decodes it.
   */
  static streamAsJson(streamIdExpr: string): string {
    return `(SELECT json_agg(json_build_object('p', global_position, 'x', transaction_id::text, 's', stream_id, 'v', stream_position,
       'id', event_id, 't', type, 'sv', schema_version, 'd', data, 'm', metadata, 'at', recorded_at) ORDER BY stream_position)
     FROM es_events WHERE stream_id = ${streamIdExpr})`;
  }

  /** The events of a `streamAsJson` column, as `readStream` returns them. */
  eventsFromJson(json: unknown): StoredEvent[] {
    if (!Array.isArray(json)) return [];
    return (json as Record<string, unknown>[]).map((o) =>
      this.toEvent({
        global_position: Number(o.p),
        tx_id: String(o.x),
        stream_id: String(o.s),
        stream_position: Number(o.v),
        event_id: String(o.id),
        type: String(o.t),
        schema_version: Number(o.sv),
        data: o.d as Record<string, unknown>,
        metadata: o.m as EventMetadata,
        recorded_at: new Date(String(o.at)),
      }),
    );
  }

  private toEvent(r: EventRow): StoredEvent {
    const up = this.upcasters.size
      ? this.upcasters.upcast(r.type, r.schema_version, r.data)
      : { schemaVersion: r.schema_version, data: r.data };
    return {
      globalPosition: r.global_position,
      transactionId: r.tx_id,
      streamId: r.stream_id,
      streamPosition: r.stream_position,
      eventId: r.event_id,
      type: r.type,
      schemaVersion: up.schemaVersion,
      data: up.data,
      metadata: r.metadata,
      recordedAt: r.recorded_at,
    };
  }
}

interface AppendRow {
  next_version: number;
  first_position: number;
  last_position: number;
  created: boolean;
}

const toAppendResult = (streamId: string, r: AppendRow): AppendResult => ({
  streamId,
  nextExpectedVersion: r.next_version,
  firstPosition: r.first_position,
  lastPosition: r.last_position,
  created: r.created,
});

interface PreparedAppend {
  streamId: string;
  expected: ExpectedVersion;
  mode: string;
  expectedNumber: number | null;
  ids: string[];
  types: string[];
  versions: number[];
  data: string[];
  metadata: string[];
}

/** The parameters of a multi-stream append: streams, modes, expected versions, then each event with its stream's index (from 1). */
function flatten(prepared: PreparedAppend[]): unknown[] {
  const sidx: number[] = [];
  const ids: string[] = [];
  const types: string[] = [];
  const versions: number[] = [];
  const data: string[] = [];
  const metadata: string[] = [];
  prepared.forEach((p, i) => {
    for (let k = 0; k < p.ids.length; k++) {
      sidx.push(i + 1);
      ids.push(p.ids[k]);
      types.push(p.types[k]);
      versions.push(p.versions[k]);
      data.push(p.data[k]);
      metadata.push(p.metadata[k]);
    }
  });
  return [
    prepared.map((p) => p.streamId),
    prepared.map((p) => p.mode),
    prepared.map((p) => p.expectedNumber),
    sidx,
    ids,
    types,
    versions,
    data,
    metadata,
  ];
}

/**
 * The CTEs of a multi-stream append, ending in `appended (idx, stream_id, next_version,
 * first_position, last_position, created)`: parameters 1–9 (through `$`) are `flatten`'s; with
 * `skipExisting` (a boolean parameter), a stream that exists when the statement starts is left out.
 */
function multiAppendCtes($: (i: number) => string, skipExisting?: string): string {
  return `WITH ev AS (
      SELECT * FROM unnest(${$(4)}::int[], ${$(5)}::uuid[], ${$(6)}::text[], ${$(7)}::int[], ${$(8)}::jsonb[], ${$(9)}::jsonb[])
        WITH ORDINALITY AS e(sidx, id, ty, ver, d, m, ord)
    ), grouped AS (
      SELECT sidx, array_agg(id ORDER BY ord) AS ids, array_agg(ty ORDER BY ord) AS tys, array_agg(ver ORDER BY ord) AS vers,
             array_agg(d ORDER BY ord) AS ds, array_agg(m ORDER BY ord) AS ms
      FROM ev GROUP BY sidx
    ), s AS (
      SELECT * FROM unnest(${$(1)}::text[], ${$(2)}::text[], ${$(3)}::bigint[]) WITH ORDINALITY AS u(stream_id, mode, expected, idx)
      ${skipExisting ? `WHERE NOT ${skipExisting}::boolean OR NOT EXISTS (SELECT 1 FROM es_streams x WHERE x.stream_id = u.stream_id)` : ''}
    ), appended AS (
      SELECT s.idx::int AS idx, s.stream_id, r.next_version, r.first_position, r.last_position, r.created
      FROM (SELECT * FROM s ORDER BY s.idx) s
      JOIN grouped g ON g.sidx = s.idx
      CROSS JOIN LATERAL es_append(s.stream_id, s.mode, s.expected, g.ids, g.tys, g.vers, g.ds, g.ms) r
    )`;
}
