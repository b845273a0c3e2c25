import { z } from 'zod';

export const SubscriptionCreated = z.object({
  subscriptionId: z.string().min(1),
  url: z.string().url(),
  description: z.string().optional(),
  filter: z.record(z.string(), z.unknown()),
  notifyOn: z.array(z.string()).optional(),
});
export const SubscriptionUpdated = z.object({
  subscriptionId: z.string().min(1),
  changes: z.record(z.string(), z.unknown()),
});
export const SubscriptionDeleted = z.object({ subscriptionId: z.string().min(1) });
export const SubscriptionDisabled = z.object({ subscriptionId: z.string().min(1), reason: z.string().min(1) });
