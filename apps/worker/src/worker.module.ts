import { DynamicModule, Module, Provider } from '@nestjs/common';
import { AppConfig, ConfigModule, WorkerRole } from '@app/config';
import { InfrastructureModule, Logger } from '@app/common';
import { DeliverService } from './roles/deliver.processor';
import { FeedPollService } from './roles/feed-poll.processor';
import { NotifyService } from './roles/notify.service';
import { ProjectionRunnersService } from './roles/projection-runners.service';
import { ReportProcessService } from './roles/report-process.processor';

/** The providers each role brings; a role with none yet is reported at start. */
export const ROLE_PROVIDERS: Record<WorkerRole, Provider[]> = {
  poll: [FeedPollService],
  process: [ReportProcessService],
  project: [ProjectionRunnersService],
  notify: [NotifyService],
  deliver: [DeliverService],
};

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    const providers = config.workerRoles.flatMap((role) => ROLE_PROVIDERS[role]);
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(config),
        InfrastructureModule.forRoot(config, logger, `conflict-monitor-worker:${config.workerRoles.join('+')}`),
      ],
      providers,
    };
  }
}
