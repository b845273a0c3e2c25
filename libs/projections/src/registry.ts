import { eventTypeCountsProjection } from './event-type-counts/event-type-counts.projection';
import { AnyProjection } from './projection';
import { attacksProjection } from './attacks/attacks.projection';
import { talksProjection } from './talks/talks.projection';
import { ceasefiresProjection } from './ceasefires/ceasefires.projection';
import { exchangesProjection } from './exchanges/exchanges.projection';
import { timelineProjection } from './timeline/timeline.projection';
import { attackDailyStatsProjection } from './attack-daily-stats/attack-daily-stats.projection';
import { reportsProjection } from './reports/reports.projection';

/** Every projection the workers run, by name. */
export const PROJECTIONS: readonly AnyProjection[] = [
  eventTypeCountsProjection,
  attacksProjection,
  talksProjection,
  ceasefiresProjection,
  exchangesProjection,
  timelineProjection,
  attackDailyStatsProjection,
  reportsProjection,
];

export function findProjection(name: string): AnyProjection | undefined {
  return PROJECTIONS.find((p) => p.name === name);
}
