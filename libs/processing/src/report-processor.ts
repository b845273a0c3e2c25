import { Pool, PoolClient, QueryResult } from 'pg';
import {
  EventData,
  INCIDENT_FAMILIES,
  IncidentFamily,
  IncidentSummary,
  extractedEventId,
  findMatch,
  identityOf,
  outletOf,
  revisionsOf,
} from '@app/domain';
import {
  AlongsideStatement,
  AppendResult,
  NewEvent,
  PostgresEventStore,
  StoredEvent,
  StreamAppend,
  WrongExpectedVersionError,
} from '@app/event-store';

/** What the processor needs of an extractor (the extraction lib satisfies it). */
export interface ExtractorLike {
  version: string;
  extract(report: { id: string; title?: string; summary?: string; content?: string; publishedAt?: string; url?: string }): {
    events: { type: string; data: Record<string, unknown>; evidence: unknown[]; confidence: number }[];
  };
}

export type ProcessOutcome =
  | { status: 'processed'; eventIds: string[]; incidentIds: string[]; opened: number; corroborated: number }
  | { status: 'already_processed' }
  | { status: 'missing' };

export const reportStream = (reportId: string) => `report-${reportId}`;
export const incidentStream = (incidentId: string) => `incident-${incidentId}`;

const FAMILIES = new Set<string>(INCIDENT_FAMILIES);
const MAX_ATTEMPTS = 5;

interface IndexRow {
  incident_id: string;
  family: IncidentFamily;
  date: string;
  summary: Omit<IncidentSummary, 'incidentId' | 'sources' | 'version' | 'family' | 'date'>;
  sources: string[];
  version: number;
}

type CandidateData = { type: string; data: Record<string, unknown> };

/** The candidates that can fall in an incident: of an incident family, with a calendar date. */
function datedIncidentCandidates<C extends CandidateData>(candidates: C[]): { c: C; date: string }[] {
  return candidates
    .map((c) => ({ c, date: String(c.data.date ?? '') }))
    .filter(({ c, date }) => FAMILIES.has(c.type) && /^\d{4}-\d{2}-\d{2}$/.test(date));
}

/** An advisory lock a report's processing takes: shared ones only exclude exclusive ones on the same key. */
export interface IncidentLock {
  key: string;
  exclusive: boolean;
}

/**
 * The locks that make two candidates that could be one incident wait for each other, and nothing
 * else. Each key is taken on the candidate's day and the next, so that two candidates share a day
 * key exactly when their dates are at most a day apart, as `isSameIncident` asks.
 *
 * Attacks match on a settlement named by both (an exclusive lock per settlement), or when one of
 * them names only regions, on a region of both: a candidate naming only regions locks them
 * exclusively, one naming settlements locks their regions shared. So two strikes on different
 * towns of one oblast run at once, while a report of "the Sumy region" waits for both.
 * Ceasefires and exchanges match on the proposer and scope or the category; talks on the day alone.
 */
export function incidentLocks(candidates: CandidateData[]): IncidentLock[] {
  const locks = new Map<string, boolean>();
  const take = (key: string, exclusive: boolean) => locks.set(key, exclusive || (locks.get(key) ?? false));
  for (const { c, date } of datedIncidentCandidates(candidates)) {
    const id = identityOf({ type: c.type as IncidentFamily, data: c.data });
    const scopes: [string, boolean][] = [];
    if (id.family === 'AttackReported') {
      for (const place of id.places) scopes.push([`place:${place}`, true]);
      for (const region of id.regions) scopes.push([`region:${region}`, id.places.length === 0]);
      if (!scopes.length) scopes.push(['*', true]);
    } else if (id.family === 'CeasefireProposed' || id.family === 'ExchangeAgreed') scopes.push([`d:${id.discriminator ?? ''}`, true]);
    else scopes.push(['*', true]);
    for (const day of [date, shiftDay(date, 1)])
      for (const [scope, exclusive] of scopes) take(`incident:${c.type}:${day}:${scope}`, exclusive);
  }
  return [...locks].map(([key, exclusive]) => ({ key, exclusive })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const shiftDay = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * What a report writes to incidents, gathered per incident: one append per incident stream (the
 * events of every candidate that fell in it, in order, at the version read under the locks) and its
 * index row as it stands after them. Keeps each summary's version at the stream's version after the
 * events gathered, so a later candidate of the report that matches the incident sees them.
 */
class IncidentWrites {
  private readonly byIncident = new Map<string, { summary: IncidentSummary; append: StreamAppend }>();

  add(summary: IncidentSummary, expectedVersion: number | 'no_stream', events: NewEvent[]): void {
    const entry = this.byIncident.get(summary.incidentId);
    if (entry) entry.append.events.push(...events);
    else
      this.byIncident.set(summary.incidentId, {
        summary,
        append: { streamId: incidentStream(summary.incidentId), expectedVersion, events: [...events] },
      });
    summary.version += events.length;
  }

  appends(): StreamAppend[] {
    return [...this.byIncident.values()].map((e) => e.append);
  }

  /**
   * Inserts the index rows of the incidents the report opened and updates those of the incidents it
   * added to, as the statement alongside the appends: a stream that fails its expected version fails
   * the whole statement, index rows included.
   */
  indexUpsert(): AlongsideStatement {
    const rows = [...this.byIncident.values()].map((e) => e.summary);
    const parts = rows.map(({ incidentId, family, date, sources, version, ...summary }) => ({
      incidentId,
      family,
      date,
      sources,
      version,
      summary,
    }));
    return {
      sql: `INSERT INTO incident_index (incident_id, family, date, summary, sources, version)
            SELECT r.incident_id, r.family, r.date, r.summary, ARRAY(SELECT jsonb_array_elements_text(r.sources)), r.version
            FROM unnest($1::uuid[], $2::text[], $3::date[], $4::jsonb[], $5::jsonb[], $6::bigint[])
              AS r(incident_id, family, date, summary, sources, version)
            ON CONFLICT (incident_id) DO UPDATE
              SET summary = excluded.summary, sources = excluded.sources, version = excluded.version, updated_at = now()`,
      params: [
        parts.map((p) => p.incidentId),
        parts.map((p) => p.family),
        parts.map((p) => p.date),
        parts.map((p) => JSON.stringify(p.summary)),
        parts.map((p) => JSON.stringify(p.sources)),
        parts.map((p) => p.version),
      ],
    };
  }
}

/**
 * Turns a report into domain events and folds them into incidents. Everything a report yields is
 * written in one transaction with its `ReportProcessed`, with ids derived from (report id,
 * extractor version, index): a retry never duplicates. The transaction takes three round trips:
 * one opens it, takes the locks and reads the incidents; one statement appends to every incident
 * stream and the report stream and writes the incident index; then COMMIT. Concurrent processors
 * serialise on advisory locks per (family, day) and append with expected versions, so one
 * real-world event never becomes two incidents.
 */
export class ReportProcessor {
  constructor(
    private readonly pool: Pool,
    private readonly store: PostgresEventStore,
    private readonly extractor: ExtractorLike,
  ) {}

  async process(reportId: string): Promise<ProcessOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(reportId);
      } catch (err) {
        if (err instanceof WrongExpectedVersionError && attempt < MAX_ATTEMPTS) continue;
        throw err;
      }
    }
  }

  private async attempt(reportId: string): Promise<ProcessOutcome> {
    const stream = await this.store.readStream(reportStream(reportId));
    const received = stream.find((e) => e.type === 'ReportReceived');
    if (!received) return { status: 'missing' };
    const version = this.extractor.version;
    if (stream.some((e) => e.type === 'ReportProcessed' && e.data.extractorVersion === version)) return { status: 'already_processed' };

    const r = received.data as EventData<'ReportReceived'>;
    const extraction = this.extractor.extract({
      id: reportId,
      title: r.title,
      summary: r.summary,
      content: r.content,
      publishedAt: r.publishedAt ?? received.recordedAt.toISOString(),
      url: r.url,
    });
    const baseMeta = {
      reportId,
      feedId: r.feedId,
      extractorVersion: version,
      correlationId: (received.metadata.correlationId as string | undefined) ?? reportId,
      causationId: received.eventId,
      // Reports of one outlet are one independent source.
      outlet: outletOf({ url: r.url, feedId: r.feedId, reportId }),
    };

    const client = await this.pool.connect();
    try {
      // One round trip opens the transaction, takes the locks and reads what they guard.
      const { current, incidents } = await this.beginLocked(client, reportId, extraction.events);
      if (current !== stream.length) throw new WrongExpectedVersionError(reportStream(reportId), stream.length, current);
      const eventIds: string[] = [];
      const incidentIds = new Set<string>();
      const onReport: NewEvent[] = [];
      const writes = new IncidentWrites();
      let opened = 0;
      let corroborated = 0;

      for (const [index, candidate] of extraction.events.entries()) {
        const eventId = extractedEventId(reportId, version, index);
        const data = { ...candidate.data, evidence: candidate.evidence };
        const meta = { ...baseMeta, confidence: candidate.confidence };
        if (!FAMILIES.has(candidate.type)) {
          // Statements (talks scheduled, demands, rejections) are facts of the report itself.
          onReport.push({ eventId, type: candidate.type, data, metadata: meta });
          eventIds.push(eventId);
          continue;
        }
        const c = { type: candidate.type as IncidentFamily, data: candidate.data };
        const match = findMatch(c, incidents);
        if (!match) {
          const incidentId = extractedEventId(reportId, version, index, 'incident');
          const summary: IncidentSummary = { ...identityOf(c), incidentId, sources: [reportId], version: 0 };
          writes.add(summary, 'no_stream', [{ eventId, type: c.type, data, metadata: { ...meta, incidentId } }]);
          incidents.push(summary);
          eventIds.push(eventId);
          incidentIds.add(incidentId);
          opened++;
          continue;
        }
        const revisions = revisionsOf(c, match);
        const alreadySource = match.sources.includes(reportId);
        if (alreadySource && !revisions.casualties && !revisions.response && !revisions.completed) continue;
        const events: NewEvent[] = [];
        const incidentMeta = { ...meta, incidentId: match.incidentId };
        if (!alreadySource) {
          events.push({
            eventId,
            type: 'IncidentCorroborated',
            data: {
              incidentId: match.incidentId,
              reportId,
              eventId,
              family: c.type,
              evidence: candidate.evidence,
              ...(Object.keys(revisions).length ? { revised: { ...revisions } } : {}),
            },
            metadata: incidentMeta,
          });
        }
        if (revisions.casualties) {
          events.push({
            eventId: extractedEventId(reportId, version, index, 'casualties'),
            type: 'CasualtiesRevised',
            data: {
              incidentId: match.incidentId,
              reportId,
              ...revisions.casualties,
              previous: { ...(match.killed ? { killed: match.killed } : {}), ...(match.injured ? { injured: match.injured } : {}) },
            },
            metadata: incidentMeta,
          });
          if (revisions.casualties.killed) match.killed = revisions.casualties.killed;
          if (revisions.casualties.injured) match.injured = revisions.casualties.injured;
        }
        if (revisions.response) {
          events.push({
            eventId: extractedEventId(reportId, version, index, 'response'),
            type: 'CeasefireResponded',
            data: { incidentId: match.incidentId, reportId, response: revisions.response },
            metadata: incidentMeta,
          });
          match.response = revisions.response;
        }
        if (revisions.completed) {
          const count = (candidate.data as { count?: unknown }).count;
          events.push({
            eventId: extractedEventId(reportId, version, index, 'completed'),
            type: 'ExchangeCompleted',
            data: { incidentId: match.incidentId, reportId, ...(count ? { count } : {}) },
            metadata: incidentMeta,
          });
          match.status = 'completed';
        }
        writes.add(match, match.version, events);
        if (!alreadySource) match.sources.push(reportId);
        eventIds.push(...events.map((e) => e.eventId!));
        incidentIds.add(match.incidentId);
        corroborated++;
      }

      onReport.push({
        eventId: extractedEventId(reportId, version, -1, 'processed'),
        type: 'ReportProcessed',
        data: {
          reportId,
          extractorVersion: version,
          eventIds,
          incidentIds: [...incidentIds],
          ...(extraction.events.length === 0 ? { ignored: 'no event of the monitored conflict found' } : {}),
        },
        metadata: baseMeta,
      });
      // One statement writes every incident's events, their index rows and the report's events.
      const results = await this.store.appendManyAlongsideWith(
        client,
        [...writes.appends(), { streamId: reportStream(reportId), expectedVersion: stream.length, events: onReport }],
        writes.indexUpsert(),
      );
      await client.query('COMMIT');
      this.store.notifyCommitted(results.filter((r): r is AppendResult => r !== null));
      return { status: 'processed', eventIds, incidentIds: [...incidentIds], opened, corroborated };
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /**
   * Opens the transaction and, in one round trip: locks the report (one processing of a report at a
   * time; whoever waited finds the work done, or redoes it), takes the `incidentLocks` of the
   * candidates in a fixed order, then reads the report stream's version and the incidents within a
   * day of them; and has the transaction's prepared statements run on their generic
   * plans. Each statement of a simple query takes its own snapshot, so the reads see everything
   * committed before the locks were granted.
   */
  private async beginLocked(
    client: PoolClient,
    reportId: string,
    candidates: CandidateData[],
  ): Promise<{ current: number | null; incidents: IncidentSummary[] }> {
    const locks = incidentLocks(candidates);
    const wanted = datedIncidentCandidates(candidates).map(({ c, date }) => ({
      family: c.type,
      from: shiftDay(date, -1),
      to: shiftDay(date, 1),
    }));
    const lit = (v: string) => client.escapeLiteral(v);
    const array = (values: string[], type: string) => `ARRAY[${values.map(lit).join(', ')}]::${type}[]`;
    const statements = [
      'BEGIN',
      // The write statement's plan does not depend on the report (one row per stream, merged in
      // order). Left to itself the planner re-plans it for every report's array sizes, which costs
      // the server more than running it; the plan made once per connection is used instead.
      'SET LOCAL plan_cache_mode = force_generic_plan',
      `SELECT pg_advisory_xact_lock(hashtextextended(${lit(`report:${reportId}`)}, 0))`,
    ];
    if (locks.length) {
      // In key order, whatever the mode, so that two reports never wait for each other in a cycle.
      statements.push(
        `SELECT CASE WHEN x THEN pg_advisory_xact_lock(hashtextextended(k, 0)) ELSE pg_advisory_xact_lock_shared(hashtextextended(k, 0)) END
         FROM unnest(${array(
           locks.map((l) => l.key),
           'text',
         )}, ARRAY[${locks.map((l) => l.exclusive).join(', ')}]::boolean[]) AS u(k, x) ORDER BY k`,
      );
    }
    const versionAt = statements.push(`SELECT version FROM es_streams WHERE stream_id = ${lit(reportStream(reportId))}`) - 1;
    if (wanted.length) {
      statements.push(
        `SELECT i.incident_id, i.family, to_char(i.date, 'YYYY-MM-DD') AS date, i.summary, i.sources, i.version FROM incident_index i
         JOIN unnest(${array(
           wanted.map((w) => w.family),
           'text',
         )}, ${array(
           wanted.map((w) => w.from),
           'date',
         )}, ${array(
           wanted.map((w) => w.to),
           'date',
         )}) AS w(family, d_from, d_to) ON i.family = w.family AND i.date BETWEEN w.d_from AND w.d_to`,
      );
    }
    const results = (await client.query(statements.join(';\n'))) as unknown as QueryResult[];
    const versionRows = results[versionAt].rows as { version: number }[];
    const current = versionRows.length ? versionRows[0].version : null;
    if (!wanted.length) return { current, incidents: [] };
    const seen = new Set<string>();
    const rows = results[versionAt + 1].rows as IndexRow[];
    return {
      current,
      incidents: rows
        .filter((r) => !seen.has(r.incident_id) && seen.add(r.incident_id))
        .map((r) => ({ ...r.summary, incidentId: r.incident_id, family: r.family, date: r.date, sources: r.sources, version: r.version })),
    };
  }
}

/** Events of a report's processing, for showing a report with what was taken from it. */
export async function eventsByIds(
  pool: Pool,
  ids: string[],
): Promise<Pick<StoredEvent, 'eventId' | 'type' | 'streamId' | 'data' | 'metadata' | 'globalPosition'>[]> {
  if (ids.length === 0) return [];
  const { rows } = await pool.query(
    `SELECT event_id, type, stream_id, data, metadata, global_position FROM es_events WHERE event_id = ANY ($1::uuid[]) ORDER BY global_position`,
    [ids],
  );
  return rows.map((r) => ({
    eventId: r.event_id,
    type: r.type,
    streamId: r.stream_id,
    data: r.data,
    metadata: r.metadata,
    globalPosition: r.global_position,
  }));
}
