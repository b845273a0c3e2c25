import { AddressPolicy, UrlNotAllowedError } from '@app/ingestion';
import { FeedUrlRefusedError } from './feed-errors';

/** The form a feed URL is stored in (so duplicates compare equal): parsed, fragment dropped. */
export function normaliseFeedUrl(input: string): string {
  const raw = input.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new FeedUrlRefusedError(input, 'a malformed URL (it must be an absolute http or https URL)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FeedUrlRefusedError(input, `a URL with the ${url.protocol} scheme (only http and https are allowed)`);
  }
  url.hash = '';
  return url.href;
}

/** Normalises the URL and checks it against the address policy; refusals carry the reason in words. */
export async function vetFeedUrl(input: string, policy: AddressPolicy): Promise<string> {
  const url = normaliseFeedUrl(input);
  try {
    await policy.assertUrlAllowed(url);
  } catch (err) {
    if (err instanceof UrlNotAllowedError) throw new FeedUrlRefusedError(input, err.reason);
    const host = new URL(url).hostname;
    const code = (err as NodeJS.ErrnoException).code;
    throw new FeedUrlRefusedError(input, `a host ${host} that could not be resolved${code ? ` (${code})` : ''}`);
  }
  return url;
}
