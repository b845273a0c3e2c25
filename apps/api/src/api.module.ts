import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AppConfig, ConfigModule } from '@app/config';
import { InfrastructureModule, Logger } from '@app/common';
import { AlertsModule } from './alerts.module';
import { ApiKeyGuard } from './auth/api-key.guard';
import { FeedsModule } from './feeds/feeds.module';
import { HealthController } from './health/health.controller';
import { GetProjectionsHandler } from './projections/get-projections.query';
import { ProjectionsController } from './projections/projections.controller';
import { QueueBoardModule } from './admin/queue-board';
import { MetricsModule } from './metrics/metrics.module';
import { ReportsModule } from './reports/reports.module';
import { ReadModelsModule } from './read-models/read-models.module';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        InfrastructureModule.forRoot(config, logger, 'conflict-monitor-api'),
        CqrsModule.forRoot(),
        ReportsModule,
        FeedsModule,
        AlertsModule,
        MetricsModule,
        QueueBoardModule,
        ReadModelsModule,
      ],
      controllers: [HealthController, ProjectionsController],
      providers: [ApiKeyGuard, GetProjectionsHandler],
    };
  }
}
