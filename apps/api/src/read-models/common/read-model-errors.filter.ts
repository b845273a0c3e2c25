import {
  ArgumentsHost,
  BadRequestException,
  Catch,
  ExceptionFilter,
  HttpException,
  InternalServerErrorException,
  Logger,
} from '@nestjs/common';
import { Response } from 'express';
import { InvalidCursorError } from '@app/projections';

/**
 * For the read endpoints: a bad cursor, or a value PostgreSQL cannot take (a data exception),
 * answers 400 naming the problem; HTTP exceptions pass through unchanged.
 */
@Catch()
export class ReadModelErrorsFilter implements ExceptionFilter {
  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) {
      res.end();
      return;
    }
    let http: HttpException;
    if (err instanceof HttpException) http = err;
    else if (err instanceof InvalidCursorError) http = new BadRequestException({ code: err.code, message: err.message });
    else if (/^22/.test(String((err as { code?: unknown }).code ?? '')))
      http = new BadRequestException({
        code: 'QUERY.INVALID_VALUE',
        message: `A parameter has a value that cannot be used: ${(err as Error).message}`,
      });
    else {
      Logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err), 'ReadModels');
      http = new InternalServerErrorException();
    }
    const status = http.getStatus();
    const body = http.getResponse();
    res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : { statusCode: status, ...body });
  }
}
