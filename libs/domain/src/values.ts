import { z } from 'zod';

/** ISO 3166-1 alpha-2 code, a fixed label, or a named organisation as written. */
export const PARTY_LABELS = ['RU', 'UA', 'US', 'TR', 'SA', 'AE', 'QA', 'VA', 'EU', 'NATO', 'UN', 'ICRC'] as const;
export const Party = z.string().min(1).max(200);
export type Party = z.infer<typeof Party>;

export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be an ISO date (YYYY-MM-DD)');
export const IsoDateTime = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date-time');

export const Range = z.object({
  min: z.number().nullable(),
  max: z.number().nullable(),
  approx: z.boolean(),
  best: z.number().optional(),
  phrase: z.string().optional(),
});
export type Range = z.infer<typeof Range>;

export const Place = z.object({
  name: z.string().min(1),
  admin1: z.string().optional(),
  country: Party,
  lat: z.number().min(-90).max(90).optional(),
  lon: z.number().min(-180).max(180).optional(),
  precision: z.enum(['settlement', 'region', 'country']),
});
export type Place = z.infer<typeof Place>;

export const Evidence = z.object({
  reportId: z.string().min(1),
  sentence: z.string(),
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type Evidence = z.infer<typeof Evidence>;

export const Claim = z.object({ by: Party });
export type Claim = z.infer<typeof Claim>;

/** Fields every extracted event may carry besides its family's own. */
export const extractedCommon = {
  evidence: z.array(Evidence).optional(),
  claim: Claim.optional(),
};
