export interface CsvColumn<T> {
  header: string;
  value: (item: T) => string | number | boolean | null | undefined;
}

function cell(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v !== 'string') return String(v);
  // A text cell a spreadsheet would run as a formula is kept as text.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** RFC 4180 CSV with a header row and CRLF line ends. */
export function toCsv<T>(columns: CsvColumn<T>[], items: T[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(',')];
  for (const item of items) lines.push(columns.map((c) => cell(c.value(item))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export const joined = (xs: readonly string[] | null | undefined): string => (xs ?? []).join('; ');
