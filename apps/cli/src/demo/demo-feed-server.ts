import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';

export interface DemoReport {
  id: string;
  title: string;
  summary?: string;
  content?: string;
  publishedAt?: string;
  url?: string;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** RSS 2.0 of the reports published so far, newest first. */
export function renderRss(items: DemoReport[], selfUrl: string): string {
  const entries = [...items]
    .reverse()
    .map(
      (r) => `    <item>
      <guid isPermaLink="false">${esc(r.id)}</guid>
      <title>${esc(r.title)}</title>
      ${r.url ? `<link>${esc(r.url)}</link>` : ''}
      ${r.publishedAt ? `<pubDate>${new Date(r.publishedAt).toUTCString()}</pubDate>` : ''}
      ${r.summary ? `<description>${esc(r.summary)}</description>` : ''}
      ${r.content ? `<content:encoded>${esc(r.content)}</content:encoded>` : ''}
    </item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>Demo news day</title>
    <link>${esc(selfUrl)}</link>
    <description>Labelled reports published a few at a time</description>
${entries}
  </channel>
</rss>
`;
}

/**
 * A local feed that publishes `batch` more reports every `everyMs`, as a news day would, with an
 * ETag so unchanged polls cost a 304.
 */
export class DemoFeedServer {
  private server: Server | null = null;
  private timer: NodeJS.Timeout | null = null;
  published = 0;
  url = '';

  constructor(
    private readonly reports: DemoReport[],
    private readonly batch = 3,
    private readonly everyMs = 4000,
  ) {}

  get done(): boolean {
    return this.published >= this.reports.length;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.url !== '/feed.xml') {
        res.writeHead(404).end('not found');
        return;
      }
      const etag = `"demo-${this.published}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag });
      res.end(renderRss(this.reports.slice(0, this.published), this.url));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}/feed.xml`;
    this.published = Math.min(this.batch, this.reports.length);
    this.timer = setInterval(() => {
      this.published = Math.min(this.published + this.batch, this.reports.length);
      if (this.done && this.timer) clearInterval(this.timer);
    }, this.everyMs);
    return this.url;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
