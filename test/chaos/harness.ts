import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Throwaway PostgreSQL and Redis servers of the chaos suite's own, on free loopback ports, so it
 * can kill and restart them without touching the services other tests use.
 */
export const root = resolve(__dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((res) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const port = (srv.address() as AddressInfo).port;
      srv.close(() => res(port));
    });
  });
}

const pgBin = () => {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  return join('/usr/lib/postgresql', versions[versions.length - 1], 'bin');
};

/** Runs a PostgreSQL binary as the postgres user when we are root (PostgreSQL refuses to run as root). */
function pgCommand(bin: string, args: string[]): [string, string[]] {
  const path = join(pgBin(), bin);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

export class ChaosPostgres {
  readonly dir = mkdtempSync(join(tmpdir(), 'cm-chaos-pg-'));
  port = 0;

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async init(): Promise<void> {
    this.port = await freePort();
    chmodSync(this.dir, 0o777);
    if (process.getuid?.() === 0) execFileSync('chown', ['postgres', this.dir]);
    const [cmd, args] = pgCommand('initdb', ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
    execFileSync(cmd, args, { stdio: 'ignore' });
    this.start();
  }

  start(): void {
    const opts = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    const [cmd, args] = pgCommand('pg_ctl', ['-D', join(this.dir, 'data'), '-l', join(this.dir, 'log'), '-o', opts, '-w', 'start']);
    execFileSync(cmd, args, { stdio: 'ignore' });
  }

  /** Restart: every connection is cut; committed data stays. */
  restart(): void {
    const [cmd, args] = pgCommand('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    execFileSync(cmd, args, { stdio: 'ignore' });
    this.start();
  }

  stop(): void {
    if (!existsSync(join(this.dir, 'data', 'postmaster.pid'))) return;
    const [cmd, args] = pgCommand('pg_ctl', ['-D', join(this.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    try {
      execFileSync(cmd, args, { stdio: 'ignore' });
    } catch {
      /* already down */
    }
  }

  remove(): void {
    this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export class ChaosRedis {
  port = 0;
  private proc: ChildProcess | null = null;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (!this.port) this.port = await freePort();
    this.proc = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    for (let i = 0; i < 100; i++) {
      try {
        execFileSync('redis-cli', ['-p', String(this.port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    throw new Error('chaos Redis did not start');
  }

  /** Killed and started again with nothing in it. */
  async restartEmpty(): Promise<void> {
    await this.kill();
    await this.start();
  }

  async kill(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise((r) => {
      p.once('exit', r);
      p.kill('SIGKILL');
    });
  }
}

/** One of our built processes (dist/apps/<app>/src/main.js), its output kept for failure messages. */
export class AppProcess {
  private proc: ChildProcess | null = null;
  output = '';

  constructor(
    readonly app: 'api' | 'worker',
    private readonly env: Record<string, string>,
  ) {}

  start(): void {
    const p = spawn(process.execPath, [join(root, `dist/apps/${this.app}/src/main.js`)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (d: Buffer) => {
      this.output = (this.output + d.toString()).slice(-20_000);
    };
    p.stdout!.on('data', keep);
    p.stderr!.on('data', keep);
    this.proc = p;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise((r) => {
      p.once('exit', r);
      p.kill(signal);
    });
  }

  async restart(): Promise<void> {
    await this.kill('SIGKILL');
    this.start();
  }
}
