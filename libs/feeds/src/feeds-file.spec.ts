import { FeedsFileError, parseFeedsFile } from './feeds-file';

describe('parseFeedsFile', () => {
  it('reads one URL a line, skipping blanks and comments', () => {
    const text = '# trusted sources\nhttps://a.example/rss\n\n  https://b.example/atom.xml  \r\n#https://c.example/\n';
    expect(parseFeedsFile(text)).toEqual([{ url: 'https://a.example/rss' }, { url: 'https://b.example/atom.xml' }]);
  });

  it('reads a JSON array of URLs and of objects', () => {
    const text = JSON.stringify(['https://a.example/rss', { url: 'https://b.example/', title: 'B', pollIntervalSeconds: 600 }]);
    expect(parseFeedsFile(text)).toEqual([{ url: 'https://a.example/rss' }, { url: 'https://b.example/', title: 'B', pollIntervalSeconds: 600 }]);
  });

  it('reads a JSON object with a feeds array', () => {
    expect(parseFeedsFile('{"feeds": ["https://a.example/rss"]}')).toEqual([{ url: 'https://a.example/rss' }]);
  });

  it('says what is wrong with a malformed file', () => {
    expect(() => parseFeedsFile('[1, 2]')).toThrow(new FeedsFileError('entry 1: expected a URL string or an object with a "url"'));
    expect(() => parseFeedsFile('{"feeds": 3}')).toThrow(/"feeds" array/);
    expect(() => parseFeedsFile('[{"url": "https://a.example/", "pollIntervalSeconds": "often"}]')).toThrow(/entry 1: pollIntervalSeconds/);
    expect(() => parseFeedsFile('[oops')).toThrow(/does not parse/);
  });
});
