import { Sentence } from '../text/sentences';

/** What every rule reads about one report. */
export interface ReportContext {
  reportId: string;
  text: string;
  sentences: Sentence[];
  publishedDay: string;
  /** The report speaks of Russia or Ukraine at all. */
  monitored: boolean;
}

export interface Evidence {
  reportId: string;
  sentence: string;
  start: number;
  end: number;
}

export const evidenceOf = (ctx: ReportContext, s: Sentence): Evidence => ({
  reportId: ctx.reportId,
  sentence: s.text,
  start: s.start,
  end: s.end,
});

export interface RuleEvent {
  type: 'TalksHeld' | 'CeasefireProposed' | 'ExchangeAgreed' | 'AttackReported' | 'TalksScheduled' | 'DemandsIssued' | 'ProposalRejected';
  data: Record<string, unknown>;
  evidence: Evidence[];
  confidence: number;
}

/** Round a confidence to two decimals within [0,1]. */
export const conf = (x: number): number => Math.max(0, Math.min(1, Math.round(x * 100) / 100));
