import { gzipSync } from 'node:zlib';
import * as iconv from 'iconv-lite';
import { decodeBytes, decodeFeedBody, FeedDecodeError, MAX_DECODED_BYTES, sanitizeXml } from './decode';

const rss = (title: string, encoding?: string) =>
  `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?><rss version="2.0"><channel><title>${title}</title></channel></rss>`;

describe('decodeBytes', () => {
  it('uses the prolog charset for legacy single-byte encodings', () => {
    expect(decodeBytes(iconv.encode(rss('Первая новость', 'windows-1251'), 'windows-1251'))).toContain('Первая новость');
    expect(decodeBytes(iconv.encode(rss('Первая новость', 'KOI8-R'), 'koi8-r'))).toContain('Первая новость');
    expect(decodeBytes(iconv.encode(rss('Café', 'ISO-8859-1'), 'latin1'))).toContain('Café');
    expect(decodeBytes(iconv.encode(rss('Euro €', 'windows-1252'), 'windows-1252'))).toContain('Euro €');
  });

  it('lets the Content-Type charset win over the prolog', () => {
    const bytes = iconv.encode(rss('Новости', 'iso-8859-1'), 'windows-1251');
    expect(decodeBytes(bytes, 'application/rss+xml; charset="windows-1251"')).toContain('Новости');
  });

  it('keeps valid UTF-8 as UTF-8 even when the prolog names another encoding', () => {
    expect(decodeBytes(Buffer.from(rss('Euro € Café', 'windows-1252'), 'utf8'))).toContain('Euro € Café');
    expect(decodeBytes(Buffer.from(rss('Café'), 'utf8'), 'text/xml; charset=iso-8859-1')).toContain('Café');
  });

  it('reads ISO-8859-1 text with no label at all', () => {
    expect(decodeBytes(iconv.encode('<rss><channel><title>Últimas Notícias</title></channel></rss>', 'latin1'))).toContain(
      'Últimas Notícias',
    );
  });

  it('honours and strips byte order marks', () => {
    const text = rss('Hello Ω');
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(text);
    expect(decodeBytes(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]))).toBe(text);
  });

  it('detects UTF-16 without a BOM from the prolog bytes', () => {
    const text = rss('Hello Ω', 'UTF-16');
    expect(decodeBytes(Buffer.from(text, 'utf16le'))).toBe(text);
  });

  it('inflates gzip bodies sent without Content-Encoding', () => {
    expect(decodeBytes(gzipSync(iconv.encode(rss('Привет', 'windows-1251'), 'windows-1251')))).toContain('Привет');
  });

  it('refuses a gzip bomb instead of inflating it', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECODED_BYTES + 1024, 0x20));
    expect(() => decodeBytes(bomb)).toThrow(FeedDecodeError);
  });
});

describe('sanitizeXml', () => {
  it('escapes bare ampersands but keeps entities and CDATA untouched', () => {
    const out = sanitizeXml('<a href="x?a=1&b=2">Tom & Jerry &amp; &#169; &#xA9;<![CDATA[ R&D ]]></a>');
    expect(out).toBe('<a href="x?a=1&amp;b=2">Tom &amp; Jerry &amp; &#169; &#xA9;<![CDATA[ R&D ]]></a>');
  });

  it('turns HTML named entities into numeric references and escapes unknown ones', () => {
    expect(sanitizeXml('<t>a&nbsp;b &eacute; &bogus;</t>')).toBe('<t>a&#160;b &#233; &amp;bogus;</t>');
  });

  it('strips characters XML forbids, including numeric references to them', () => {
    expect(sanitizeXml('<t>a\u0000b\u0008c\u001Fd&#x1;e&#11;f\uFFFEg</t>')).toBe('<t>abcdefg</t>');
  });

  it('rewrites the prolog encoding to utf-8 and trims leading whitespace', () => {
    expect(sanitizeXml('\n  <?xml version="1.0" encoding="KOI8-R"?><rss/>')).toBe('<?xml version="1.0" encoding="utf-8"?><rss/>');
  });
});

describe('decodeFeedBody', () => {
  it('decodes and sanitises in one step', () => {
    const body = iconv.encode(rss('Вести & новости', 'windows-1251'), 'windows-1251');
    expect(decodeFeedBody(body, 'application/xml')).toBe(rss('Вести &amp; новости', 'utf-8'));
  });
});
