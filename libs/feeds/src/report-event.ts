import { IngestionEvents } from '@app/domain';
import { NewEvent } from '@app/event-store';
import { FeedItem, contentHash, reportIdFor } from '@app/ingestion';
import { reportStreamId } from './feed-row';

type ReportReceivedData = ReturnType<(typeof IngestionEvents.ReportReceived)['parse']>;

export interface ReportAppend {
  reportId: string;
  streamId: string;
  event: NewEvent;
}

/**
 * The `ReportReceived` that records an item of a feed. Its ids are derived from the feed and the
 * item's key, and the event id is the report id, so appending it again is a no-op.
 */
export function reportReceivedFor(feedId: string, item: FeedItem): ReportAppend {
  const reportId = reportIdFor(feedId, item.key);
  const data: ReportReceivedData = {
    reportId,
    feedId,
    title: item.title,
    contentHash: contentHash(item),
    ...(item.link ? { url: item.link } : {}),
    ...(item.guid ? { guid: item.guid } : {}),
    ...(item.summary ? { summary: item.summary } : {}),
    ...(item.content ? { content: item.content } : {}),
    ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
  };
  return {
    reportId,
    streamId: reportStreamId(reportId),
    event: { eventId: reportId, type: 'ReportReceived', data, metadata: { feedId, reportId, correlationId: reportId } },
  };
}
