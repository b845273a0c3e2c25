/** Errors of the alerts domain, each with a stable code the API maps to a status. */
export abstract class AlertsError extends Error {
  abstract readonly code: string;
}

export class SubscriptionNotFoundError extends AlertsError {
  readonly code = 'SUBSCRIPTION.NOT_FOUND';
  constructor(readonly id: string) {
    super(`no subscription ${id}`);
  }
}

export class SubscriptionInvalidError extends AlertsError {
  readonly code = 'SUBSCRIPTION.INVALID';
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
  }
}

export class WebhookUrlRefusedError extends AlertsError {
  readonly code = 'SUBSCRIPTION.URL_REFUSED';
  readonly field = 'url';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`the webhook URL is refused: ${reason}`);
  }
}

export class SubscriptionDisabledError extends AlertsError {
  readonly code = 'SUBSCRIPTION.DISABLED';
  constructor(readonly id: string) {
    super(`subscription ${id} is disabled; enable it with PATCH {"enabled": true} first`);
  }
}

export class DeliveryNotFoundError extends AlertsError {
  readonly code = 'DELIVERY.NOT_FOUND';
  constructor(readonly id: string) {
    super(`no delivery ${id}`);
  }
}
