export type ExpectedVersion = number | 'no_stream' | 'stream_exists' | 'any';

export interface EventMetadata {
  correlationId?: string;
  causationId?: string;
  reportId?: string;
  feedId?: string;
  extractorVersion?: string;
  confidence?: number;
  [key: string]: unknown;
}

/** An event to append. `eventId` makes the append idempotent: the same id is never stored twice. */
export interface NewEvent {
  eventId?: string;
  type: string;
  data: unknown;
  metadata?: EventMetadata;
  schemaVersion?: number;
}

export interface StoredEvent<D = Record<string, unknown>> {
  globalPosition: number;
  transactionId: string;
  streamId: string;
  streamPosition: number;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  recordedAt: Date;
}

export interface AppendResult {
  streamId: string;
  /** The stream's version after the append: the position of its last event (positions start at 1). */
  nextExpectedVersion: number;
  firstPosition: number;
  lastPosition: number;
  /** false when every event was already stored by an earlier append: nothing was written. */
  created: boolean;
}

/** A reader's place in the log: the ordering key and the checkpoint key are the same pair. */
export interface Checkpoint {
  transactionId: string;
  globalPosition: number;
}

export const START: Checkpoint = Object.freeze({ transactionId: '0', globalPosition: 0 });

export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.globalPosition - b.globalPosition;
}

export function checkpointOf(e: Pick<StoredEvent, 'transactionId' | 'globalPosition'>): Checkpoint {
  return { transactionId: e.transactionId, globalPosition: e.globalPosition };
}
