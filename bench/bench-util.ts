import { execSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Client } from 'pg';

/** A fresh database for one benchmark run on the local server, dropped afterwards. */
export async function withBenchDatabase<T>(label: string, fn: (url: string) => Promise<T>): Promise<T> {
  const base = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `conflict_monitor_bench_${label}_${process.pid}`;
  const admin = new URL(base.toString());
  admin.pathname = '/postgres';
  const run = async (sql: string) => {
    const c = new Client({ connectionString: admin.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export function peakRssMb(): number {
  return Math.round((process.resourceUsage().maxRSS / 1024) * 10) / 10;
}

/** Prints rows as an aligned table on stdout. */
export function printTable(rows: (string | number)[][]): void {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  for (const r of rows) process.stdout.write(`${r.map((c, i) => String(c).padEnd(widths[i])).join('  ')}\n`);
}

export const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

export const log = (line: string) => process.stderr.write(`${line}\n`);

/** CPU seconds used so far by processes, read from /proc (Linux); empty where /proc is missing. */
export class ProcCpu {
  private readonly tick: number;
  constructor() {
    let tick = 100;
    try {
      tick = Number(execSync('getconf CLK_TCK', { encoding: 'utf8' }).trim()) || 100;
    } catch {
      // 100 is the kernel's USER_HZ on every common build.
    }
    this.tick = tick;
  }

  /**
   * CPU seconds of every running process, by pid, with its command name, its parent and the CPU
   * seconds of its children that ended and were reaped.
   */
  read(): Map<number, ProcSample> {
    const out = new Map<number, ProcSample>();
    let pids: string[] = [];
    try {
      pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
    } catch {
      return out;
    }
    for (const pid of pids) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const close = stat.lastIndexOf(')');
        const fields = stat.slice(close + 2).split(' ');
        out.set(Number(pid), {
          name: stat.slice(stat.indexOf('(') + 1, close),
          ppid: Number(fields[1]),
          seconds: (Number(fields[11]) + Number(fields[12])) / this.tick,
          children: (Number(fields[13]) + Number(fields[14])) / this.tick,
        });
      } catch {
        // The process ended between listing and reading.
      }
    }
    return out;
  }
}

export interface ProcSample {
  name: string;
  ppid: number;
  seconds: number;
  children: number;
}

/**
 * CPU seconds the processes of one part (PostgreSQL: the postmaster and its backends) used between
 * two readings, those that ended meanwhile included: a backend ends when its connection closes,
 * and its CPU then shows in the postmaster's reaped-children time, less what it had used before
 * the first reading.
 */
export function partCpu(from: Map<number, ProcSample>, to: Map<number, ProcSample>, isPart: (p: ProcSample) => boolean): number {
  let total = 0;
  for (const [pid, now] of to) {
    if (!isPart(now)) continue;
    const before = from.get(pid);
    total += now.seconds - (before?.seconds ?? 0);
    const parent = to.get(now.ppid);
    if (!parent || !isPart(parent)) total += now.children - (before?.children ?? now.children);
  }
  for (const [pid, before] of from) if (!to.has(pid) && isPart(before)) total -= before.seconds;
  return total;
}
