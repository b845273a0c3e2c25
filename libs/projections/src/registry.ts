import { eventTypeCountsProjection } from './event-type-counts/event-type-counts.projection';
import { AnyProjection } from './projection';

/** Every projection the workers run, by name. */
export const PROJECTIONS: readonly AnyProjection[] = [eventTypeCountsProjection];

export function findProjection(name: string): AnyProjection | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}
