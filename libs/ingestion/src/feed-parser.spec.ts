import { FeedParseError, htmlToText, NotAFeedError, parseFeed } from './feed-parser';

describe('parseFeed', () => {
  it('reads RSS 2.0 items as plain text with resolved links and ISO dates', async () => {
    const feed = await parseFeed(
      `<rss version="2.0"><channel><title>News &amp;amp; views</title><link>/</link>
        <item><title><![CDATA[<b>Strike</b> on &quot;depot&quot;]]></title><link>/a/1#top</link>
          <guid isPermaLink="false">id-1</guid><pubDate>Wed, 01 May 2024 10:00:00 +0300</pubDate>
          <description>&lt;p&gt;First&amp;nbsp;line&lt;/p&gt;&lt;p&gt;second   line&lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;</description>
          <content:encoded xmlns:content="http://purl.org/rss/1.0/modules/content/"><![CDATA[<div>Full <i>text</i></div>]]></content:encoded>
          <dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">A. Writer</dc:creator></item>
      </channel></rss>`,
      'https://news.example/feeds/main.xml',
    );
    expect(feed).toEqual({
      format: 'rss',
      title: 'News & views',
      link: 'https://news.example/',
      items: [
        {
          key: 'id-1',
          guid: 'id-1',
          link: 'https://news.example/a/1#top',
          title: 'Strike on "depot"',
          summary: 'First line second line',
          content: 'Full text',
          publishedAt: '2024-05-01T07:00:00.000Z',
          author: 'A. Writer',
        },
      ],
    });
  });

  it('reads <rss> without a version, RSS 0.91 and RSS 1.0 (RDF)', async () => {
    const bare = await parseFeed('<rss><channel><title>T</title><item><title>One</title></item></channel></rss>');
    expect(bare.items.map((i) => i.title)).toEqual(['One']);
    const old = await parseFeed(
      '<rss version="0.91"><channel><item><title>Old</title><link>http://x.example/</link></item></channel></rss>',
    );
    expect(old.items[0]).toMatchObject({ title: 'Old', key: 'http://x.example/' });
    const rdf = await parseFeed(
      `<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
        <channel rdf:about="http://x.example/"><title>R</title></channel>
        <item rdf:about="http://x.example/1"><title>Rdf item</title><link>http://x.example/1</link></item></rdf:RDF>`,
    );
    expect(rdf).toMatchObject({ format: 'rdf', items: [{ title: 'Rdf item', link: 'http://x.example/1' }] });
  });

  it('reads Atom under a namespace prefix', async () => {
    const feed = await parseFeed(
      `<a:feed xmlns:a="http://www.w3.org/2005/Atom"><a:title>Prefixed</a:title>
        <a:entry><a:id>urn:1</a:id><a:title type="html">A &lt;b&gt;bold&lt;/b&gt; move</a:title>
        <a:link rel="alternate" href="https://x.example/1"/><a:updated>2024-01-02T03:04:05Z</a:updated>
        <a:summary>Short</a:summary></a:entry></a:feed>`,
    );
    expect(feed).toMatchObject({
      format: 'atom',
      title: 'Prefixed',
      items: [
        { key: 'urn:1', title: 'A bold move', link: 'https://x.example/1', summary: 'Short', publishedAt: '2024-01-02T03:04:05.000Z' },
      ],
    });
  });

  it('keeps an Atom entry whose date cannot be parsed', async () => {
    const feed = await parseFeed(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>e1</id><title>Dated badly</title><published>yesterday-ish</published></entry></feed>',
    );
    expect(feed.items).toEqual([{ key: 'e1', guid: 'e1', title: 'Dated badly' }]);
  });

  it('collapses duplicate items, first wins', async () => {
    const feed = await parseFeed(
      `<rss version="2.0"><channel>
        <item><title>A</title><guid>g</guid></item><item><title>A</title><guid>g</guid></item>
        <item><title>B</title><link>http://x.example/b?utm_source=1</link></item><item><title>B</title><link>http://x.example/b</link></item>
      </channel></rss>`,
    );
    expect(feed.items.map((i) => i.key)).toEqual(['g', 'http://x.example/b']);
  });

  it.each([
    ['<!DOCTYPE html><html><body>hi</body></html>', 'the document is an HTML page, not an RSS or Atom feed'],
    ['<head><title>Moved</title></head><body>x</body>', 'the document is an HTML page, not an RSS or Atom feed'],
    ['<?xml version="1.0"?><note><to>x</to></note>', 'the document is an XML document with root element <note>, not an RSS or Atom feed'],
    ['{"items": []}', 'the document is not XML (it starts with "{"items": []}"), not an RSS or Atom feed'],
    ['   ', 'the document is empty, not an RSS or Atom feed'],
  ])('refuses a document that is not a feed: %s', async (xml, reason) => {
    const error = await parseFeed(xml).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotAFeedError);
    expect((error as NotAFeedError).reason).toBe(reason);
    expect((error as NotAFeedError).code).toBe('INGESTION.NOT_A_FEED');
  });

  it('reports a broken feed as a FeedParseError that is not a NotAFeedError', async () => {
    const error = await parseFeed('<rss version="2.0"><channel><item><title>x</item></channel></rss>').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FeedParseError);
    expect(error).not.toBeInstanceOf(NotAFeedError);
    expect((error as FeedParseError).reason).toMatch(/^the feed is not well-formed XML/);
  });
});

describe('htmlToText', () => {
  it('strips tags, drops scripts and styles, decodes entities, collapses whitespace', () => {
    expect(htmlToText('<p>a&nbsp;&amp;&#8217;b</p>\n<style>p{}</style><br/>c <a href="x">d</a> 3 < 4')).toBe('a &’b c d 3 < 4');
  });
});

describe('parseFeed on broken documents', () => {
  it('keeps the items before a syntax error and says what was lost', async () => {
    const feed = await parseFeed(
      `<rss version="2.0"><channel><title>T</title>
<item><title>One</title><guid>1</guid></item>
<item><title>Two</title><guid>2</guid></item>
<item><title>Three <b>unclosed</title><guid>3</guid></item>
<item><title>Four</title><guid>4</guid></item>
</channel></rss>`,
    );
    expect(feed.items.map((i) => i.title)).toEqual(['One', 'Two']);
    expect(feed.warnings).toEqual([
      expect.stringMatching(/^the feed is not well-formed XML \(.+\); the 2 items before the error were kept$/),
    ]);
  });

  it('keeps the complete items of a truncated download', async () => {
    const feed = await parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>a</id><title>A</title></entry><entry><id>b</id><ti');
    expect(feed.items.map((i) => i.key)).toEqual(['a']);
    expect(feed.warnings).toHaveLength(1);
  });
});
