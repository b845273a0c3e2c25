import { readFile } from 'node:fs/promises';

export interface FeedFileEntry {
  url: string;
  title?: string;
  pollIntervalSeconds?: number;
}

export class FeedsFileError extends Error {
  readonly code = 'FEED.FILE_INVALID';
  constructor(message: string) {
    super(message);
    this.name = 'FeedsFileError';
  }
}

function entryFrom(value: unknown, where: string): FeedFileEntry {
  if (typeof value === 'string') return { url: value.trim() };
  if (value && typeof value === 'object' && typeof (value as { url?: unknown }).url === 'string') {
    const v = value as { url: string; title?: unknown; pollIntervalSeconds?: unknown };
    const entry: FeedFileEntry = { url: v.url.trim() };
    if (v.title !== undefined) {
      if (typeof v.title !== 'string') throw new FeedsFileError(`${where}: title must be a string`);
      entry.title = v.title;
    }
    if (v.pollIntervalSeconds !== undefined) {
      if (!Number.isInteger(v.pollIntervalSeconds)) throw new FeedsFileError(`${where}: pollIntervalSeconds must be a whole number`);
      entry.pollIntervalSeconds = v.pollIntervalSeconds as number;
    }
    return entry;
  }
  throw new FeedsFileError(`${where}: expected a URL string or an object with a "url"`);
}

/**
 * Reads a feeds file: JSON (an array of URLs or of `{ url, title?, pollIntervalSeconds? }`, or an
 * object with such a `feeds` array), else plain text with one URL a line (blank lines and lines
 * starting with "#" are skipped).
 */
export function parseFeedsFile(text: string): FeedFileEntry[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(trimmed);
    } catch (err) {
      throw new FeedsFileError(`the feeds file looks like JSON but does not parse: ${(err as Error).message}`);
    }
    const list = Array.isArray(json) ? json : (json as { feeds?: unknown }).feeds;
    if (!Array.isArray(list)) throw new FeedsFileError('a JSON feeds file must be an array or an object with a "feeds" array');
    return list.map((v, i) => entryFrom(v, `entry ${i + 1}`));
  }
  return trimmed
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((url) => ({ url }));
}

export async function readFeedsFile(path: string): Promise<FeedFileEntry[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new FeedsFileError(`cannot read the feeds file ${path}: ${(err as Error).message}`);
  }
  return parseFeedsFile(text);
}
