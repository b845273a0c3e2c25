import { Inject, NotFoundException } from '@nestjs/common';
import { IQuery, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Pool } from 'pg';
import { EVENT_STORE, PG_POOL } from '@app/common';
import { EventData } from '@app/domain';
import { PostgresEventStore } from '@app/event-store';
import { eventsByIds, reportStream } from '@app/processing';

export class GetReportQuery implements IQuery {
  constructor(readonly id: string) {}
}

export interface ReportView {
  id: string;
  title: string;
  summary?: string;
  content?: string;
  url?: string;
  publishedAt?: string;
  feedId?: string;
  receivedAt: string;
  status: 'pending' | 'processed';
  extractorVersion?: string;
  ignored?: string;
  incidentIds: string[];
  events: { eventId: string; type: string; streamId: string; confidence?: number; data: Record<string, unknown> }[];
}

/** A report with the events taken from it (by its latest processing). */
@QueryHandler(GetReportQuery)
export class GetReportHandler implements IQueryHandler<GetReportQuery, ReportView> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(PG_POOL) private readonly pool: Pool,
  ) {}

  async execute({ id }: GetReportQuery): Promise<ReportView> {
    const stream = await this.store.readStream(reportStream(id));
    const received = stream.find((e) => e.type === 'ReportReceived');
    if (!received) throw new NotFoundException({ code: 'REPORT.NOT_FOUND', message: `No report with id ${id}` });
    const r = received.data as EventData<'ReportReceived'>;
    const processed = [...stream].reverse().find((e) => e.type === 'ReportProcessed');
    const p = processed?.data as EventData<'ReportProcessed'> | undefined;
    const events = await eventsByIds(this.pool, p?.eventIds ?? []);
    return {
      id,
      title: r.title,
      ...(r.summary ? { summary: r.summary } : {}),
      ...(r.content ? { content: r.content } : {}),
      ...(r.url ? { url: r.url } : {}),
      ...(r.publishedAt ? { publishedAt: r.publishedAt } : {}),
      ...(r.feedId ? { feedId: r.feedId } : {}),
      receivedAt: received.recordedAt.toISOString(),
      status: p ? 'processed' : 'pending',
      ...(p ? { extractorVersion: p.extractorVersion } : {}),
      ...(p?.ignored ? { ignored: p.ignored } : {}),
      incidentIds: p?.incidentIds ?? [],
      events: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        streamId: e.streamId,
        ...(typeof e.metadata.confidence === 'number' ? { confidence: e.metadata.confidence } : {}),
        data: e.data,
      })),
    };
  }
}
