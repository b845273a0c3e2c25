import { z } from 'zod';
import * as alerts from './alert.events';
import * as incidents from './incident.events';
import * as ingestion from './ingestion.events';

/** Every persisted event type with the schema of its data, at the current schema version. */
export const EVENT_SCHEMAS = {
  FeedRegistered: ingestion.FeedRegistered,
  FeedUpdated: ingestion.FeedUpdated,
  FeedPaused: ingestion.FeedPaused,
  FeedResumed: ingestion.FeedResumed,
  FeedRemoved: ingestion.FeedRemoved,
  ReportReceived: ingestion.ReportReceived,
  ReportProcessed: ingestion.ReportProcessed,
  TalksHeld: incidents.TalksHeld,
  CeasefireProposed: incidents.CeasefireProposed,
  ExchangeAgreed: incidents.ExchangeAgreed,
  AttackReported: incidents.AttackReported,
  TalksScheduled: incidents.TalksScheduled,
  DemandsIssued: incidents.DemandsIssued,
  ProposalRejected: incidents.ProposalRejected,
  IncidentCorroborated: incidents.IncidentCorroborated,
  CasualtiesRevised: incidents.CasualtiesRevised,
  CeasefireResponded: incidents.CeasefireResponded,
  ExchangeCompleted: incidents.ExchangeCompleted,
  SubscriptionCreated: alerts.SubscriptionCreated,
  SubscriptionUpdated: alerts.SubscriptionUpdated,
  SubscriptionDeleted: alerts.SubscriptionDeleted,
  SubscriptionDisabled: alerts.SubscriptionDisabled,
} as const;

export type EventType = keyof typeof EVENT_SCHEMAS;
export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof EVENT_SCHEMAS)[T]>;

/** A domain event as the rest of the system speaks of it: literal type, JSON-safe data. */
export type DomainEvent = { [T in EventType]: { type: T; data: EventData<T> } }[EventType];

/** The four monitored families, plus the optional ones. */
export const INCIDENT_FAMILIES = ['TalksHeld', 'CeasefireProposed', 'ExchangeAgreed', 'AttackReported'] as const;
export type IncidentFamily = (typeof INCIDENT_FAMILIES)[number];
export const OPTIONAL_FAMILIES = ['TalksScheduled', 'DemandsIssued', 'ProposalRejected'] as const;

export function isEventType(type: string): type is EventType {
  return Object.prototype.hasOwnProperty.call(EVENT_SCHEMAS, type);
}

export class EventValidationError extends Error {
  readonly code = 'EVENT.INVALID';
  constructor(
    readonly eventType: string,
    readonly problems: string[],
  ) {
    super(`${eventType} does not match the event catalogue: ${problems.join('; ')}`);
    this.name = 'EventValidationError';
  }
}

/** Checks an event's data against the catalogue; returns the list of problems (empty when valid). */
export function validateEvent(type: string, data: unknown): string[] {
  if (!isEventType(type)) return [`unknown event type "${type}"`];
  const result = EVENT_SCHEMAS[type].safeParse(data);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'data'}: ${i.message}`);
}

export function assertValidEvent(type: string, data: unknown): void {
  const problems = validateEvent(type, data);
  if (problems.length) throw new EventValidationError(type, problems);
}
