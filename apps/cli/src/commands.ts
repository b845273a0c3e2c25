import { SecretBox, SubscriptionRegistry } from '@app/alerts';
import { AppConfig } from '@app/config';
import { createPool, runMigrations } from '@app/database';
import { createAddressPolicy } from '@app/ingestion';
import { PostgresEventStore } from '@app/event-store';
import { EXTRACTOR_VERSION, extract, runExtractCli } from '@app/extraction';
import { ReportProcessor, reportsReceivedSince } from '@app/processing';
import { resolve } from 'node:path';
import { runDemo } from './demo/demo';
import { PROJECTIONS, findProjection, rebuildProjection } from '@app/projections';

export interface Command {
  description: string;
  run(args: string[], config: () => AppConfig): Promise<number>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export const COMMANDS: Record<string, Command> = {
  demo: {
    description: 'a first run: API, worker, a local feed of demo reports and a receiver printing verified alerts (--exit-when-done)',
    run(args, config) {
      return runDemo(config(), {
        reportsFile: process.env.DEMO_REPORTS ?? resolve(process.cwd(), 'demo/reports.jsonl'),
        batch: Number(process.env.DEMO_BATCH ?? 3),
        everyMs: Number(process.env.DEMO_EVERY_MS ?? 4000),
        exitWhenDone: args.includes('--exit-when-done'),
      });
    },
  },
  extract: {
    description: 'read report JSON lines on stdin, write one line of extracted events per report on stdout',
    async run() {
      await runExtractCli(process.stdin, process.stdout);
      return 0;
    },
  },
  migrate: {
    description: 'apply pending database migrations (safe to run from several processes at once)',
    async run(_args, config) {
      await runMigrations(config().databaseUrl, { log });
      return 0;
    },
  },
  reprocess: {
    description: `run the current extractor (${EXTRACTOR_VERSION}) over stored reports: reprocess --since <date>`,
    async run(args, config) {
      const i = args.indexOf('--since');
      const since = i >= 0 ? new Date(args[i + 1] ?? '') : null;
      if (!since || Number.isNaN(since.getTime())) {
        log('Give the date to start from: reprocess --since 2025-06-01 (any ISO 8601 date or time)');
        return 64;
      }
      const pool = createPool(config().databaseUrl, 4, 'conflict-monitor-reprocess');
      try {
        const processor = new ReportProcessor(pool, new PostgresEventStore(pool), { version: EXTRACTOR_VERSION, extract });
        const tally: Record<string, number> = {};
        let after = 0;
        let seen = 0;
        for (;;) {
          const page = await reportsReceivedSince(pool, since, after);
          if (page.length === 0) break;
          for (const { reportId, position } of page) {
            const outcome = await processor.process(reportId);
            tally[outcome.status] = (tally[outcome.status] ?? 0) + 1;
            after = position;
            if (++seen % 500 === 0) log(`  ${seen} reports: ${JSON.stringify(tally)}`);
          }
        }
        log(
          `reprocessed ${seen} reports received since ${since.toISOString()} with extractor ${EXTRACTOR_VERSION}: ${JSON.stringify(tally)}`,
        );
      } finally {
        await pool.end();
      }
      return 0;
    },
  },
  'reseal-secrets': {
    description:
      'store every webhook signing secret sealed with the first key of WEBHOOK_SECRET_KEYS (in plain text when none is set): run after changing the keys',
    async run(_args, config) {
      const c = config();
      const pool = createPool(c.databaseUrl, 2, 'conflict-monitor-reseal');
      const secrets = new SecretBox(c.webhookSecretKeys);
      try {
        const registry = new SubscriptionRegistry(pool, new PostgresEventStore(pool), {
          policy: createAddressPolicy({ allowPrivate: false }),
          secretOverlapHours: c.webhookSecretOverlapHours,
          secrets,
        });
        const r = await registry.resealSecrets(log);
        const how = secrets.currentKeyId ? `sealed with key ${secrets.currentKeyId}` : 'in plain text';
        log(`subscriptions: ${r.resealed} resealed, ${r.current} already ${how}, ${r.unreadable} sealed with a key not configured`);
        return r.unreadable > 0 ? 1 : 0;
      } finally {
        await pool.end();
      }
    },
  },
  rebuild: {
    description: `rebuild a projection from the event log: rebuild <name>|--all (${PROJECTIONS.map((p) => p.name).join(', ')})`,
    async run(args, config) {
      const names = args.includes('--all') ? PROJECTIONS.map((p) => p.name) : args.filter((a) => !a.startsWith('-'));
      if (names.length === 0) {
        log(`Name a projection to rebuild (${PROJECTIONS.map((p) => p.name).join(', ')}) or pass --all`);
        return 64;
      }
      const unknown = names.filter((n) => !findProjection(n));
      if (unknown.length) {
        log(`Unknown projection: ${unknown.join(', ')}. Known: ${PROJECTIONS.map((p) => p.name).join(', ')}`);
        return 64;
      }
      const pool = createPool(config().databaseUrl, 4, 'conflict-monitor-rebuild');
      try {
        const store = new PostgresEventStore(pool);
        for (const name of names) {
          log(`rebuilding ${name} …`);
          const r = await rebuildProjection(pool, store, findProjection(name)!, {
            progress: (p) =>
              log(
                `  ${name}: ${p.eventsRead} events read, ${p.eventsApplied} applied, ${Math.round(p.eventsRead / Math.max(p.seconds, 0.001))} events/s`,
              ),
          });
          log(`rebuilt ${name}: ${r.eventsRead} events read, ${r.eventsApplied} applied in ${r.seconds.toFixed(1)} s`);
        }
      } finally {
        await pool.end();
      }
      return 0;
    },
  },
};
