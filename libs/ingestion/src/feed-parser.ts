import { decodeHTML } from 'entities';
import Parser from 'rss-parser';
import { mapOutsideCdata } from './decode';
import { keyItems } from './item-identity';

export interface FeedItem {
  /** Stable identity within the feed (see itemKey). */
  key: string;
  guid?: string;
  link?: string;
  title: string;
  summary?: string;
  content?: string;
  /** ISO 8601. */
  publishedAt?: string;
  author?: string;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  /** Problems that cost part of the document, e.g. items lost after a syntax error. */
  warnings?: string[];
  title?: string;
  link?: string;
  items: FeedItem[];
}

/** The document could not be read as a feed; `reason` says why in words a user understands. */
export class FeedParseError extends Error {
  readonly code: string = 'INGESTION.FEED_UNPARSEABLE';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FeedParseError';
  }
}

/** The document is something other than a feed: an HTML page, an unrelated XML document, not XML. */
export class NotAFeedError extends FeedParseError {
  override readonly code = 'INGESTION.NOT_A_FEED';
  constructor(reason: string) {
    super(reason);
    this.name = 'NotAFeedError';
  }
}

const ATOM_NAMESPACES = new Set(['http://www.w3.org/2005/Atom', 'http://purl.org/atom/ns#']);
const RDF_NAMESPACE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#';

const PROLOG = /^(?:\s+|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>)*/i;

interface Root {
  qname: string;
  prefix?: string;
  local: string;
  /** Index of the "<" that opens the root element. */
  start: number;
  /** The root's start tag, attributes included. */
  tag: string;
}

function findRoot(xml: string): Root | undefined {
  const start = PROLOG.exec(xml)?.[0].length ?? 0;
  const m = /^<([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)(?=[\s/>])[^>]*>?/.exec(xml.slice(start));
  if (!m) return undefined;
  const qname = m[1]!;
  const colon = qname.indexOf(':');
  return {
    qname,
    prefix: colon >= 0 ? qname.slice(0, colon) : undefined,
    local: colon >= 0 ? qname.slice(colon + 1) : qname,
    start,
    tag: m[0],
  };
}

function namespaceOf(tag: string, prefix: string | undefined): string | undefined {
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  const m = new RegExp(`\\s${attr.replace('.', '\\.')}\\s*=\\s*(["'])([^"']*)\\1`).exec(tag);
  return m?.[2];
}

function attributeOf(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name.replace(/[.:]/g, (c) => `\\${c}`)}\\s*=\\s*(["'])([^"']*)\\1`).exec(tag);
  return m ? decodeHTML(m[2]!) : undefined;
}

const HTML_ROOTS = new Set(['html', 'head', 'body', 'div', 'p', 'table', 'title', 'meta', 'a', 'h1', 'frameset']);

function notAFeedReason(xml: string, root: Root | undefined): string | undefined {
  if (/^\s*<!DOCTYPE\s+html/i.test(xml) || (root && HTML_ROOTS.has(root.local.toLowerCase()))) {
    return 'the document is an HTML page, not an RSS or Atom feed';
  }
  if (!root) {
    if (xml.trim() === '') return 'the document is empty, not an RSS or Atom feed';
    if (/<html[\s>]/i.test(xml)) return 'the document is an HTML page, not an RSS or Atom feed';
    const snippet = xml.trim().slice(0, 40).replace(/\s+/g, ' ');
    return `the document is not XML (it starts with "${snippet}"), not an RSS or Atom feed`;
  }
  const local = root.local;
  if (local === 'rss' || local === 'feed' || local === 'RDF' || local === 'channel') return undefined;
  return `the document is an XML document with root element <${root.qname}>, not an RSS or Atom feed`;
}

/**
 * Rewrites what rss-parser cannot recognise into what it can: an Atom feed under a namespace prefix
 * (<a:feed xmlns:a="http://www.w3.org/2005/Atom">) loses the prefix; an RDF root under another
 * prefix becomes rdf:RDF; a bare <channel> root is wrapped in <rss>.
 */
function normalise(xml: string, root: Root): string {
  if (root.prefix && root.local === 'feed' && ATOM_NAMESPACES.has(namespaceOf(root.tag, root.prefix) ?? '')) {
    const prefix = root.prefix.replace(/[.-]/g, (c) => `\\${c}`);
    const tags = new RegExp(`<(/?)${prefix}:`, 'g');
    return xml.slice(0, root.start) + mapOutsideCdata(xml.slice(root.start), (s) => s.replace(tags, '<$1'));
  }
  if (root.local === 'RDF' && root.qname !== 'rdf:RDF' && namespaceOf(root.tag, root.prefix) === RDF_NAMESPACE) {
    const prefix = (root.prefix ?? '').replace(/[.-]/g, (c) => `\\${c}`);
    const tags = new RegExp(`<(/?)${prefix ? `${prefix}:` : ''}RDF\\b`, 'g');
    return xml.replace(tags, '<$1rdf:RDF');
  }
  if (root.qname === 'channel') {
    return `${xml.slice(0, root.start)}<rss version="2.0">${xml.slice(root.start)}</rss>`;
  }
  return xml;
}

/** The text of a value xml2js produced: a string, { _: text, $: attrs }, or nested elements. */
function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (typeof obj._ === 'string') return obj._;
    return Object.entries(obj)
      .filter(([k]) => k !== '$')
      .map(([, v]) => textOf(v))
      .join(' ');
  }
  return '';
}

const BLOCK_TAGS =
  /<\/?(?:p|div|br|hr|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|figure|figcaption|pre)\b[^>]*>/gi;

/** HTML (or plain text) → plain text: scripts and styles dropped, tags removed, entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  return decodeHTML(
    html
      .replace(/<(script|style|noscript)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<!--[\s\S]*?-->/g, ' ')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, '$1')
      .replace(BLOCK_TAGS, ' ')
      .replace(/<\/?[A-Za-z][^>]*>/g, ''),
  )
    .replace(/\s+/g, ' ')
    .trim();
}

function optionalText(value: unknown): string | undefined {
  const text = htmlToText(textOf(value));
  return text === '' ? undefined : text;
}

function plainTrim(value: unknown): string | undefined {
  const text = textOf(value).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function resolveLink(link: string | undefined, base: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link, base).href;
  } catch {
    return /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : undefined;
  }
}

function isoDate(value: unknown): string | undefined {
  const text = plainTrim(value);
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

type RawItem = Record<string, unknown>;

function makeParser(): Parser {
  const parser = new Parser({ defaultRSS: 2, customFields: { item: ['id', 'updated', 'published'] } } as Parser.ParserOptions<
    Record<string, unknown>,
    Record<string, unknown>
  >);
  // rss-parser's Atom entry mapping throws on an unparseable date, losing the whole feed; and its
  // link lookup throws on a <link> without attributes. Clean both before it sees the entry.
  const internal = parser as unknown as { parseItemAtom: (entry: Record<string, unknown[]>) => unknown };
  const parseItemAtom = internal.parseItemAtom.bind(parser);
  internal.parseItemAtom = (entry) => {
    for (const field of ['published', 'updated']) {
      const values = entry[field];
      if (values && Number.isNaN(Date.parse(textOf(values[0]).trim()))) delete entry[field];
    }
    if (Array.isArray(entry.link)) {
      entry.link = entry.link.map((l) => (l && typeof l === 'object' && '$' in (l as object) ? l : { $: { href: textOf(l).trim() } }));
    }
    return parseItemAtom(entry);
  };
  return parser;
}

async function parseWithRssParser(xml: string): Promise<Parser.Output<RawItem>> {
  return (await makeParser().parseString(xml)) as Parser.Output<RawItem>;
}

function describeXmlError(err: unknown): string {
  return err instanceof Error ? err.message.replace(/\s+/g, ' ').trim() : String(err);
}

/** Offset in `xml` of a sax error ("…Line: 3 Column: 14…", both zero-based), if the message has one. */
function errorOffset(xml: string, err: unknown): number | undefined {
  const m = /Line:\s*(\d+)\s*Column:\s*(\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return undefined;
  let offset = 0;
  for (let line = Number(m[1]); line > 0; line--) {
    const next = xml.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return offset + Number(m[2]);
}

/**
 * The document cut after the last complete item before the syntax error (or before its end, when
 * the error has no position), with the enclosing elements closed again.
 */
function salvageable(xml: string, format: ParsedFeed['format'], err: unknown): string | undefined {
  const closer = format === 'atom' ? '</entry>' : '</item>';
  const end = xml.lastIndexOf(closer, errorOffset(xml, err) ?? xml.length);
  if (end < 0) return undefined;
  const tail = format === 'atom' ? '</feed>' : format === 'rdf' ? '</rdf:RDF>' : '</channel></rss>';
  return xml.slice(0, end + closer.length) + tail;
}

/**
 * Parses RSS 0.9x/1.0 (RDF)/2.0 and Atom (also under a namespace prefix) into plain-text items with
 * stable keys; relative links resolve against xml:base, else `baseUrl`, else the feed's own link.
 * Items with the same key collapse to the first. Throws NotAFeedError for HTML pages and unrelated
 * XML, FeedParseError for a feed that is not well-formed.
 */
export async function parseFeed(xml: string, baseUrl?: string): Promise<ParsedFeed> {
  const text = xml.replace(/^\uFEFF/, '');
  const root = findRoot(text);
  const refusal = notAFeedReason(text, root);
  if (refusal || !root) throw new NotAFeedError(refusal ?? 'the document is not an RSS or Atom feed');

  const format: ParsedFeed['format'] = root.local === 'feed' ? 'atom' : root.local === 'RDF' ? 'rdf' : 'rss';
  const normalised = normalise(text, root);
  const warnings: string[] = [];
  let raw: Parser.Output<RawItem>;
  try {
    raw = await parseWithRssParser(normalised);
  } catch (err) {
    const problem = describeXmlError(err);
    // Keep the items before the syntax error (a truncated download, one broken item) when possible.
    const salvaged = salvageable(normalised, format, err);
    const recovered = salvaged ? await parseWithRssParser(salvaged).catch(() => undefined) : undefined;
    if (!recovered || (recovered.items ?? []).length === 0) {
      throw new FeedParseError(`the feed is not well-formed XML (${problem})`);
    }
    raw = recovered;
    warnings.push(`the feed is not well-formed XML (${problem}); the ${recovered.items.length} items before the error were kept`);
  }

  const xmlBase = attributeOf(root.tag, 'xml:base');
  const documentBase = resolveLink(xmlBase, baseUrl) ?? baseUrl;
  const feedLink = resolveLink(plainTrim((raw as { link?: unknown }).link), documentBase);
  const itemBase = documentBase ?? feedLink;

  const unkeyed: Array<Omit<FeedItem, 'key'>> = [];
  for (const entry of (raw.items ?? []) as RawItem[]) {
    const guid = plainTrim(entry.guid) ?? plainTrim(entry.id);
    const link = resolveLink(plainTrim(entry.link) ?? plainTrim(entry['rdf:about']), itemBase);
    const title = optionalText(entry.title) ?? '';
    const summary = format === 'atom' ? optionalText(entry.summary) : optionalText(entry.content);
    const content = format === 'atom' ? optionalText(entry.content) : optionalText(entry['content:encoded']);
    const publishedAt = isoDate(entry.isoDate) ?? isoDate(entry.pubDate) ?? isoDate(entry.published) ?? isoDate(entry.updated);
    const author = optionalText(entry.creator) ?? optionalText(entry.author);
    unkeyed.push({ guid, link, title, summary, content, publishedAt, author });
  }
  const items: FeedItem[] = keyItems(unkeyed).map(({ key, ...rest }) => stripUndefined({ key, ...rest }));

  return stripUndefined({
    format,
    warnings: warnings.length ? warnings : undefined,
    title: optionalText((raw as { title?: unknown }).title),
    link: feedLink,
    items,
  });
}

function stripUndefined<T extends object>(value: T): T {
  for (const k of Object.keys(value) as Array<keyof T>) if (value[k] === undefined) delete value[k];
  return value;
}
