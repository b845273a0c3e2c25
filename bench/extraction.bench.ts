/**
 * Extraction throughput: the dev corpus repeated to 10,000 reports, run on one core.
 * Baseline: a plain pass over the same texts that only splits sentences and lowercases them.
 * Corpus: $CORPUS, or ../shared/corpus/dev.jsonl relative to the repository root.
 * The last line printed is one JSON object: {"reportsPerSec", "rssMb", "baselinePerSec"}.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extract, ReportInput } from '@app/extraction';

const TARGET = 10_000;

function findCorpus(): string {
  if (process.env.CORPUS) return process.env.CORPUS;
  let dir = resolve(__dirname);
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, '../shared/corpus/dev.jsonl')))
      return join(dir, '../shared/corpus/dev.jsonl');
    dir = resolve(dir, '..');
  }
  return resolve(process.cwd(), '../shared/corpus/dev.jsonl');
}

const corpusPath = findCorpus();
const base: ReportInput[] = readFileSync(corpusPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => {
    const { id, title, summary, content, publishedAt, url } = JSON.parse(l);
    return { id, title, summary: summary ?? undefined, content: content ?? undefined, publishedAt, url };
  });
const reports: ReportInput[] = Array.from({ length: TARGET }, (_, i) => ({
  ...base[i % base.length],
  id: `${base[i % base.length].id}#${i}`,
}));

let peakRss = process.memoryUsage().rss;
const sample = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

function baseline(): number {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const r of reports) {
    const text = [r.title, r.summary, r.content].filter(Boolean).join('\n\n');
    n += text.toLowerCase().split(/(?<=[.!?])\s+|\n+/).length;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (n < 0) console.log(n);
  return reports.length / secs;
}

function ours(): { perSec: number; events: number } {
  extract(base[0]); // load the gazetteer and compile patterns before timing
  const t0 = process.hrtime.bigint();
  let events = 0;
  reports.forEach((r, i) => {
    events += extract(r).events.length;
    if (i % 500 === 0) sample();
  });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  sample();
  return { perSec: reports.length / secs, events };
}

const baselinePerSec = baseline();
const { perSec, events } = ours();
const rssMb = Math.round((peakRss / 1024 / 1024) * 10) / 10;
const row = (a: string, b: string, c: string) => console.log(`${a.padEnd(34)} ${b.padStart(14)} ${c.padStart(12)}`);
console.log(`corpus ${corpusPath}: ${base.length} reports repeated to ${reports.length}, one core`);
row('pass', 'reports/s', 'events');
row('baseline (split sentences, lower)', baselinePerSec.toFixed(0), '-');
row('extract()', perSec.toFixed(0), String(events));
console.log(`peak RSS ${rssMb} MB`);
console.log(JSON.stringify({ reportsPerSec: Math.round(perSec), rssMb, baselinePerSec: Math.round(baselinePerSec) }));
