import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { loadConfigOrExit } from '@app/config';
import { createLogger, NestPinoLogger } from '@app/common';
import { ROLE_PROVIDERS, WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'worker');
  // A promise rejected with nobody to catch it is a bug to log, not a reason to drop the work in flight.
  process.on('unhandledRejection', (reason) =>
    logger.error({ error: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled promise rejection'),
  );
  const idle = config.workerRoles.filter((r) => ROLE_PROVIDERS[r].length === 0);
  if (idle.length) logger.warn({ roles: idle }, 'these roles have nothing to run in this version');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), { logger: new NestPinoLogger(logger) });
  await app.init();
  logger.info({ roles: config.workerRoles }, 'worker started');
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'draining and shutting down');
      const timer = setTimeout(() => {
        logger.error('shutdown timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs);
      timer.unref();
      void app.close().then(() => {
        logger.info('worker stopped');
        process.exit(0);
      });
    });
  }
}

main().catch((err) => {
  process.stderr.write(`worker failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
