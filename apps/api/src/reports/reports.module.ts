import { Module } from '@nestjs/common';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { GetReportHandler } from './get-report.query';
import { ReportQueueCloser, reportQueueProvider } from './report-queue.provider';
import { ReportsController } from './reports.controller';
import { SubmitReportHandler } from './submit-report.command';

@Module({
  controllers: [ReportsController],
  providers: [reportQueueProvider, ReportQueueCloser, SubmitReportHandler, GetReportHandler, ApiKeyGuard],
})
export class ReportsModule {}
