import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { Response } from 'express';
import {
  AlertsError,
  DeliveryNotFoundError,
  SubscriptionDisabledError,
  SubscriptionInvalidError,
  SubscriptionNotFoundError,
  WebhookUrlRefusedError,
} from '@app/alerts';

/** Maps the alerts errors' stable codes to HTTP statuses, with a body that says what to fix. */
@Catch(AlertsError)
export class AlertsErrorsFilter implements ExceptionFilter {
  catch(err: AlertsError, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body: Record<string, unknown> = { code: err.code, message: err.message };
    let status: number = HttpStatus.BAD_REQUEST;
    if (err instanceof SubscriptionNotFoundError || err instanceof DeliveryNotFoundError) status = HttpStatus.NOT_FOUND;
    else if (err instanceof SubscriptionDisabledError) status = HttpStatus.CONFLICT;
    else if (err instanceof WebhookUrlRefusedError) {
      body.field = err.field;
      body.reason = err.reason;
    } else if (err instanceof SubscriptionInvalidError) body.problems = err.problems;
    res.status(status).json({ statusCode: status, ...body });
  }
}
