import { createHash } from 'node:crypto';
import { uuidV5 } from '@app/domain';

export { uuidV5 };

/** Query parameters that only track the reader, never identify the article. */
const TRACKING_PARAMS = new Set([
  'fbclid',
  'gclid',
  'dclid',
  'gclsrc',
  'msclkid',
  'yclid',
  'igshid',
  'mc_cid',
  'mc_eid',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'mkt_tok',
  'oly_anon_id',
  'oly_enc_id',
  'vero_id',
  'wt.mc_id',
  'cmpid',
  'ncid',
  'sr_share',
]);

function isTrackingParam(name: string): boolean {
  const n = name.toLowerCase();
  return n.startsWith('utm_') || TRACKING_PARAMS.has(n);
}

/**
 * A link in a form that survives cosmetic differences: lower-case scheme and host, default port
 * dropped, no fragment, tracking parameters (utm_*, fbclid, …) removed. Other parameters keep
 * their order, since some sites identify articles by them. Unparseable links are only trimmed.
 */
export function canonicalLink(link: string): string {
  const raw = link.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  url.hash = '';
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParam(name));
  if (kept.length !== [...url.searchParams].length) {
    url.search = kept.length ? new URLSearchParams(kept).toString() : '';
  }
  return url.href;
}

function normaliseText(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function sha256(parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

/** What identity and change detection read from an item. */
export interface IdentityFields {
  guid?: string;
  link?: string;
  title?: string;
  summary?: string;
  content?: string;
  publishedAt?: string;
  author?: string;
}

/** Longest key kept verbatim; longer GUIDs/links are hashed so keys stay index-friendly. */
const MAX_KEY_LENGTH = 1024;

function bounded(prefix: string, value: string): string {
  return value.length <= MAX_KEY_LENGTH ? value : `${prefix}sha256:${sha256([value])}`;
}

/**
 * The item's stable identity within its feed: its GUID (Atom id), else its canonical link, else a
 * hash of title, date and content. A GUID or link, when present, always wins, so a publisher
 * editing a title does not turn one story into two.
 */
export function itemKey(item: IdentityFields): string {
  const guid = item.guid?.trim();
  if (guid) return bounded('guid:', guid);
  const link = item.link?.trim();
  if (link) return bounded('link:', canonicalLink(link));
  return `hash:${fallbackHash(item)}`;
}

function fallbackHash(item: IdentityFields): string {
  const body = normaliseText(item.content) || normaliseText(item.summary);
  return sha256([normaliseText(item.title), item.publishedAt ?? '', body]);
}

/**
 * Keys every item of one document; items with the same key collapse to the first. One exception:
 * when a publisher reuses a GUID (or link) for an item that is plainly another one (a different
 * title, date or text in the same document), the later item is keyed `<key>#<hash of title, date
 * and content>` instead of being dropped. The first keeps the plain key, so it stays stable.
 */
export function keyItems<T extends IdentityFields>(items: readonly T[]): Array<T & { key: string }> {
  // Per key, the first item with it; the fingerprints are only computed once a key repeats.
  const firsts = new Map<string, T>();
  const fingerprints = new Map<string, Set<string>>();
  const used = new Set<string>();
  const out: Array<T & { key: string }> = [];
  for (const item of items) {
    const base = itemKey(item);
    const first = firsts.get(base);
    if (!first) {
      firsts.set(base, item);
      used.add(base);
      out.push({ ...item, key: base });
      continue;
    }
    let seen = fingerprints.get(base);
    if (!seen) {
      seen = new Set([fallbackHash(first)]);
      fingerprints.set(base, seen);
    }
    const fingerprint = fallbackHash(item);
    if (seen.has(fingerprint)) continue; // the same item repeated: first wins
    seen.add(fingerprint);
    const key = `${base}#${fingerprint.slice(0, 16)}`;
    if (used.has(key)) continue;
    used.add(key);
    out.push({ ...item, key });
  }
  return out;
}

/**
 * A fingerprint of what a reader sees (title, summary, content, link, date, author): equal for
 * equal items, different once the publisher edits any of them. For change detection, not identity.
 */
export function contentHash(item: IdentityFields): string {
  return sha256([
    normaliseText(item.title),
    normaliseText(item.summary),
    normaliseText(item.content),
    item.link ? canonicalLink(item.link) : '',
    item.publishedAt ?? '',
    normaliseText(item.author),
  ]);
}

/** Fixed namespace for report ids (a v4 UUID chosen once; never change it, or every id changes). */
export const REPORT_ID_NAMESPACE = '3f1c9a52-8d6e-4b7a-9e21-5c0d7f4a6b13';

/** The report id for an item of a feed: deterministic, so polling the same item twice never makes two reports. */
export function reportIdFor(feedId: string, itemKey: string): string {
  // feedId cannot contain a newline (it is an id), so the name splits unambiguously.
  return uuidV5(`${feedId}\n${itemKey}`, REPORT_ID_NAMESPACE);
}
