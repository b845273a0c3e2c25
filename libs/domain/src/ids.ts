import { createHash } from 'node:crypto';

function uuidBytes(uuid: string): Buffer {
  const hex = uuid.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`not a UUID: ${uuid}`);
  return Buffer.from(hex, 'hex');
}

/** RFC 9562 version 5 UUID: SHA-1 of namespace bytes and name, with version and variant bits set. */
export function uuidV5(name: string, namespace: string): string {
  const digest = createHash('sha1').update(uuidBytes(namespace)).update(name, 'utf8').digest();
  const bytes = digest.subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Namespace of ids derived from a report's processing (never change it: every id would change). */
export const PROCESSING_ID_NAMESPACE = '9b2e7c14-5a3f-4d8e-b6c1-0e7f2a9d4c58';

/** The id of the n-th event a report yields under an extractor version: a retry never duplicates it. */
export function extractedEventId(reportId: string, extractorVersion: string, index: number, kind = 'event'): string {
  return uuidV5(`${reportId}\n${extractorVersion}\n${index}\n${kind}`, PROCESSING_ID_NAMESPACE);
}

/**
 * The outlet a report came from, so that reports of one outlet count as one independent source:
 * the host of the report's URL without a leading `www.`, `m.`, `mobile.` or `amp.`; else its feed;
 * else the report itself (a report sent by hand without a URL stands alone).
 */
export function outletOf(report: { url?: string | null; feedId?: string | null; reportId: string }): string {
  if (report.url) {
    try {
      const host = new URL(report.url).hostname.toLowerCase().replace(/\.$/, '');
      const bare = host.replace(/^(?:www\d*|m|mobile|amp)\./, '');
      if (bare) return bare;
    } catch {
      // not a URL: fall through
    }
  }
  return report.feedId ? `feed:${report.feedId}` : `report:${report.reportId}`;
}

/** How many independent sources a list of (outlet, report) pairs makes: distinct outlets, a report without one counting alone. */
export function independentSources(sources: { outlet?: string | null; reportId: string }[]): number {
  return new Set(sources.map((s) => s.outlet ?? `report:${s.reportId}`)).size;
}
