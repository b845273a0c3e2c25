import { StoredEvent } from '@app/event-store';

/** Builds stored events for given/when/then specs of projections (positions count up). */
export function givenEvents(): {
  at: (streamId: string, type: string, data: Record<string, unknown>, metadata?: Record<string, unknown>) => StoredEvent;
  fold: <R>(evolve: (row: R | null, e: StoredEvent, key: string) => R | null, key: string, events: StoredEvent[]) => R | null;
} {
  let position = 0;
  const versions = new Map<string, number>();
  return {
    at(streamId, type, data, metadata = {}) {
      position += 1;
      const v = (versions.get(streamId) ?? 0) + 1;
      versions.set(streamId, v);
      return {
        globalPosition: position,
        transactionId: String(1000 + position),
        streamId,
        streamPosition: v,
        eventId: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
        type,
        schemaVersion: 1,
        data,
        metadata,
        recordedAt: new Date(Date.UTC(2025, 5, 2, 12, 0, position)),
      };
    },
    fold(evolve, key, events) {
      return events.reduce<ReturnType<typeof evolve>>((row, e) => evolve(row, e, key), null);
    },
  };
}
