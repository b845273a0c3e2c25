import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';

export type { Logger } from 'pino';

const REDACT = ['apiKey', 'secret', 'password', 'authorization', 'headers.authorization', 'headers["x-api-key"]', '*.secret', '*.apiKey'];

/** JSON logs on stdout (or the given destination), secrets redacted. */
export function createLogger(level: string, name: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    { level, name, base: { service: name }, redact: { paths: REDACT, censor: '[redacted]' }, timestamp: pino.stdTimeFunctions.isoTime },
    destination as pino.DestinationStream | undefined,
  );
}

/** Lets Nest write through the same JSON logger. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
