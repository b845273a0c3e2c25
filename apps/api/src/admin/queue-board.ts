import { createHash, timingSafeEqual } from 'node:crypto';
import { INestApplication, Inject, Injectable, Module, OnModuleDestroy } from '@nestjs/common';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { Queue } from 'bullmq';
import { NextFunction, Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@app/config';
import { QUEUE_NAMES, createQueue } from '@app/queues';

export const QUEUE_BOARD_PATH = '/admin/queues';

/** The queues the dashboard shows, closed with the app. */
@Injectable()
export class BoardQueues implements OnModuleDestroy {
  readonly queues: Queue[];
  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.queues = Object.values(QUEUE_NAMES).map((name) => createQueue(name, config));
  }
  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
  }
}

@Module({ providers: [BoardQueues], exports: [BoardQueues] })
export class QueueBoardModule {}

const digest = (v: string) => createHash('sha256').update(v).digest();

/** An API key as x-api-key, Bearer, or the password of HTTP Basic (so a browser can log in). */
export function apiKeyMiddleware(keys: string[]) {
  const digests = keys.map(digest);
  return (req: Request, res: Response, next: NextFunction): void => {
    const header = req.headers['x-api-key'];
    const auth = req.headers.authorization ?? '';
    let presented = Array.isArray(header) ? header[0] : header;
    if (!presented && /^Bearer\s+/i.test(auth)) presented = auth.replace(/^Bearer\s+/i, '');
    if (!presented && /^Basic\s+/i.test(auth)) {
      const decoded = Buffer.from(auth.replace(/^Basic\s+/i, ''), 'base64').toString('utf8');
      presented = decoded.slice(decoded.indexOf(':') + 1);
    }
    if (presented && digests.some((d) => timingSafeEqual(d, digest(presented!)))) return next();
    res.setHeader('WWW-Authenticate', 'Basic realm="conflict-monitor queues", charset="UTF-8"');
    res.status(401).json({
      statusCode: 401,
      code: 'AUTH.MISSING_KEY',
      message: 'The queue dashboard needs an API key (x-api-key, Bearer, or the password of Basic auth)',
    });
  };
}

/** Mounts bull-board at /admin/queues behind the API key. */
export function mountQueueBoard(app: INestApplication): void {
  const { queues, config } = app.get(BoardQueues);
  const adapter = new ExpressAdapter();
  adapter.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter: adapter });
  app.use(QUEUE_BOARD_PATH, apiKeyMiddleware(config.apiKeys), adapter.getRouter());
}
