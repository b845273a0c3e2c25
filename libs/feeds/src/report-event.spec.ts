import { validateEvent } from '@app/domain';
import { reportIdFor } from '@app/ingestion';
import { reportReceivedFor } from './report-event';

const feedId = '6f1f4c1e-8a53-4a0e-9d0b-2b7c3f1c0a11';

describe('reportReceivedFor', () => {
  const item = {
    key: 'guid:urn:story:1',
    guid: 'urn:story:1',
    link: 'https://news.example/story/1',
    title: 'Talks resume in Istanbul',
    summary: 'Delegations met on Friday.',
    publishedAt: '2024-05-01T10:00:00.000Z',
  };

  it('records the item on its report stream, with the report id as event id and correlation id', () => {
    const r = reportReceivedFor(feedId, item);
    expect(r.reportId).toBe(reportIdFor(feedId, item.key));
    expect(r.streamId).toBe(`report-${r.reportId}`);
    expect(r.event).toMatchObject({
      eventId: r.reportId,
      type: 'ReportReceived',
      data: { reportId: r.reportId, feedId, url: item.link, guid: item.guid, title: item.title, summary: item.summary, publishedAt: item.publishedAt },
      metadata: { feedId, reportId: r.reportId, correlationId: r.reportId },
    });
    expect(validateEvent('ReportReceived', r.event.data)).toEqual([]);
  });

  it('keeps the same report id when the publisher edits the title, and changes the content hash', () => {
    const a = reportReceivedFor(feedId, item);
    const b = reportReceivedFor(feedId, { ...item, title: 'Talks resume in Istanbul (updated)' });
    expect(b.reportId).toBe(a.reportId);
    expect((b.event.data as { contentHash: string }).contentHash).not.toBe((a.event.data as { contentHash: string }).contentHash);
  });

  it('gives the same article in two feeds two reports', () => {
    expect(reportReceivedFor('0b8a2f9e-1c1d-4a57-9d43-1f4ad1b0a001', item).reportId).not.toBe(reportReceivedFor(feedId, item).reportId);
  });

  it('leaves out fields the item lacks', () => {
    const r = reportReceivedFor(feedId, { key: 'hash:abc', title: '' });
    expect(Object.keys(r.event.data as object).sort()).toEqual(['contentHash', 'feedId', 'reportId', 'title']);
    expect(validateEvent('ReportReceived', r.event.data)).toEqual([]);
  });
});
