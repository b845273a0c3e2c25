import { BadRequestException, ParseUUIDPipe } from '@nestjs/common';

/** A UUID path parameter; anything else answers 400 with the given stable code. */
export const uuidParam = (code: string): ParseUUIDPipe =>
  new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException({ code, message: 'id must be a UUID' }) });
