import { z } from 'zod';
import { INCIDENT_FAMILIES } from '@app/domain';

/** The changes after the first alert a subscriber can ask to hear about ("first" is always on). */
export const NOTIFY_ON = ['first', 'corroborations', 'casualties', 'status'] as const;
export type NotifyOn = (typeof NOTIFY_ON)[number];

const names = (max: number) => z.array(z.string().trim().min(1).max(200)).min(1).max(max);

/**
 * What a subscription matches. Every criterion given must hold; within a list any entry will do.
 * `places`, `oblasts` and `bbox` together say where: an incident matches when any of them does.
 */
export const SubscriptionFilter = z
  .object({
    families: z.array(z.enum(INCIDENT_FAMILIES)).min(1).optional(),
    parties: names(50).optional(),
    places: names(500).optional(),
    oblasts: names(100).optional(),
    /** GeoJSON order: [west, south, east, north] in degrees. */
    bbox: z
      .tuple([z.number().min(-180).max(180), z.number().min(-90).max(90), z.number().min(-180).max(180), z.number().min(-90).max(90)])
      .refine(([w, s, e, n]) => w <= e && s <= n, 'bbox must be [west, south, east, north] with west <= east and south <= north')
      .optional(),
    minKilled: z.number().int().min(0).optional(),
    minSources: z.number().int().min(1).max(1000).optional(),
    minConfidence: z.number().min(0).max(1).optional(),
    keywords: names(50).optional(),
  })
  .strict();
export type SubscriptionFilter = z.infer<typeof SubscriptionFilter>;

export const NotifyOnList = z
  .array(z.enum(NOTIFY_ON))
  .max(NOTIFY_ON.length)
  .transform((list) => [...new Set<NotifyOn>(['first', ...list])].sort((a, b) => NOTIFY_ON.indexOf(a) - NOTIFY_ON.indexOf(b)));

/** Problems with a filter as `field: message` strings; empty when it is valid. */
export function filterProblems(input: unknown): string[] {
  const r = SubscriptionFilter.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `filter${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.message}`);
}
