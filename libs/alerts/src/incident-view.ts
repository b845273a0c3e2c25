import { INCIDENT_FAMILIES, IncidentFamily, independentSources } from '@app/domain';

/** The part of a stored event the fold needs (a StoredEvent fits). */
export interface IncidentEventLike {
  eventId: string;
  type: string;
  streamPosition: number;
  data: Record<string, unknown>;
  metadata: { reportId?: string; confidence?: number; [key: string]: unknown };
  recordedAt: Date | string;
}

export interface EvidenceLike {
  reportId?: string;
  sentence?: string;
}

/** An incident as it now stands: the family's data with the latest figures, status and sources. */
export interface IncidentView {
  incidentId: string;
  family: IncidentFamily;
  /** The family event's data (evidence left out) with later revisions applied. */
  fields: Record<string, unknown>;
  /** Report ids, in the order they first reported the incident. */
  sources: string[];
  /** The outlet of each report, in the order of `sources` (null when its event did not say). */
  outlets: (string | null)[];
  /** The highest extraction confidence among its reports, when known. */
  confidence: number | null;
  evidence: EvidenceLike[];
  reportedAt: string;
  updatedAt: string;
  version: number;
}

/** What an incident event changes, as a subscriber's `notifyOn` names it. */
export type IncidentChange = 'reported' | 'corroborated' | 'casualties' | 'status';

const FAMILIES = new Set<string>(INCIDENT_FAMILIES);
export const isIncidentFamily = (type: string): type is IncidentFamily => FAMILIES.has(type);

export const INCIDENT_STREAM_PREFIX = 'incident-';
export const incidentIdOfStream = (streamId: string): string | null =>
  streamId.startsWith(INCIDENT_STREAM_PREFIX) ? streamId.slice(INCIDENT_STREAM_PREFIX.length) : null;

/** The API resource that shows an incident of a family. */
export const RESOURCE_OF: Record<IncidentFamily, string> = {
  AttackReported: 'attacks',
  TalksHeld: 'talks',
  CeasefireProposed: 'ceasefires',
  ExchangeAgreed: 'exchanges',
};

export function changeOf(type: string): IncidentChange | null {
  if (isIncidentFamily(type)) return 'reported';
  switch (type) {
    case 'IncidentCorroborated':
      return 'corroborated';
    case 'CasualtiesRevised':
      return 'casualties';
    case 'CeasefireResponded':
    case 'ExchangeCompleted':
      return 'status';
    default:
      return null;
  }
}

const outletIn = (e: IncidentEventLike): string | null => (typeof e.metadata.outlet === 'string' ? e.metadata.outlet : null);

/** Independent sources of an incident: distinct outlets among its reports. */
export const independentSourcesOf = (view: Pick<IncidentView, 'sources' | 'outlets'>): number =>
  independentSources(view.sources.map((reportId, i) => ({ reportId, outlet: view.outlets[i] })));

const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());

function evidenceOf(data: Record<string, unknown>): EvidenceLike[] {
  return Array.isArray(data.evidence) ? (data.evidence as EvidenceLike[]) : [];
}

/** Applies one event of an incident stream; null state plus anything but a family event stays null. */
export function evolveIncident(state: IncidentView | null, incidentId: string, e: IncidentEventLike): IncidentView | null {
  const confidence = typeof e.metadata.confidence === 'number' ? e.metadata.confidence : null;
  const reportId = typeof e.data.reportId === 'string' ? e.data.reportId : e.metadata.reportId;
  if (isIncidentFamily(e.type)) {
    if (state) return state;
    const { evidence: _evidence, ...fields } = e.data;
    return {
      incidentId,
      family: e.type,
      fields,
      sources: reportId ? [reportId] : [],
      outlets: reportId ? [outletIn(e)] : [],
      confidence,
      evidence: evidenceOf(e.data),
      reportedAt: iso(e.recordedAt),
      updatedAt: iso(e.recordedAt),
      version: e.streamPosition,
    };
  }
  if (!state) return null;
  const next: IncidentView = {
    ...state,
    fields: { ...state.fields },
    ...(reportId && !state.sources.includes(reportId)
      ? { sources: [...state.sources, reportId], outlets: [...state.outlets, outletIn(e)] }
      : {}),
    confidence: confidence === null ? state.confidence : Math.max(confidence, state.confidence ?? 0),
    updatedAt: iso(e.recordedAt),
    version: e.streamPosition,
  };
  switch (e.type) {
    case 'IncidentCorroborated':
      next.evidence = [...state.evidence, ...evidenceOf(e.data)];
      break;
    case 'CasualtiesRevised':
      if (e.data.killed) next.fields.killed = e.data.killed;
      if (e.data.injured) next.fields.injured = e.data.injured;
      break;
    case 'CeasefireResponded':
      next.fields.response = e.data.response;
      break;
    case 'ExchangeCompleted':
      next.fields.status = 'completed';
      if (e.data.count) next.fields.count = e.data.count;
      break;
    default:
      return state;
  }
  return next;
}

/** Folds an incident stream (in stream order) into its current view. */
export function foldIncident(incidentId: string, events: IncidentEventLike[]): IncidentView | null {
  let state: IncidentView | null = null;
  for (const e of events) state = evolveIncident(state, incidentId, e);
  return state;
}
