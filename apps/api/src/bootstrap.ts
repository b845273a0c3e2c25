import { INestApplication, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { Logger, NestPinoLogger } from '@app/common';
import { mountQueueBoard } from './admin/queue-board';
import { ApiModule } from './api.module';
import { DataExceptionFilter } from './common/data-exception.filter';
import { RequestBodyPipe } from './common/request-body.pipe';

/** Builds the HTTP application (not listening yet): used by main.ts and by the tests. */
export async function createApiApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    abortOnError: false,
  });
  // No ETag on responses: Express would hash every body (a page of fifty incidents is ~27 kB) on
  // every request to make one, for the rare client that sends If-None-Match.
  app.set('etag', false);
  // A report's content may be 200 000 characters: more than the 100 kB JSON bodies are allowed by default.
  // Not strict: a body of null, a number or a string is read, so the answer can say it must be an object.
  app.useBodyParser('json', { limit: '1mb', strict: false });
  // Bodies are cleaned of text PostgreSQL cannot store before they are validated.
  app.useGlobalPipes(new RequestBodyPipe(), new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  app.useGlobalFilters(new DataExceptionFilter(app.get(HttpAdapterHost).httpAdapter));
  mountQueueBoard(app);
  const doc = new DocumentBuilder()
    .setTitle('Conflict monitor API')
    .setDescription('Structured events from news reports on the Russia–Ukraine war and peace process.')
    .setVersion('0.1.0')
    .addApiKey({ type: 'apiKey', name: 'x-api-key', in: 'header' }, 'api-key')
    .build();
  SwaggerModule.setup('docs', app, SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'docs-json' });
  return app;
}
