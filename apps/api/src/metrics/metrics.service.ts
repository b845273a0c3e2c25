import { Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Pool } from 'pg';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { PG_POOL } from '@app/common';
import { APP_CONFIG, AppConfig } from '@app/config';
import { projectionStatuses } from '@app/projections';
import { JOB_DURATIONS_KEPT, QUEUE_NAMES, QueueName, createQueue, jobDurationsKey } from '@app/queues';

/** Successful attempts the delivery latency quantiles are computed over (the most recent ones). */
export const LATENCY_SAMPLE = 1000;

/**
 * Commit-to-receipt latency of the most recent successful incident deliveries: the attempt's start
 * plus its HTTP latency, less the commit time of the event that triggered the delivery. Nearest-rank
 * quantiles (percentile_disc); no rows when nothing was delivered yet.
 */
const DELIVERY_LATENCY_SQL = `
  SELECT q.q::text, percentile_disc(q.q) WITHIN GROUP (ORDER BY r.seconds)
  FROM (SELECT extract(epoch FROM a.started_at - d.committed_at) + a.latency_ms / 1000.0 AS seconds
        FROM (SELECT delivery_id, started_at, latency_ms FROM delivery_attempts WHERE outcome = 'succeeded'
              ORDER BY id DESC LIMIT ${LATENCY_SAMPLE}) a
        JOIN deliveries d ON d.id = a.delivery_id
        WHERE d.committed_at IS NOT NULL) r
  CROSS JOIN unnest(ARRAY[0.5, 0.95, 0.99]) AS q(q)
  GROUP BY q.q`;

const JOB_STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized'] as const;

/**
 * Prometheus metrics read at scrape time from PostgreSQL and Redis, so one API instance reports
 * the whole system however many worker processes there are.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  readonly registry = new Registry();
  private readonly queues: Queue[];
  /** Extra gauges other features register: a name, help, labels and a SQL query returning (labels…, value). */
  private readonly sqlGauges: { gauge: Gauge<string>; sql: string; labels: string[] }[] = [];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'cm_api_' });
    this.queues = Object.values(QUEUE_NAMES).map((name) => createQueue(name, config));
    const queues = this.queues;

    new Gauge({
      name: 'cm_queue_jobs',
      help: 'Jobs in each queue by state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (q) => {
            const counts = await withTimeout(q.getJobCounts(...JOB_STATES), 1000).catch(() => null);
            if (counts) for (const s of JOB_STATES) this.set({ queue: q.name, state: s }, counts[s] ?? 0);
          }),
        );
      },
    });

    const settings = config;
    new Gauge({
      name: 'cm_job_duration_seconds',
      help: `Processing time of the most recent finished jobs (up to ${JOB_DURATIONS_KEPT} per queue), by quantile`,
      labelNames: ['queue', 'quantile'],
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (q) => {
            const client = await q.getBackend().client;
            const kept: string[] = await withTimeout(client.lrange(jobDurationsKey(settings, q.name as QueueName), 0, -1), 1000).catch(
              () => [],
            );
            const d = kept
              .map((ms) => Number(ms) / 1000)
              .filter((x) => Number.isFinite(x))
              .sort((a, b) => a - b);
            if (!d.length) return;
            for (const [label, p] of [
              ['0.5', 0.5],
              ['0.95', 0.95],
              ['1', 1],
            ] as const) {
              this.set({ queue: q.name, quantile: label }, d[Math.min(d.length - 1, Math.ceil(p * d.length) - 1)]);
            }
          }),
        );
      },
    });

    new Gauge({
      name: 'cm_projection_lag_events',
      help: 'Events in the log after each projection’s checkpoint',
      labelNames: ['projection'],
      registers: [this.registry],
      collect: async function (this: Gauge<string>) {
        this.reset();
        for (const p of await projectionStatuses(pool).catch(() => [])) this.set({ projection: p.name }, p.lag);
      },
    });

    new Gauge({
      name: 'cm_projection_running',
      help: '1 when a worker holds the projection, 0 when none runs it',
      labelNames: ['projection'],
      registers: [this.registry],
      collect: async function (this: Gauge<string>) {
        this.reset();
        for (const p of await projectionStatuses(pool).catch(() => [])) this.set({ projection: p.name }, p.state === 'running' ? 1 : 0);
      },
    });

    this.addSqlGauge(
      'cm_event_log_head_position',
      'Global position of the newest event in the log',
      [],
      `SELECT coalesce(max(global_position), 0) FROM es_events`,
    );
    this.addSqlGauge(
      'cm_events_total',
      'Events in the log by type (from the event-type-counts projection)',
      ['type'],
      `SELECT type, count FROM rm_event_type_counts`,
    );
    this.addSqlGauge('cm_reports_received_total', 'Reports recorded', [], `SELECT count(*) FROM es_events WHERE type = 'ReportReceived'`);
    this.addSqlGauge(
      'cm_reports_processed_total',
      'Report processings recorded',
      [],
      `SELECT count(*) FROM es_events WHERE type = 'ReportProcessed'`,
    );
    this.addSqlGauge(
      'cm_reports_owed',
      'Reports received and not yet processed',
      [],
      `SELECT count(*) FROM es_streams WHERE stream_id LIKE 'report-%' AND version = 1`,
    );
    this.addSqlGauge(
      'cm_feed_polls_total',
      'Feed polls by outcome: fetched (HTTP 200), not_modified (304) or failed; removed feeds included',
      ['outcome'],
      `SELECT o.outcome, coalesce(sum(CASE o.outcome WHEN 'fetched' THEN f.polls_fetched WHEN 'not_modified' THEN f.polls_not_modified
                                                     ELSE f.polls_failed END), 0)
       FROM unnest(ARRAY['fetched', 'not_modified', 'failed']) AS o(outcome) LEFT JOIN feeds f ON true GROUP BY o.outcome`,
    );
    this.addSqlGauge(
      'cm_feeds',
      'Registered feeds by state: pending (not polled yet), ok, failing or paused',
      ['state'],
      `SELECT s.state, count(f.id) FROM unnest(ARRAY['pending', 'ok', 'failing', 'paused']) AS s(state)
       LEFT JOIN feeds f ON f.removed_at IS NULL AND s.state = CASE WHEN f.paused THEN 'paused' WHEN f.last_polled_at IS NULL THEN 'pending'
                                                                   WHEN f.consecutive_failures > 0 THEN 'failing' ELSE 'ok' END
       GROUP BY s.state`,
    );
    this.addSqlGauge(
      'cm_incidents',
      'Incidents on record by family',
      ['family'],
      `SELECT family, count(*) FROM incident_index GROUP BY family`,
    );
    // Webhook deliveries, from the outbox and its attempt log (the deliverer may run in any process).
    this.addSqlGauge(
      'cm_deliveries',
      'Webhook deliveries by status: delivered, pending (owed, including retries scheduled) or failed (given up)',
      ['status'],
      `SELECT s.status, count(d.id) FROM unnest(ARRAY['delivered', 'pending', 'failed']) AS s(status)
       LEFT JOIN deliveries d ON d.status = s.status GROUP BY s.status`,
    );
    this.addSqlGauge(
      'cm_deliveries_overdue_seconds',
      'How long the oldest owed delivery has been due (0 when none is)',
      [],
      `SELECT coalesce(extract(epoch FROM now() - min(next_attempt_at)), 0) FROM deliveries
       WHERE status = 'pending' AND next_attempt_at <= now()`,
    );
    this.addSqlGauge(
      'cm_delivery_latency_seconds',
      `Incident alerts: time from the event's commit to the receiver's answer, over the last ${LATENCY_SAMPLE} successful attempts, by quantile`,
      ['quantile'],
      DELIVERY_LATENCY_SQL,
    );
  }

  /** Registers a gauge read by one SQL query; the query returns the label values, then the value. A missing table reads as no series. */
  addSqlGauge(name: string, help: string, labels: string[], sql: string): void {
    const pool = this.pool;
    const gauge = new Gauge({
      name,
      help,
      labelNames: labels,
      registers: [this.registry],
      async collect() {
        this.reset();
        const res = await pool.query({ text: sql, rowMode: 'array' }).catch(() => null);
        for (const row of res?.rows ?? []) {
          const values = row as unknown[];
          const l = Object.fromEntries(labels.map((k, i) => [k, String(values[i])]));
          this.set(l, Number(values[labels.length]));
        }
      },
    });
    this.sqlGauges.push({ gauge, sql, labels });
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref())]);
}
