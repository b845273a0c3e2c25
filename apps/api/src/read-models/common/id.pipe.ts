import { BadRequestException, PipeTransform } from '@nestjs/common';

/** Incident and report ids: printable text of at most 200 characters. */
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    // eslint-disable-next-line no-control-regex
    if (typeof value !== 'string' || value.length === 0 || value.length > 200 || /[\u0000-\u001f\u007f]/.test(value)) {
      throw new BadRequestException({ code: 'QUERY.BAD_ID', message: 'id must be printable text of 1 to 200 characters' });
    }
    return value;
  }
}
