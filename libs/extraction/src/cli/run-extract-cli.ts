import { createInterface } from 'node:readline';
import { extract, ReportInput } from '../extract';

/**
 * Command-line contract: JSON lines of reports in, exactly one JSON line per input line out,
 * `{"id": …, "events": [{"type": …, "data": {…}}]}`; a malformed line yields
 * `{"id": null, "events": [], "error": "…"}` and the run goes on.
 */
export async function runExtractCli(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const rl = createInterface({ input, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    output.write(JSON.stringify(processLine(line)) + '\n');
  }
}

export function processLine(line: string): {
  id: string | null;
  events: { type: string; data: Record<string, unknown> }[];
  error?: string;
} {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (e) {
    return { id: null, events: [], error: `malformed JSON: ${(e as Error).message}` };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { id: null, events: [], error: 'each line must be a JSON object' };
  const r = parsed as Record<string, unknown>;
  if (r.id === undefined || r.id === null || (typeof r.id !== 'string' && typeof r.id !== 'number')) {
    return { id: null, events: [], error: 'missing "id"' };
  }
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const report: ReportInput = {
    id: String(r.id),
    title: str(r.title),
    summary: str(r.summary),
    content: str(r.content),
    publishedAt: str(r.publishedAt),
    url: str(r.url),
  };
  try {
    const result = extract(report);
    return { id: report.id, events: result.events.map((e) => ({ type: e.type, data: e.data })) };
  } catch (e) {
    return { id: report.id, events: [], error: `extraction failed: ${(e as Error).message}` };
  }
}
