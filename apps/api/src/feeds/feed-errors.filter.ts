import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import {
  FeedAlreadyRegisteredError,
  FeedError,
  FeedNotFoundError,
  FeedPausedError,
  FeedSettingInvalidError,
  FeedUrlRefusedError,
} from '@app/feeds';

/** Maps the feed errors' stable codes to HTTP statuses, with a body that says what to fix. */
@Catch(FeedError)
export class FeedErrorsFilter implements ExceptionFilter {
  catch(err: FeedError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body: Record<string, unknown> = { code: err.code, message: err.message };
    let status: number = HttpStatus.BAD_REQUEST;
    if (err instanceof FeedNotFoundError) status = HttpStatus.NOT_FOUND;
    else if (err instanceof FeedAlreadyRegisteredError) {
      status = HttpStatus.CONFLICT;
      body.existingId = err.existingId;
    } else if (err instanceof FeedPausedError) status = HttpStatus.CONFLICT;
    else if (err instanceof FeedUrlRefusedError) {
      body.field = err.field;
      body.reason = err.reason;
    } else if (err instanceof FeedSettingInvalidError) body.field = err.field;
    res.status(status).json({ statusCode: status, ...body });
  }
}
