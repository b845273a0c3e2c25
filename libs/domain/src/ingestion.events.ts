import { z } from 'zod';
import { IsoDateTime } from './values';

export const FeedRegistered = z.object({
  feedId: z.string().min(1),
  url: z.string().url(),
  title: z.string().optional(),
  pollIntervalSeconds: z.number().int().positive(),
});
export const FeedUpdated = z.object({
  feedId: z.string().min(1),
  title: z.string().optional(),
  pollIntervalSeconds: z.number().int().positive().optional(),
});
export const FeedPaused = z.object({ feedId: z.string().min(1), reason: z.string().min(1) });
export const FeedResumed = z.object({ feedId: z.string().min(1), reason: z.string().optional() });
export const FeedRemoved = z.object({ feedId: z.string().min(1), reason: z.string().optional() });

export const ReportReceived = z.object({
  reportId: z.string().min(1),
  feedId: z.string().optional(),
  url: z.string().optional(),
  guid: z.string().optional(),
  title: z.string(),
  summary: z.string().optional(),
  content: z.string().optional(),
  publishedAt: IsoDateTime.optional(),
  language: z.string().optional(),
  contentHash: z.string().min(1),
});
export const ReportProcessed = z.object({
  reportId: z.string().min(1),
  extractorVersion: z.string().min(1),
  eventIds: z.array(z.string()),
  incidentIds: z.array(z.string()).optional(),
  ignored: z.string().optional(),
});
