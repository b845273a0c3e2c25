import { isUtf8 } from 'node:buffer';
import * as zlib from 'node:zlib';
import { decodeHTML } from 'entities';
import * as iconv from 'iconv-lite';

/** Largest text a gzip body sent without Content-Encoding may inflate to. */
export const MAX_DECODED_BYTES = 10 * 1024 * 1024;

/** The body could not be turned into text (e.g. a gzip bomb). */
export class FeedDecodeError extends Error {
  readonly code = 'INGESTION.DECODE_FAILED';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'FeedDecodeError';
  }
}

/** The charset parameter of a Content-Type header, lower-cased, if any. */
export function charsetFromContentType(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType);
  return match ? match[2]!.toLowerCase() : undefined;
}

/** The encoding named by the XML declaration, read from an ASCII-compatible prefix. */
export function encodingFromProlog(head: string): string | undefined {
  const decl = /^\s*<\?xml\s[^>]*?\?>/i.exec(head);
  if (!decl) return undefined;
  const match = /\bencoding\s*=\s*["']([^"']+)["']/i.exec(decl[0]);
  return match ? match[1]!.trim().toLowerCase() : undefined;
}

const UTF8_NAMES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);
const UTF16_NAMES = new Set(['utf-16', 'utf16', 'utf-16le', 'utf-16be', 'ucs-2', 'unicode']);

/** Labels that browsers treat as windows-1252 (a superset of ISO-8859-1's printable range). */
function normaliseLabel(label: string): string {
  const l = label.toLowerCase().replace(/_/g, '-');
  if (/^(iso-?8859-?1|latin-?1|l1|us-ascii|ascii|iso-ir-100|cp819|ibm819)$/.test(l)) return 'windows-1252';
  if (/^iso8859-(\d+)$/.test(l)) return l.replace('iso8859-', 'iso-8859-');
  return l;
}

function decodeWith(bytes: Buffer, label: string): string | undefined {
  const name = normaliseLabel(label);
  if (UTF8_NAMES.has(name)) return bytes.toString('utf8');
  if (!iconv.encodingExists(name)) return undefined;
  return iconv.decode(bytes, name, { stripBOM: true });
}

/** Detects UTF-16/32 without a BOM from the first characters of "<?xml" (XML 1.0 appendix F). */
function sniffUtf16(bytes: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 4) return undefined;
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return 'utf-16le';
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return 'utf-16be';
  return undefined;
}

function gunzipIfCompressed(body: Buffer): Buffer {
  if (body.length < 3 || body[0] !== 0x1f || body[1] !== 0x8b || body[2] !== 0x08) return body;
  try {
    return zlib.gunzipSync(body, { maxOutputLength: MAX_DECODED_BYTES });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      throw new FeedDecodeError(`the gzip-compressed body exceeds ${MAX_DECODED_BYTES} bytes once decompressed`);
    }
    // A truncated stream: keep what inflates, since a partial feed still has items.
    try {
      return zlib.gunzipSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: MAX_DECODED_BYTES });
    } catch {
      throw new FeedDecodeError('the body looks gzip-compressed but could not be decompressed');
    }
  }
}

/** Turns bytes into text: gzip without Content-Encoding, BOMs, header/prolog charsets, wrong prologs. */
export function decodeBytes(input: Buffer, contentType?: string): string {
  const bytes = gunzipIfCompressed(input);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return iconv.decode(bytes.subarray(2), 'utf-16be');

  const headerCharset = charsetFromContentType(contentType);
  const sniffed = sniffUtf16(bytes);
  const declared16 = headerCharset && UTF16_NAMES.has(headerCharset) ? headerCharset : undefined;
  if (sniffed || declared16) {
    const be = sniffed === 'utf-16be' || declared16 === 'utf-16be';
    return be ? iconv.decode(bytes, 'utf-16be') : bytes.toString('utf16le');
  }

  // Bytes that are valid UTF-8 are UTF-8, whatever the label says: legacy encodings of real text
  // almost never form valid UTF-8 by accident, while mislabelled UTF-8 feeds are common.
  if (isUtf8(bytes)) return bytes.toString('utf8');

  const prologCharset = encodingFromProlog(bytes.subarray(0, 1024).toString('latin1'));
  for (const label of [headerCharset, prologCharset]) {
    if (!label || UTF8_NAMES.has(label)) continue;
    const text = decodeWith(bytes, label);
    if (text !== undefined) return text;
  }
  // No usable label and not UTF-8: the web's default for unlabelled legacy text.
  return iconv.decode(bytes, 'windows-1252');
}

/** Characters XML 1.0 forbids, and lone surrogates. */
const ILLEGAL_XML_CHARS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const XML_ENTITIES = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);

function isLegalXmlCodePoint(cp: number): boolean {
  return (
    cp === 0x9 ||
    cp === 0xa ||
    cp === 0xd ||
    (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/** Fixes entity references outside CDATA so a strict XML parser accepts them. */
function fixEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]+|#[0-9]+|[A-Za-z][A-Za-z0-9]*)?(;)?/g,
    (whole, ref: string | undefined, semi: string | undefined) => {
      if (!ref || !semi) {
        // A bare "&" (e.g. "?a=1&b=2") or an HTML entity without its ";".
        return `&amp;${whole.slice(1)}`;
      }
      if (ref.startsWith('#')) {
        const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
        return Number.isFinite(cp) && isLegalXmlCodePoint(cp) ? whole : '';
      }
      if (XML_ENTITIES.has(ref)) return whole;
      // HTML named entities (&nbsp; &eacute; …) are undefined in XML: write them as numeric references.
      const decoded = decodeHTML(whole);
      if (decoded !== whole) {
        return Array.from(decoded)
          .map((ch) => `&#${ch.codePointAt(0)};`)
          .join('');
      }
      return `&amp;${whole.slice(1)}`;
    },
  );
}

/** Applies `fn` to the parts of an XML text outside CDATA sections, comments and processing instructions. */
export function mapOutsideCdata(xml: string, fn: (segment: string) => string): string {
  const pattern = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<\?[\s\S]*?(?:\?>|$)/g;
  let out = '';
  let last = 0;
  for (let m = pattern.exec(xml); m; m = pattern.exec(xml)) {
    out += fn(xml.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
    if (m[0].length === 0) pattern.lastIndex++;
  }
  return out + fn(xml.slice(last));
}

/**
 * Makes decoded text acceptable to a strict XML parser without losing the rest of the document:
 * strips characters XML forbids, escapes stray ampersands, rewrites HTML-only named entities as
 * numeric references, and declares the (now) UTF-8 encoding in the prolog.
 */
export function sanitizeXml(text: string): string {
  let xml = text.replace(/^\uFEFF/, '').replace(ILLEGAL_XML_CHARS, '');
  xml = xml.replace(/^\s+(?=<)/, '');
  xml = xml.replace(/^<\?xml\s[^>]*?\?>/i, (decl) =>
    /\bencoding\s*=/.test(decl) ? decl.replace(/\bencoding\s*=\s*(["'])[^"']*\1/i, 'encoding="utf-8"') : decl,
  );
  return mapOutsideCdata(xml, fixEntities);
}

/** Bytes of a feed response → text ready for the XML parser. Throws FeedDecodeError only for undecompressable gzip. */
export function decodeFeedBody(body: Buffer, contentType?: string): string {
  return sanitizeXml(decodeBytes(body, contentType));
}
