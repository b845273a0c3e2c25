import { ExpectedVersion } from './types';

export class WrongExpectedVersionError extends Error {
  readonly code = 'EVENT_STORE.WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: number | null,
  ) {
    super(
      `Stream ${streamId}: expected version ${String(expected)}, but the stream ${
        actual === null ? 'does not exist' : `is at version ${actual}`
      }`,
    );
    this.name = 'WrongExpectedVersionError';
  }
}

export class EventIdConflictError extends Error {
  readonly code = 'EVENT_STORE.EVENT_ID_CONFLICT';
  constructor(
    readonly streamId: string,
    detail: string,
  ) {
    super(`Stream ${streamId}: ${detail}; an append must reuse all of its event ids or none`);
    this.name = 'EventIdConflictError';
  }
}

export class InvalidAppendError extends Error {
  readonly code = 'EVENT_STORE.INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppendError';
  }
}
