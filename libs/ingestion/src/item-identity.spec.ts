import { canonicalLink, contentHash, itemKey, keyItems, reportIdFor, uuidV5 } from './item-identity';

describe('item identity', () => {
  describe('itemKey', () => {
    it('prefers the GUID, ignoring the title', () => {
      const before = itemKey({ guid: ' tag:site,2024:1 ', link: 'https://a.example/1', title: 'Old title' });
      const after = itemKey({ guid: 'tag:site,2024:1', link: 'https://a.example/1?utm_source=x', title: 'New title' });
      expect(before).toBe('tag:site,2024:1');
      expect(after).toBe(before);
    });

    it('falls back to the canonical link, ignoring the title', () => {
      const a = itemKey({ link: 'HTTPS://News.Example.COM:443/a/b?id=7&utm_source=rss&utm_medium=feed#comments', title: 'A' });
      const b = itemKey({ link: 'https://news.example.com/a/b?id=7', title: 'A (updated)' });
      expect(a).toBe('https://news.example.com/a/b?id=7');
      expect(b).toBe(a);
    });

    it('falls back to a hash of title, date and content', () => {
      const item = { title: 'Shelling reported', publishedAt: '2024-05-01T10:00:00.000Z', content: 'Text  here' };
      const key = itemKey(item);
      expect(key).toMatch(/^hash:[0-9a-f]{64}$/);
      expect(itemKey({ ...item, content: 'Text here' })).toBe(key); // whitespace is not identity
      expect(itemKey({ ...item, publishedAt: '2024-05-02T10:00:00.000Z' })).not.toBe(key);
    });

    it('hashes over-long GUIDs', () => {
      expect(itemKey({ guid: 'x'.repeat(5000) })).toMatch(/^guid:sha256:[0-9a-f]{64}$/);
    });
  });

  describe('canonicalLink', () => {
    it('drops tracking parameters and fragments but keeps meaningful parameters in order', () => {
      expect(canonicalLink('http://EXAMPLE.com/p?b=2&fbclid=zz&a=1&utm_campaign=c#top')).toBe('http://example.com/p?b=2&a=1');
    });
    it('leaves unparseable links trimmed', () => {
      expect(canonicalLink('  not a url ')).toBe('not a url');
    });
  });

  describe('keyItems', () => {
    it('collapses repeated items to the first', () => {
      const items = keyItems([
        { guid: 'g1', title: 'First' },
        { guid: 'g2', title: 'Second' },
        { guid: 'g1', title: 'First' },
      ]);
      expect(items.map((i) => [i.key, i.title])).toEqual([
        ['g1', 'First'],
        ['g2', 'Second'],
      ]);
    });

    it('keeps an item whose GUID a publisher reused for a different story, leaving the first key plain', () => {
      const items = keyItems([
        { guid: 'ep-2', title: 'Episode two' },
        { guid: 'ep-2', title: 'Episode two (extended)' },
      ]);
      expect(items).toHaveLength(2);
      expect(items[0]!.key).toBe('ep-2');
      expect(items[1]!.key).toMatch(/^ep-2#[0-9a-f]{16}$/);
    });
  });

  describe('contentHash', () => {
    it('changes when visible content changes and not otherwise', () => {
      const item = { title: 'T', summary: 'S', link: 'https://x.example/1' };
      expect(contentHash(item)).toBe(contentHash({ ...item, summary: ' S ' }));
      expect(contentHash(item)).not.toBe(contentHash({ ...item, title: 'T2' }));
    });
  });

  describe('reportIdFor', () => {
    it('is a deterministic version 5 UUID per feed and key', () => {
      const id = reportIdFor('feed-1', 'https://x.example/1');
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(reportIdFor('feed-1', 'https://x.example/1')).toBe(id);
      expect(reportIdFor('feed-2', 'https://x.example/1')).not.toBe(id);
      expect(reportIdFor('feed-1', 'https://x.example/2')).not.toBe(id);
    });

    it('implements RFC 9562 version 5 (known vector: DNS namespace, "www.example.com")', () => {
      expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    });
  });
});
