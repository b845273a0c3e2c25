import { isInstant } from './is-instant';

describe('isInstant', () => {
  it('accepts ISO 8601 dates and date-times that name an instant', () => {
    for (const v of ['2025-06-02T18:00:00Z', '2025-06-02T18:00:00.123+03:00', '2025-06-02', '2025-06']) expect(isInstant(v)).toBe(true);
  });
  it('refuses forms Date cannot read, and impossible dates', () => {
    for (const v of ['2025-W23-1', '20250601', '2025-153', '2025-02-30', 'last Tuesday', '', 20250601]) expect(isInstant(v)).toBe(false);
  });
});
