import 'reflect-metadata';
import { loadConfigOrExit } from '@app/config';
import { createLogger } from '@app/common';
import { createApiApp } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel, 'api');
  // A promise rejected with nobody to catch it is a bug to log, not a reason to drop the work in flight.
  process.on('unhandledRejection', (reason) =>
    logger.error({ error: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled promise rejection'),
  );
  const app = await createApiApp(config, logger);
  await app.listen(config.port, config.host);
  logger.info({ port: config.port }, `API listening on http://${config.host}:${config.port} (docs at /docs)`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'shutting down');
      const timer = setTimeout(() => process.exit(1), config.shutdownTimeoutMs);
      timer.unref();
      void app.close().then(() => process.exit(0));
    });
  }
}

main().catch((err) => {
  process.stderr.write(`API failed to start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
