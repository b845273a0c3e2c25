import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { RebuildProjectionHandler } from '../projections/rebuild-projection.command';
import { AttacksController } from './attacks/attacks.controller';
import { GetAttackHandler, ListAttacksHandler } from './attacks/attacks.queries';
import { CeasefiresController } from './ceasefires/ceasefires.controller';
import { GetIncidentHandler, ListReadModelHandler } from './common/incident-queries';
import { ReadModelErrorsFilter } from './common/read-model-errors.filter';
import { EventStreams, EventsController, ListEventsHandler } from './events/events.controller';
import { ExchangesController } from './exchanges/exchanges.controller';
import { ListReportsHandler, ReportsListController } from './reports/reports-list.controller';
import { AttackStatsHandler, StatsController } from './stats/stats.controller';
import { TalksController } from './talks/talks.controller';
import { TimelineController } from './timeline/timeline.controller';

/** The query API over the read models, the raw log (paged and live) and projection rebuilds. */
@Module({
  controllers: [
    AttacksController,
    TalksController,
    CeasefiresController,
    ExchangesController,
    TimelineController,
    ReportsListController,
    StatsController,
    EventsController,
  ],
  providers: [
    ListAttacksHandler,
    GetAttackHandler,
    ListReadModelHandler,
    GetIncidentHandler,
    ListReportsHandler,
    AttackStatsHandler,
    ListEventsHandler,
    EventStreams,
    RebuildProjectionHandler,
    ReadModelErrorsFilter,
    ApiKeyGuard,
  ],
})
export class ReadModelsModule {}
