import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidationArguments, registerDecorator } from 'class-validator';

/** A calendar day YYYY-MM-DD that exists (years 1000–9999). */
export function IsIsoDay(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isIsoDay',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (v: unknown) =>
          typeof v === 'string' && /^[12]\d{3}-\d{2}-\d{2}$/.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v,
        defaultMessage: (a: ValidationArguments) => `${a.property} must be a calendar day as YYYY-MM-DD`,
      },
    });
}

/** Free text filters: one value, printable, at most 200 characters. */
export function IsFilterText(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    IsString({ message: `${String(propertyName)} must be given once, as text` })(target, propertyName);
    MaxLength(200)(target, propertyName);
    // eslint-disable-next-line no-control-regex
    Matches(/^[^\u0000-\u001f\u007f]+$/u, { message: `${String(propertyName)} must be non-empty printable text` })(target, propertyName);
  };
}

export const FORMATS = ['json', 'csv'] as const;

/** `limit`: a whole number from 1 to max. */
export function Limit(max: number, byDefault: number): PropertyDecorator {
  const message = `limit must be a whole number from 1 to ${max}`;
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ description: `Page size, 1 to ${max}`, default: byDefault, minimum: 1, maximum: max, type: Number })(target, key);
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    IsInt({ message })(target, key);
    Min(1, { message })(target, key);
    Max(max, { message })(target, key);
  };
}

export function Cursor(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ description: 'The nextCursor of the previous page (same filters and sort)', type: String })(target, key);
    IsOptional()(target, key);
    IsString({ message: 'cursor must be given once, as text' })(target, key);
    MaxLength(1000)(target, key);
  };
}

export function Format(): PropertyDecorator {
  return (target: object, key: string | symbol) => {
    ApiPropertyOptional({ description: 'json (default) or csv (one row per item, for spreadsheets)', enum: FORMATS })(target, key);
    IsOptional()(target, key);
    IsIn(FORMATS, { message: `format must be one of: ${FORMATS.join(', ')}` })(target, key);
  };
}

/** A date range (days, inclusive). */
export class RangeDto {
  @ApiPropertyOptional({ description: 'Earliest day (YYYY-MM-DD), inclusive', example: '2025-06-01' })
  @IsOptional()
  @IsIsoDay()
  from?: string;

  @ApiPropertyOptional({ description: 'Latest day (YYYY-MM-DD), inclusive', example: '2025-06-30' })
  @IsOptional()
  @IsIsoDay()
  to?: string;
}

/** Date range, page size, cursor and output format every list endpoint takes. */
export class PageQueryDto extends RangeDto {
  @Limit(500, 50)
  limit?: number;

  @Cursor()
  cursor?: string;

  @Format()
  format?: (typeof FORMATS)[number];
}

export const toBoolean = () => Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

/** `sort` documented with its allowed values. */
export function sortValues(keys: string[]): string[] {
  return keys.flatMap((k) => [k, `-${k}`]);
}
