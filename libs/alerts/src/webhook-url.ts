import { AddressPolicy, UrlNotAllowedError, createAddressPolicy } from '@app/ingestion';
import { WebhookUrlRefusedError } from './subscription-errors';

const PUBLIC_ONLY = createAddressPolicy({ allowPrivate: false });

/**
 * Checks a webhook URL against the address policy (as feeds are). Endpoints on the public internet
 * must use https; plain http is accepted only for addresses the policy lets through as private
 * exceptions (a receiver on this machine or network, as in development and tests).
 */
export async function vetWebhookUrl(input: string, policy: AddressPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new WebhookUrlRefusedError(input, 'a malformed URL (it must be an absolute https URL)');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new WebhookUrlRefusedError(input, `a URL with the ${url.protocol} scheme (only https is allowed)`);
  }
  if (url.username || url.password) throw new WebhookUrlRefusedError(input, 'a URL with credentials in it (use the signature instead)');
  url.hash = '';
  const href = url.href;
  try {
    await policy.assertUrlAllowed(href);
  } catch (err) {
    if (err instanceof UrlNotAllowedError) throw new WebhookUrlRefusedError(input, err.reason);
    const code = (err as NodeJS.ErrnoException).code;
    throw new WebhookUrlRefusedError(input, `a host ${url.hostname} that could not be resolved${code ? ` (${code})` : ''}`);
  }
  if (url.protocol === 'http:') {
    const publicHost = await PUBLIC_ONLY.assertUrlAllowed(href).then(
      () => true,
      () => false,
    );
    if (publicHost) throw new WebhookUrlRefusedError(input, 'a plain http URL on the public internet (use https)');
  }
  return href;
}
