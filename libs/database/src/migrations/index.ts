import { EventStore1732780000000 } from './1732780000000-event-store';
import { EventTypeCounts1732780100000 } from './1732780100000-event-type-counts';
import { Incidents1732780300000 } from './1732780300000-incidents';
import { Feeds1732780400000 } from './1732780400000-feeds';
import { ReadModels1732780560000 } from './1732780560000-read-models';
import { Alerts1732780600000 } from './1732780600000-alerts';
import { ReadModelGinFastupdateOff1732780700000 } from './1732780700000-read-model-gin-fastupdate-off';
import { ReadModelListItems1732780710000 } from './1732780710000-read-model-list-items';
import { FeedPollOutcomes1732780720000 } from './1732780720000-feed-poll-outcomes';

/** Every migration, in order. Listed explicitly: no globs. */
export const MIGRATIONS = [
  EventStore1732780000000,
  EventTypeCounts1732780100000,
  Incidents1732780300000,
  Feeds1732780400000,
  ReadModels1732780560000,
  Alerts1732780600000,
  ReadModelGinFastupdateOff1732780700000,
  ReadModelListItems1732780710000,
  FeedPollOutcomes1732780720000,
];
