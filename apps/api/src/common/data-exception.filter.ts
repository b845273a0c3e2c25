import { ArgumentsHost, Catch, HttpStatus } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { Response } from 'express';

/** PostgreSQL's data exceptions (SQLSTATE class 22): a value it could not take, not a fault of the server. */
export const isDataException = (err: unknown): err is Error & { code: string } =>
  err instanceof Error && /^22[0-9A-Z]{3}$/.test(String((err as { code?: unknown }).code ?? ''));

/**
 * The last word on errors no endpoint's own filter handled: a value PostgreSQL refused answers 400
 * saying so, rather than 500; everything else goes to Nest's usual handling.
 */
@Catch()
export class DataExceptionFilter extends BaseExceptionFilter {
  override catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (isDataException(err) && !res.headersSent) {
      res.status(HttpStatus.BAD_REQUEST).json({
        statusCode: HttpStatus.BAD_REQUEST,
        code: 'REQUEST.INVALID_VALUE',
        message: `A value in the request cannot be stored or used: ${err.message}`,
      });
      return;
    }
    super.catch(err, host);
  }
}
