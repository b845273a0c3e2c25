import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from '@app/event-store';
import { testPool } from '@app/testing';
import { ExtractorLike, ReportProcessor, incidentLocks, incidentStream, reportStream } from './report-processor';
import { unprocessedReports } from './owed-reports';

/**
 * A stand-in extractor that reads one fixed phrase shape, so these tests exercise the processor's
 * folding and idempotency whatever the real extractor's rules are.
 */
const extractor: ExtractorLike = {
  version: 'test-1',
  extract(report) {
    // The content repeats the title: only the content is read, one candidate per phrase.
    const text = report.content ?? report.title ?? '';
    return {
      // "strike on Town killed 3", "strike on Town in Region killed 3", "strike on Region region killed 3"
      events: [...text.matchAll(/strike on (\w+)(?: in (\w+))?( region)? killed (\d+)/g)].map((m) => ({
        type: 'AttackReported',
        data: {
          target: 'UA',
          perpetrator: 'RU',
          weapons: ['missile'],
          places: [
            m[3]
              ? { name: `${m[1]} Oblast`, country: 'UA', precision: 'region' }
              : { name: m[1], country: 'UA', precision: 'settlement', ...(m[2] ? { admin1: `${m[2]} Oblast` } : {}) },
          ],
          killed: { min: Number(m[4]), max: Number(m[4]), approx: false },
          date: report.publishedAt!.slice(0, 10),
        },
        evidence: [{ reportId: report.id, sentence: m[0], start: m.index!, end: m.index! + m[0].length }],
        confidence: 0.9,
      })),
    };
  },
};

describe('ReportProcessor', () => {
  let pool: Pool;
  let store: PostgresEventStore;
  let processor: ReportProcessor;

  beforeAll(() => {
    pool = testPool(10);
    store = new PostgresEventStore(pool);
    processor = new ReportProcessor(pool, store, extractor);
  });
  afterAll(() => pool.end());

  /** A unique town per test, so tests running at once never share an incident. */
  const town = () =>
    `Town${randomUUID()
      .slice(0, 8)
      .replace(/[^a-z]/g, 'x')}`;

  async function receive(title: string, publishedAt = '2025-06-02T10:00:00Z'): Promise<string> {
    const reportId = randomUUID();
    await store.append(
      reportStream(reportId),
      [
        {
          eventId: reportId,
          type: 'ReportReceived',
          data: { reportId, title, content: title, publishedAt, contentHash: 'h' },
          metadata: { correlationId: reportId },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    return reportId;
  }

  async function incidentOf(reportId: string): Promise<string[]> {
    const { rows } = await pool.query(`SELECT incident_id FROM incident_index WHERE $1 = ANY (sources)`, [reportId]);
    return rows.map((r) => r.incident_id);
  }

  it('the same report processed twice yields its events once', async () => {
    const id = await receive(`A strike on ${town()} killed 3 people`);
    const first = await processor.process(id);
    expect(first).toMatchObject({ status: 'processed', opened: 1 });
    expect(await processor.process(id)).toEqual({ status: 'already_processed' });
    const events = await store.readStream(reportStream(id));
    expect(events.map((e) => e.type)).toEqual(['ReportReceived', 'ReportProcessed']);
    const [incidentId] = await incidentOf(id);
    expect((await store.readStream(incidentStream(incidentId))).map((e) => e.type)).toEqual(['AttackReported']);
  });

  it('two reports of one strike processed concurrently: one incident, two sources, no duplicate event', async () => {
    const place = town();
    const a = await receive(`A strike on ${place} killed 3 people`, '2025-06-02T08:00:00Z');
    const b = await receive(`Officials say the strike on ${place} killed 5`, '2025-06-02T20:00:00Z');
    const outcomes = await Promise.all([processor.process(a), processor.process(b), processor.process(a), processor.process(b)]);
    expect(outcomes.filter((o) => o.status === 'processed')).toHaveLength(2);
    const [ia] = await incidentOf(a);
    const [ib] = await incidentOf(b);
    expect(ia).toBeDefined();
    expect(ia).toBe(ib);
    const { rows } = await pool.query(`SELECT sources, summary FROM incident_index WHERE incident_id = $1`, [ia]);
    expect(rows[0].sources.sort()).toEqual([a, b].sort());
    const stream = await store.readStream(incidentStream(ia));
    const types = stream.map((e) => e.type);
    expect(types.filter((t) => t === 'AttackReported')).toHaveLength(1);
    expect(types.filter((t) => t === 'IncidentCorroborated')).toHaveLength(1);
    expect(new Set(stream.map((e) => e.eventId)).size).toBe(stream.length);
    // Whichever came second, the incident ends at the higher figure.
    expect(rows[0].summary.killed).toEqual({ min: 5, max: 5, approx: false });
  });

  /**
   * Processes a report while another transaction holds the locks a report of `held` would take;
   * answers whether the processing waited for them (it was seen waiting on an advisory lock and
   * finished only once they were released) or went through while they were held.
   */
  async function processWhileHeld(held: string, title: string): Promise<'waited' | 'went through'> {
    const [candidate] = extractor.extract({ id: 'held', content: held, publishedAt: '2025-06-02T10:00:00Z' }).events;
    const holder = await pool.connect();
    let done = false;
    try {
      await holder.query('BEGIN');
      for (const { key, exclusive } of incidentLocks([candidate]))
        await holder.query(`SELECT ${exclusive ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared'}(hashtextextended($1, 0))`, [
          key,
        ]);
      const id = await receive(title);
      const processing = processor.process(id).then((o) => ((done = true), o));
      for (;;) {
        if (done) return 'went through';
        const { rows } = await pool.query(
          `SELECT 1 FROM pg_locks l JOIN pg_locks h ON h.locktype = 'advisory' AND h.granted AND h.pid = $1
             AND (h.classid, h.objid, h.objsubid, h.database) = (l.classid, l.objid, l.objsubid, l.database)
           WHERE l.locktype = 'advisory' AND NOT l.granted`,
          [(holder as unknown as { processID: number }).processID],
        );
        if (rows.length) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(done).toBe(false);
      await holder.query('COMMIT');
      await processing;
      return 'waited';
    } finally {
      await holder.query('ROLLBACK').catch(() => undefined);
      holder.release();
    }
  }

  it('strikes on two towns of one region are processed at once; a report naming only that region waits for them', async () => {
    const region = town();
    const [a, b] = [town(), town()];
    expect(await processWhileHeld(`strike on ${a} in ${region} killed 2`, `A strike on ${b} in ${region} killed 4`)).toBe('went through');
    expect(await processWhileHeld(`strike on ${a} in ${region} killed 2`, `A strike on ${region} region killed 4`)).toBe('waited');
    expect(await processWhileHeld(`strike on ${region} region killed 2`, `A strike on ${b} in ${region} killed 4`)).toBe('waited');
    expect(await processWhileHeld(`strike on ${a} in ${region} killed 2`, `A strike on ${a} killed 4`)).toBe('waited');
  });

  it('a report naming only a region corroborates the strike on a town of it', async () => {
    const region = town();
    const a = await receive(`A strike on ${town()} in ${region} killed 2`);
    await processor.process(a);
    const b = await receive(`A strike on ${region} region killed 2`);
    expect(await processor.process(b)).toMatchObject({ status: 'processed', corroborated: 1, opened: 0 });
    expect(await incidentOf(b)).toEqual(await incidentOf(a));
  });

  it('a later report with a higher toll revises the casualties', async () => {
    const place = town();
    const a = await receive(`A strike on ${place} killed 2 people`, '2025-07-01T08:00:00Z');
    await processor.process(a);
    const b = await receive(`The strike on ${place} killed 9, officials said`, '2025-07-02T08:00:00Z');
    await processor.process(b);
    const [incidentId] = await incidentOf(a);
    const types = (await store.readStream(incidentStream(incidentId))).map((e) => e.type);
    expect(types).toEqual(['AttackReported', 'IncidentCorroborated', 'CasualtiesRevised']);
  });

  async function indexRow(incidentId: string) {
    const { rows } = await pool.query(`SELECT sources, summary, version FROM incident_index WHERE incident_id = $1`, [incidentId]);
    return rows[0];
  }

  it('a second candidate of a report falls in the incident the first opened, and sees its figure', async () => {
    const place = town();
    const id = await receive(`A strike on ${place} killed 2 at dawn; by noon the strike on ${place} killed 7`);
    expect(await processor.process(id)).toMatchObject({ status: 'processed', opened: 1, corroborated: 1 });
    const [incidentId, ...others] = await incidentOf(id);
    expect(others).toEqual([]);
    const stream = await store.readStream(incidentStream(incidentId));
    expect(stream.map((e) => e.type)).toEqual(['AttackReported', 'CasualtiesRevised']);
    expect(stream[1].data).toMatchObject({ killed: { min: 7 }, previous: { killed: { min: 2 } } });
    const row = await indexRow(incidentId);
    expect(row).toMatchObject({ sources: [id], version: 2, summary: { killed: { min: 7, max: 7, approx: false } } });
    const [, processed] = await store.readStream(reportStream(id));
    expect(processed.data).toMatchObject({ incidentIds: [incidentId] });
    expect(processed.data.eventIds).toEqual([stream[0].eventId, stream[1].eventId]);
    expect(await processor.process(id)).toEqual({ status: 'already_processed' });
  });

  it('several candidates of a later report add to one incident on record, at its version', async () => {
    const place = town();
    const a = await receive(`A strike on ${place} killed 2 people`, '2025-08-01T08:00:00Z');
    await processor.process(a);
    const b = await receive(`The strike on ${place} killed 4, then the strike on ${place} killed 6`, '2025-08-01T18:00:00Z');
    expect(await processor.process(b)).toMatchObject({ status: 'processed', opened: 0, corroborated: 2 });
    const [incidentId] = await incidentOf(a);
    const stream = await store.readStream(incidentStream(incidentId));
    expect(stream.map((e) => e.type)).toEqual(['AttackReported', 'IncidentCorroborated', 'CasualtiesRevised', 'CasualtiesRevised']);
    expect(stream[3].data).toMatchObject({ killed: { min: 6 }, previous: { killed: { min: 4 } } });
    // The incident's events of one report are one transaction, one after the other in the log.
    expect(new Set(stream.slice(1).map((e) => e.transactionId)).size).toBe(1);
    const row = await indexRow(incidentId);
    expect(row.sources.sort()).toEqual([a, b].sort());
    expect(row).toMatchObject({ version: 4, summary: { killed: { min: 6, max: 6, approx: false } } });
  });

  it('an incident changed by another writer after the reads fails the expected version, and the report is redone', async () => {
    const place = town();
    const a = await receive(`A strike on ${place} killed 2 people`, '2025-09-01T08:00:00Z');
    await processor.process(a);
    const [incidentId] = await incidentOf(a);
    const b = await receive(`The strike on ${place} killed 3`, '2025-09-01T18:00:00Z');
    // Between the reads under the locks and the write, another writer adds to the incident (stream and index).
    let interfered = 0;
    const racing = {
      connect: async () => {
        const client = await pool.connect();
        if (interfered) return client;
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        (client as unknown as { query: unknown }).query = async (...args: unknown[]) => {
          const config = args[0] as { name?: string };
          if (!interfered && typeof config === 'object' && config.name?.startsWith('es_append_alongside_')) {
            // Once, in the first attempt: the client goes back to the pool unpatched.
            delete (client as unknown as { query?: unknown }).query;
            interfered++;
            const other = await pool.connect();
            try {
              await other.query('BEGIN');
              const res = await store.appendWith(other, {
                streamId: incidentStream(incidentId),
                expectedVersion: 1,
                events: [
                  {
                    type: 'CasualtiesRevised',
                    data: {
                      incidentId,
                      reportId: a,
                      killed: { min: 2, max: 2, approx: true },
                      previous: { killed: { min: 2, max: 2, approx: false } },
                    },
                  },
                ],
              });
              await other.query(`UPDATE incident_index SET version = $2 WHERE incident_id = $1`, [incidentId, res.nextExpectedVersion]);
              await other.query('COMMIT');
            } finally {
              other.release();
            }
          }
          return query(...args);
        };
        return client;
      },
    } as unknown as Pool;
    const outcome = await new ReportProcessor(racing, store, extractor).process(b);
    expect(interfered).toBe(1);
    expect(outcome).toMatchObject({ status: 'processed', opened: 0, corroborated: 1 });
    const stream = await store.readStream(incidentStream(incidentId));
    expect(stream.map((e) => e.type)).toEqual(['AttackReported', 'CasualtiesRevised', 'IncidentCorroborated', 'CasualtiesRevised']);
    expect((await indexRow(incidentId)).version).toBe(4);
    expect((await store.readStream(reportStream(b))).map((e) => e.type)).toEqual(['ReportReceived', 'ReportProcessed']);
  });

  it('a report with nothing of the conflict is processed with the reason, and a missing report is said so', async () => {
    const id = await receive('Weather: sunny spells across the region');
    expect(await processor.process(id)).toMatchObject({ status: 'processed', eventIds: [] });
    const [, processed] = await store.readStream(reportStream(id));
    expect(processed.data).toMatchObject({ ignored: expect.stringContaining('no event') });
    expect(await processor.process(randomUUID())).toEqual({ status: 'missing' });
  });

  it('a received report is owed until it is processed', async () => {
    const id = await receive(`A strike on ${town()} killed 1 person`);
    expect(await unprocessedReports(pool, 100_000, 0)).toContain(id);
    await processor.process(id);
    expect(await unprocessedReports(pool, 100_000, 0)).not.toContain(id);
  });
});
