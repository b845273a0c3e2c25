import { independentSources, outletOf } from './ids';

describe('outlets and independent sources', () => {
  it.each([
    ['https://www.reuters.com/world/europe/story-1', 'reuters.com'],
    ['https://m.ukrinform.net/rubric-ato/1.html', 'ukrinform.net'],
    ['https://amp.theguardian.com/world/2025/jun/01/x', 'theguardian.com'],
    ['https://WWW2.Example.ORG./a', 'example.org'],
    ['https://news.sky.com/story/x', 'news.sky.com'],
    ['https://kyivindependent.com/x?utm_source=rss', 'kyivindependent.com'],
  ])('takes the outlet of %s from its host: %s', (url, outlet) => {
    expect(outletOf({ url, feedId: 'f1', reportId: 'r1' })).toBe(outlet);
  });

  it('falls back to the feed, then to the report itself', () => {
    expect(outletOf({ url: 'not a url', feedId: 'f1', reportId: 'r1' })).toBe('feed:f1');
    expect(outletOf({ url: undefined, feedId: 'f1', reportId: 'r1' })).toBe('feed:f1');
    expect(outletOf({ url: null, feedId: null, reportId: 'r1' })).toBe('report:r1');
  });

  it('counts distinct outlets; a report without one stands alone', () => {
    expect(
      independentSources([
        { reportId: 'r1', outlet: 'reuters.com' },
        { reportId: 'r2', outlet: 'reuters.com' },
        { reportId: 'r3', outlet: 'apnews.com' },
        { reportId: 'r4', outlet: null },
        { reportId: 'r5' },
      ]),
    ).toBe(4);
    expect(independentSources([])).toBe(0);
  });
});
