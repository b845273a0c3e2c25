import { EventData } from '@app/domain';
import { StoredEvent } from '@app/event-store';
import { Projection } from '../projection';
import { DocTable } from '../shared/doc-table';
import { incidentIdOf } from '../shared/incident';

export type ReportOutcome = 'pending' | 'extracted' | 'ignored';
export const REPORT_OUTCOMES: readonly ReportOutcome[] = ['pending', 'extracted', 'ignored'];

export interface ExtractedEventRef {
  eventId: string;
  type: string;
  incidentId: string | null;
  position: number;
}

export interface ReportRow {
  id: string;
  feedId: string | null;
  url: string | null;
  guid: string | null;
  title: string;
  publishedAt: string | null;
  receivedAt: string;
  outcome: ReportOutcome;
  ignored: string | null;
  extractorVersion: string | null;
  processedAt: string | null;
  incidentIds: string[];
  /** Events of the latest processing. */
  events: ExtractedEventRef[];
  /** Events written before their ReportProcessed (the same transaction), not yet sorted into `events`. */
  recent: ExtractedEventRef[];
  firstPosition: number;
}

const EXTRACTED = [
  'AttackReported',
  'TalksHeld',
  'CeasefireProposed',
  'ExchangeAgreed',
  'TalksScheduled',
  'DemandsIssued',
  'ProposalRejected',
  'IncidentCorroborated',
  'CasualtiesRevised',
  'CeasefireResponded',
  'ExchangeCompleted',
];

/** An ISO instant PostgreSQL can store (years 1 to 9999), or null. */
function safeIso(v: string | undefined): string | null {
  if (!v) return null;
  const t = Date.parse(v);
  if (Number.isNaN(t)) return null;
  const iso = new Date(t).toISOString();
  return /^\d{4}-/.test(iso) && !iso.startsWith('0000') ? iso : null;
}

export function evolveReport(row: ReportRow | null, e: StoredEvent, key: string): ReportRow | null {
  if (e.type === 'ReportReceived') {
    if (row) return row;
    const d = e.data as EventData<'ReportReceived'>;
    return {
      id: key,
      feedId: d.feedId ?? (typeof e.metadata.feedId === 'string' ? e.metadata.feedId : null),
      url: d.url ?? null,
      guid: d.guid ?? null,
      title: d.title,
      publishedAt: safeIso(d.publishedAt),
      receivedAt: e.recordedAt.toISOString(),
      outcome: 'pending',
      ignored: null,
      extractorVersion: null,
      processedAt: null,
      incidentIds: [],
      events: [],
      recent: [],
      firstPosition: e.globalPosition,
    };
  }
  if (!row) return null;
  if (e.type === 'ReportProcessed') {
    const d = e.data as EventData<'ReportProcessed'>;
    const wanted = new Set(d.eventIds);
    const known = [...row.recent, ...row.events].filter((x) => wanted.has(x.eventId));
    const events = [...new Map(known.map((x) => [x.eventId, x])).values()].sort((a, b) => a.position - b.position);
    return {
      ...row,
      outcome: d.ignored || d.eventIds.length === 0 ? 'ignored' : 'extracted',
      ignored: d.ignored ?? null,
      extractorVersion: d.extractorVersion,
      processedAt: e.recordedAt.toISOString(),
      incidentIds: d.incidentIds ?? [],
      events,
      recent: [],
    };
  }
  return { ...row, recent: [...row.recent, { eventId: e.eventId, type: e.type, incidentId: incidentIdOf(e), position: e.globalPosition }] };
}

export const reportsTable = new DocTable<ReportRow>('rm_reports', 'report_id', (r) => r.id, [
  { name: 'feed_id', type: 'text', value: (r) => r.feedId },
  { name: 'date_at', type: 'timestamptz', value: (r) => r.publishedAt ?? r.receivedAt },
  { name: 'outcome', type: 'text', value: (r) => r.outcome },
  { name: 'event_count', type: 'integer', value: (r) => r.events.length },
  { name: 'first_position', type: 'bigint', value: (r) => r.firstPosition },
]);

function keyOf(e: StoredEvent): string | null {
  if (e.type === 'ReportReceived' || e.type === 'ReportProcessed') return String((e.data as { reportId: string }).reportId);
  return typeof e.metadata.reportId === 'string' ? e.metadata.reportId : null;
}

/** What was ingested, from which feed, and what was taken from it. */
export const reportsProjection: Projection<ReportRow> = {
  name: 'reports',
  eventTypes: ['ReportReceived', 'ReportProcessed', ...EXTRACTED],
  tables: ['rm_reports'],
  keyOf,
  evolve: evolveReport,
  load: (client, keys) => reportsTable.load(client, keys),
  save: (client, changes) => reportsTable.save(client, changes),
};
