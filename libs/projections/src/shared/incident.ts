import { Evidence, independentSources } from '@app/domain';
import { StoredEvent } from '@app/event-store';

/** A report that told of an incident, with the sentences the figures were taken from. */
export interface SourceRef {
  reportId: string;
  eventId: string;
  /** The event that recorded it: the family event or an IncidentCorroborated. */
  type: string;
  feedId: string | null;
  /** The outlet (host of the report's URL, else its feed): reports of one outlet are one independent source. */
  outlet: string | null;
  confidence: number | null;
  extractorVersion: string | null;
  recordedAt: string;
  evidence: Evidence[];
}

/** Fields every incident read model shares. */
export interface IncidentHead {
  id: string;
  date: string;
  /** Independent sources: distinct outlets among the reports. */
  sourceCount: number;
  /** Reports that told of it (several may come from one outlet). */
  reportCount: number;
  sources: SourceRef[];
  firstPosition: number;
  updatedAt: string;
}

export const INCIDENT_STREAM_PREFIX = 'incident-';

/** The incident an event belongs to (from its stream), or null for events elsewhere. */
export function incidentIdOf(e: Pick<StoredEvent, 'streamId'>): string | null {
  return e.streamId.startsWith(INCIDENT_STREAM_PREFIX) ? e.streamId.slice(INCIDENT_STREAM_PREFIX.length) : null;
}

/** The key of an incident event for a projection of one family: the first event of that family, or a later one about it. */
export function familyKeyOf(family: string, e: StoredEvent, laterTypes: readonly string[]): string | null {
  const id = incidentIdOf(e);
  if (!id) return null;
  if (e.type === family) return id;
  if (e.type === 'IncidentCorroborated') return (e.data as { family?: string }).family === family ? id : null;
  return laterTypes.includes(e.type) ? id : null;
}

function sourceOf(e: StoredEvent, reportId: string): SourceRef {
  const m = e.metadata;
  const evidence = (e.data as { evidence?: Evidence[] }).evidence;
  return {
    reportId,
    eventId: e.eventId,
    type: e.type,
    feedId: typeof m.feedId === 'string' ? m.feedId : null,
    outlet: typeof m.outlet === 'string' ? m.outlet : null,
    confidence: typeof m.confidence === 'number' ? m.confidence : null,
    extractorVersion: typeof m.extractorVersion === 'string' ? m.extractorVersion : null,
    recordedAt: e.recordedAt.toISOString(),
    evidence: Array.isArray(evidence) ? evidence : [],
  };
}

/** The shared part of a new incident row, from its first event. */
export function openHead(e: StoredEvent, id: string, date: string): IncidentHead {
  const reportId = typeof e.metadata.reportId === 'string' ? e.metadata.reportId : '';
  return {
    id,
    date,
    sourceCount: reportId ? 1 : 0,
    reportCount: reportId ? 1 : 0,
    sources: reportId ? [sourceOf(e, reportId)] : [],
    firstPosition: e.globalPosition,
    updatedAt: e.recordedAt.toISOString(),
  };
}

/** Adds a corroborating report (once per report) and moves updatedAt. */
export function corroborate<H extends IncidentHead>(row: H, e: StoredEvent): H {
  const reportId = String((e.data as { reportId?: unknown }).reportId ?? e.metadata.reportId ?? '');
  const touched = { ...row, updatedAt: e.recordedAt.toISOString() };
  if (!reportId || row.sources.some((s) => s.reportId === reportId)) return touched;
  const sources = [...row.sources, sourceOf(e, reportId)];
  return { ...touched, sources, sourceCount: independentSources(sources), reportCount: sources.length };
}

export const touch = <H extends IncidentHead>(row: H, e: StoredEvent): H => ({ ...row, updatedAt: e.recordedAt.toISOString() });
