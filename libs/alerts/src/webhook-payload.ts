import { IncidentEventLike, IncidentView, RESOURCE_OF, independentSourcesOf } from './incident-view';

export interface TriggerEvent extends IncidentEventLike {
  globalPosition: number;
}

export interface IncidentPayloadInput {
  deliveryId: string;
  subscriptionId: string;
  kind: 'incident.reported' | 'incident.updated';
  view: IncidentView;
  /** The events that caused this delivery, oldest first. */
  triggers: TriggerEvent[];
  publicUrl: string;
}

export const incidentLink = (publicUrl: string, view: Pick<IncidentView, 'family' | 'incidentId'>): string =>
  `${publicUrl.replace(/\/+$/, '')}/${RESOURCE_OF[view.family]}/${view.incidentId}`;

function eventOf(e: TriggerEvent) {
  return {
    eventId: e.eventId,
    type: e.type,
    globalPosition: e.globalPosition,
    recordedAt: typeof e.recordedAt === 'string' ? e.recordedAt : e.recordedAt.toISOString(),
    reportId: (e.data.reportId as string | undefined) ?? e.metadata.reportId ?? null,
    confidence: typeof e.metadata.confidence === 'number' ? e.metadata.confidence : null,
    data: e.data,
  };
}

/**
 * The body of an incident alert: the incident as it now stands (its family's fields flattened),
 * the triggering event (and, for a grouped update, every event in the group), its sources with
 * the sentences they said it in, and a link to the API resource.
 */
export function incidentPayload(input: IncidentPayloadInput): Record<string, unknown> {
  const { view } = input;
  const link = incidentLink(input.publicUrl, view);
  const events = input.triggers.map(eventOf);
  const sources = view.sources.map((reportId, i) => ({
    reportId,
    outlet: view.outlets[i] ?? null,
    evidence: view.evidence.filter((e) => e.reportId === reportId).map((e) => e.sentence ?? ''),
  }));
  return {
    type: input.kind,
    deliveryId: input.deliveryId,
    subscriptionId: input.subscriptionId,
    incident: {
      incidentId: view.incidentId,
      family: view.family,
      ...view.fields,
      sourceCount: independentSourcesOf(view),
      reportCount: view.sources.length,
      confidence: view.confidence,
      reportedAt: view.reportedAt,
      updatedAt: view.updatedAt,
      version: view.version,
      link,
    },
    event: events[events.length - 1] ?? null,
    events,
    sources,
    link,
  };
}

export function pingPayload(deliveryId: string, subscriptionId: string, now = new Date()): Record<string, unknown> {
  return { type: 'ping', deliveryId, subscriptionId, sentAt: now.toISOString() };
}
