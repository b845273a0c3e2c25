import { Response } from 'express';
import { Page } from '@app/projections';
import { CsvColumn, toCsv } from './csv';

/** Sends a page as JSON `{ items, nextCursor }`, or as CSV with the next cursor in a header. */
export function sendPage<T>(res: Response, page: Page<T>, format: string | undefined, columns: CsvColumn<T>[], name: string): void {
  if (page.nextCursor) res.setHeader('X-Next-Cursor', page.nextCursor);
  if (format === 'csv') {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${name}.csv"`);
    res.send(toCsv(columns, page.items));
    return;
  }
  if (page.items.every((i) => typeof i === 'string')) {
    // Items came as JSON text from the database: pass them through as they are.
    res.type('application/json').send(`{"items":[${(page.items as string[]).join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}`);
    return;
  }
  res.json(page);
}

/** Ask for JSON text when the answer is JSON: CSV needs the items parsed. */
export const rawFor = (format: string | undefined): boolean => format !== 'csv';
