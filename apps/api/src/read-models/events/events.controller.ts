import {
  BadRequestException,
  Controller,
  Get,
  Headers,
  Inject,
  Injectable,
  OnModuleDestroy,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { IQuery, IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { ApiBadRequestResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Request, Response } from 'express';
import { Pool } from 'pg';
import { EVENT_STORE, PG_POOL, WAKE_SOURCE } from '@app/common';
import { EVENT_TYPES } from '@app/domain';
import { Checkpoint, EventSubscription, PostgresEventStore, START, WakeSource } from '@app/event-store';
import { Limit } from '../common/page.dto';
import { ReadModelErrorsFilter } from '../common/read-model-errors.filter';
import { LogEvent, formatCursor, parseLogPosition, readLog, resolvePosition, toLogEvent, visibleHead } from './log-cursor';
import { EventsPageDto } from './events.responses';

const KNOWN = new Set<string>(EVENT_TYPES);

export class EventsStreamDto {
  @ApiPropertyOptional({
    description:
      'Start after this place: a cursor "<transactionId>:<globalPosition>" (an event\'s id) or a bare global position; 0 for the start',
  })
  @IsOptional()
  @IsString({ message: 'after must be given once, as text' })
  @MaxLength(40, { message: 'after must be a cursor "<transactionId>:<globalPosition>" or a global position' })
  after?: string;

  @ApiPropertyOptional({ description: `Comma-separated event types (${EVENT_TYPES.join(', ')})` })
  @IsOptional()
  @IsString({ message: 'type must be given once, as a comma-separated list' })
  @MaxLength(2000)
  type?: string;
}

export class ListEventsDto extends EventsStreamDto {
  @Limit(1000, 100)
  limit?: number;
}

function typesOf(v: string | undefined): string[] | null {
  if (v === undefined) return null;
  const types = v.split(',').map((t) => t.trim());
  const unknown = types.filter((t) => !KNOWN.has(t));
  if (unknown.length || types.length === 0)
    throw new BadRequestException({ code: 'EVENTS.BAD_TYPE', message: `type must list event types from: ${EVENT_TYPES.join(', ')}` });
  return types;
}

function positionOf(v: string, name: string): Checkpoint | { position: number } {
  const p = parseLogPosition(v);
  if (!p)
    throw new BadRequestException({
      code: 'EVENTS.BAD_POSITION',
      message: `${name} must be a cursor "<transactionId>:<globalPosition>" or a global position`,
    });
  return p;
}

export class ListEventsQuery implements IQuery {
  constructor(
    readonly after: Checkpoint | { position: number },
    readonly types: string[] | null,
    readonly limit: number,
  ) {}
}

export interface EventsPage {
  events: LogEvent[];
  /** Where the next page starts (pass as after); the same as `after` when nothing new was there. */
  next: string;
}

@QueryHandler(ListEventsQuery)
export class ListEventsHandler implements IQueryHandler<ListEventsQuery, EventsPage> {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
  ) {}
  async execute(q: ListEventsQuery): Promise<EventsPage> {
    const after = await resolvePosition(this.pool, q.after);
    const events = await readLog(this.store, after, q.types, q.limit);
    return { events, next: events.length ? events[events.length - 1].id : formatCursor(after) };
  }
}

/** Open event streams, ended when the application shuts down. */
@Injectable()
export class EventStreams implements OnModuleDestroy {
  private readonly open = new Set<() => void>();
  add(close: () => void): () => void {
    this.open.add(close);
    return () => this.open.delete(close);
  }
  get size(): number {
    return this.open.size;
  }
  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }
}

export const KEEP_ALIVE_MS = 15_000;

@ApiTags('events')
@UseFilters(ReadModelErrorsFilter)
@Controller('events')
export class EventsController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(EVENT_STORE) private readonly store: PostgresEventStore,
    @Inject(WAKE_SOURCE) private readonly wake: WakeSource,
    private readonly streams: EventStreams,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Pages through the raw event log in commit order' })
  @ApiOkResponse({
    type: EventsPageDto,
    description:
      '{ events: [{ id (cursor), globalPosition, transactionId, streamId, streamPosition, eventId, type, data, metadata, recordedAt }], next }',
  })
  @ApiBadRequestResponse({ description: 'after, type or limit is malformed; the message says what is allowed' })
  list(@Query() q: ListEventsDto): Promise<EventsPage> {
    return this.queries.execute<ListEventsQuery, EventsPage>(
      new ListEventsQuery(q.after === undefined ? START : positionOf(q.after, 'after'), typesOf(q.type), q.limit ?? 100),
    );
  }

  @Get('stream')
  @ApiOperation({
    summary: 'New events as Server-Sent Events; each event id is its cursor, so a reconnect with Last-Event-ID resumes exactly',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'Resume after this event id (sent by EventSource on reconnect)' })
  @ApiOkResponse({
    description: 'A text/event-stream: "id: <cursor>", "event: <type>", "data: <the event as JSON>"; comments as keep-alives',
    content: {
      'text/event-stream': {
        schema: { type: 'string', description: 'Server-Sent Events; each data line is an event as GET /events shows it' },
      },
    },
  })
  @ApiBadRequestResponse({ description: 'after, type or Last-Event-ID is malformed' })
  async stream(
    @Query() q: EventsStreamDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const types = typesOf(q.type);
    const given = lastEventId ? positionOf(lastEventId, 'Last-Event-ID') : q.after !== undefined ? positionOf(q.after, 'after') : null;
    const from = given ? await resolvePosition(this.pool, given) : await visibleHead(this.pool);
    const wanted = types ? new Set(types) : null;

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: 2000\n: from ${formatCursor(from)}\n\n`);

    let closed = false;
    const drain = () =>
      new Promise<void>((resolve) => {
        res.once('drain', resolve);
        res.once('close', resolve);
      });
    const sub = new EventSubscription(this.store, {
      from,
      batchSize: 200,
      pollMs: 1000,
      wake: this.wake,
      handle: async (events) => {
        for (const e of events) {
          if (closed) return;
          if (wanted && !wanted.has(e.type)) continue;
          const event = toLogEvent(e);
          if (!res.write(`id: ${event.id}\nevent: ${e.type}\ndata: ${JSON.stringify(event)}\n\n`)) await drain();
        }
      },
      onError: () => undefined,
    });
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(keepAlive);
      forget();
      void sub.stop();
      res.end();
    };
    const forget = this.streams.add(close);
    req.on('close', close);
    res.on('close', close);
    void sub.start();
  }
}
