import { EventStore1732780000000 } from './1732780000000-event-store';
import { EventTypeCounts1732780100000 } from './1732780100000-event-type-counts';

/** Every migration, in order. Listed explicitly: no globs. */
export const MIGRATIONS = [EventStore1732780000000, EventTypeCounts1732780100000];
