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
