import { createHash, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommand, ICommandHandler } from '@nestjs/cqrs';
import { Queue } from 'bullmq';
import { EVENT_STORE } from '@app/common';
import { PostgresEventStore } from '@app/event-store';
import { reportStream } from '@app/processing';
import { ReportProcessJob, enqueueReportProcess } from '@app/queues';
import { SubmitReportRequestDto } from './dto/submit-report.request.dto';
import { REPORT_QUEUE } from './report-queue.provider';

export class SubmitReportCommand implements ICommand {
  constructor(readonly report: SubmitReportRequestDto) {}
}

export interface SubmittedReport {
  id: string;
  status: 'queued';
}

/** Records a report given by hand as ReportReceived, then queues it for processing. */
@CommandHandler(SubmitReportCommand)
export class SubmitReportHandler implements ICommandHandler<SubmitReportCommand, SubmittedReport> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(REPORT_QUEUE) private readonly queue: Queue<ReportProcessJob>,
  ) {}

  async execute({ report }: SubmitReportCommand): Promise<SubmittedReport> {
    const reportId = randomUUID();
    const contentHash = createHash('sha256').update(`${report.title}\n${report.content}`).digest('hex');
    await this.store.append(
      reportStream(reportId),
      [
        {
          eventId: reportId,
          type: 'ReportReceived',
          data: {
            reportId,
            title: report.title,
            content: report.content,
            ...(report.url ? { url: report.url } : {}),
            ...(report.publishedAt ? { publishedAt: new Date(report.publishedAt).toISOString() } : {}),
            contentHash,
          },
          metadata: { reportId, correlationId: reportId, source: 'api' },
        },
      ],
      { expectedVersion: 'no_stream' },
    );
    // The report is safe in PostgreSQL; should Redis be away, the process sweep queues it later.
    await Promise.race([
      enqueueReportProcess(this.queue, { reportId, correlationId: reportId }).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, 2000).unref()),
    ]);
    return { id: reportId, status: 'queued' };
  }
}
