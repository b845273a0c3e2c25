import { z } from 'zod';
import { IsoDate, Party, Place, Range, extractedCommon } from './values';

export const TalksHeld = z.object({
  parties: z.array(Party).min(1),
  mediators: z.array(Party).optional(),
  location: Place.optional(),
  date: IsoDate,
  durationMinutes: Range.optional(),
  leads: z.array(z.object({ name: z.string(), party: Party, role: z.string().optional() })).optional(),
  outcome: z.enum(['breakthrough', 'partial', 'no_progress', 'unknown']).optional(),
  nextRound: z.object({ from: IsoDate.optional(), to: IsoDate.optional(), location: Place.optional() }).optional(),
  ...extractedCommon,
});

export const CeasefireProposed = z.object({
  proposer: Party,
  addressee: Party.optional(),
  durationDays: Range.optional(),
  scope: z.enum(['full', 'partial', 'energy', 'sea', 'humanitarian']).optional(),
  unconditional: z.boolean().optional(),
  /** Conditions attached to the truce, by the side that sets them. */
  conditions: z.array(z.object({ by: Party, text: z.string().min(1) })).optional(),
  purpose: z.string().optional(),
  response: z.enum(['pending', 'accepted', 'rejected']).optional(),
  date: IsoDate,
  ...extractedCommon,
});

export const ExchangeAgreed = z.object({
  category: z.enum(['prisoners', 'bodies', 'wounded', 'children', 'civilians']),
  parties: z.array(Party).optional(),
  count: Range.optional(),
  perSide: z.boolean().optional(),
  requested: Range.optional(),
  status: z.enum(['agreed', 'completed']).optional(),
  mechanism: z.string().optional(),
  date: IsoDate,
  ...extractedCommon,
});

export const WEAPONS = ['shelling', 'missile', 'drone', 'airstrike', 'glide_bomb', 'ground_assault', 'unknown'] as const;

export const AttackReported = z.object({
  perpetrator: Party.optional(),
  target: Party,
  weapons: z.array(z.enum(WEAPONS)).optional(),
  places: z.array(Place).min(1),
  killed: Range.optional(),
  injured: Range.optional(),
  civilianTargets: z.boolean().optional(),
  date: IsoDate,
  ...extractedCommon,
});

export const TalksScheduled = z.object({
  parties: z.array(Party).min(1),
  window: z.object({ from: IsoDate.optional(), to: IsoDate.optional() }),
  location: Place.optional(),
  ...extractedCommon,
});
export const DemandsIssued = z.object({ by: Party, demands: z.array(z.string()).min(1), ...extractedCommon });
export const ProposalRejected = z.object({
  by: Party,
  proposalOf: Party,
  summary: z.string(),
  ...extractedCommon,
});

/** A later report of an incident already on record. */
export const IncidentCorroborated = z.object({
  incidentId: z.string().min(1),
  reportId: z.string().min(1),
  eventId: z.string().optional(),
  family: z.string().min(1),
  revised: z.record(z.string(), z.unknown()).optional(),
  ...extractedCommon,
});

/** The casualty figures of an incident changed. */
export const CasualtiesRevised = z.object({
  incidentId: z.string().min(1),
  reportId: z.string().min(1),
  killed: Range.optional(),
  injured: Range.optional(),
  previous: z.object({ killed: Range.optional(), injured: Range.optional() }),
});

export const CeasefireResponded = z.object({
  incidentId: z.string().min(1),
  reportId: z.string().min(1),
  response: z.enum(['pending', 'accepted', 'rejected']),
});

export const ExchangeCompleted = z.object({
  incidentId: z.string().min(1),
  reportId: z.string().min(1),
  count: Range.optional(),
});
