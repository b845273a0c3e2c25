import { Inject, Injectable, OnModuleDestroy, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUE_NAMES, ReportProcessJob, createQueue } from '@app/queues';

export const REPORT_QUEUE = Symbol('REPORT_QUEUE');

export const reportQueueProvider: Provider = {
  provide: REPORT_QUEUE,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => createQueue<ReportProcessJob>(QUEUE_NAMES.reportProcess, config),
};

@Injectable()
export class ReportQueueCloser implements OnModuleDestroy {
  constructor(@Inject(REPORT_QUEUE) private readonly queue: Queue) {}
  async onModuleDestroy(): Promise<void> {
    await this.queue.close();
  }
}
