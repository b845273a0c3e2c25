import { ValidationArguments, isISO8601, registerDecorator } from 'class-validator';

/** An ISO 8601 date or date-time that is a real instant JavaScript can work with (not a week or ordinal date). */
export function isInstant(v: unknown): v is string {
  return typeof v === 'string' && isISO8601(v, { strict: true }) && Number.isFinite(new Date(v).getTime());
}

/**
 * An ISO 8601 date or date-time such as 2025-06-02T18:00:00Z or 2025-06-02. Stricter than
 * IsISO8601: forms that pass it but name no instant Date can read (2025-W23-1, 20250601, 2025-153)
 * are refused too.
 */
export function IsInstant(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: String(propertyName),
      validator: {
        validate: (v: unknown) => isInstant(v),
        defaultMessage: (a: ValidationArguments) =>
          `${a.property} must be an ISO 8601 date or date-time such as 2025-06-02T18:00:00Z or 2025-06-02 (week and ordinal dates, and dates without dashes, are not accepted)`,
      },
    });
}
