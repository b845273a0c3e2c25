/** Errors a user can cause, each with a stable code; the API maps codes to HTTP statuses. */
export abstract class FeedError extends Error {
  abstract readonly code: string;
}

export class FeedNotFoundError extends FeedError {
  readonly code = 'FEED.NOT_FOUND';
  constructor(readonly feedId: string) {
    super(`No feed with id ${feedId}`);
    this.name = 'FeedNotFoundError';
  }
}

export class FeedAlreadyRegisteredError extends FeedError {
  readonly code = 'FEED.ALREADY_REGISTERED';
  constructor(
    readonly url: string,
    readonly existingId: string,
  ) {
    super(`The feed ${url} is already registered as ${existingId}`);
    this.name = 'FeedAlreadyRegisteredError';
  }
}

/** A feed URL refused before any request: malformed, not http(s), or pointing at a refused address. */
export class FeedUrlRefusedError extends FeedError {
  readonly code = 'FEED.URL_NOT_ALLOWED';
  readonly field = 'url';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`url is not allowed: ${reason}`);
    this.name = 'FeedUrlRefusedError';
  }
}

export class FeedSettingInvalidError extends FeedError {
  readonly code = 'FEED.INVALID_SETTING';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'FeedSettingInvalidError';
  }
}

export class FeedPausedError extends FeedError {
  readonly code = 'FEED.PAUSED';
  constructor(readonly feedId: string) {
    super(`Feed ${feedId} is paused: resume it (PATCH with "paused": false) before polling it`);
    this.name = 'FeedPausedError';
  }
}
