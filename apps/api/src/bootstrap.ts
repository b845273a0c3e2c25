import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppConfig } from '@app/config';
import { Logger, NestPinoLogger } from '@app/common';
import { mountQueueBoard } from './admin/queue-board';
import { ApiModule } from './api.module';

/** Builds the HTTP application (not listening yet): used by main.ts and by the tests. */
export async function createApiApp(config: AppConfig, logger: Logger): Promise<INestApplication> {
  const app = await NestFactory.create(ApiModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
    bufferLogs: false,
    abortOnError: false,
  });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
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
