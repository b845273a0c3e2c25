import { z } from 'zod';

export const WORKER_ROLES = ['poll', 'process', 'project', 'notify', 'deliver'] as const;
export type WorkerRole = (typeof WORKER_ROLES)[number];

const csv = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0),
);

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .refine((n) => n >= min && n <= max, `must be between ${min} and ${max}`);

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}//`,
  );

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/conflict_monitor'),
  DATABASE_POOL_SIZE: intIn(1, 200).default(20),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/, 'may use letters, digits, ":", "_" and "-" only')
    .default('cm'),
  PORT: intIn(1, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  API_KEYS: csv.default([]),
  WORKER_ROLES: csv
    .pipe(z.array(z.enum(WORKER_ROLES, { message: `each role must be one of ${WORKER_ROLES.join(', ')}` })))
    .default([...WORKER_ROLES]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALLOW_PRIVATE_NETWORK: z
    .string()
    .refine(
      (v) =>
        ['true', 'false', '1', '0', 'yes', 'no'].includes(v) || v.split(',').every((c) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(c.trim())),
      'must be true, false, or a comma-separated list of addresses/CIDR ranges (e.g. 127.0.0.0/8,::1/128)',
    )
    .default('false'),
  MIN_POLL_INTERVAL_SECONDS: intIn(1, 86400).default(30),
  DEFAULT_POLL_INTERVAL_SECONDS: intIn(1, 86400).default(300),
  FEED_FAILURE_PAUSE_HOURS: intIn(1, 24 * 365).default(72),
  FEEDS_FILE: z.string().optional(),
  FEED_BODY_LIMIT_BYTES: intIn(1024, 1024 * 1024 * 1024).default(10 * 1024 * 1024),
  FEED_TIMEOUT_MS: intIn(100, 600000).default(20000),
  FEED_CONNECT_TIMEOUT_MS: intIn(100, 600000).default(5000),
  FEED_POLL_CONCURRENCY: intIn(1, 1000).default(50),
  FEED_RECONCILE_SECONDS: intIn(5, 86400).default(300),
  SUBSCRIPTION_POLL_MS: intIn(5, 60000).default(500),
  PROJECTION_BATCH_SIZE: intIn(1, 100000).default(500),
  SHUTDOWN_TIMEOUT_MS: intIn(100, 600000).default(15000),
  PROCESS_CONCURRENCY: intIn(1, 64).default(4),
  SWEEP_INTERVAL_SECONDS: intIn(1, 86400).default(60),
  WEBHOOK_RETRY_SCHEDULE: z
    .string()
    .refine(
      (v) => parseDurations(v) !== null,
      'must be a comma-separated list of delays such as 0,5s,5m,30m,2h (units ms, s, m, h; at most 48 h each)',
    )
    .default('0,5s,5m,30m,2h,5h,10h,10h'),
  WEBHOOK_CONNECT_TIMEOUT_MS: intIn(100, 600000).default(5000),
  WEBHOOK_TIMEOUT_MS: intIn(100, 600000).default(15000),
  WEBHOOK_RETRY_AFTER_MAX_SECONDS: intIn(1, 86400).default(3600),
  WEBHOOK_SECRET_OVERLAP_HOURS: intIn(0, 24 * 30).default(24),
  WEBHOOK_SECRET_KEYS: csv
    .refine(
      (keys) => keys.every((k) => parseSecretKey(k) !== null),
      'each key must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)',
    )
    .default([]),
  ALERT_BURST_WINDOW_MS: intIn(0, 3600000).default(10000),
  SUBSCRIPTION_DISABLE_AFTER_HOURS: intIn(1, 24 * 365).default(120),
  DELIVER_CONCURRENCY: intIn(1, 1000).default(50),
  DELIVER_LOCK_MS: intIn(1000, 600000).default(30000),
});

/** A 32-byte key given as 64 hex digits or as base64 (standard or URL-safe); null when it is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Buffer.from(t, 'hex');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) return null;
  const key = Buffer.from(t, /[-_]/.test(t) ? 'base64url' : 'base64');
  return key.length === 32 ? key : null;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "0,5s,5m,2h" as milliseconds; null when malformed or a delay exceeds 48 h. */
export function parseDurations(v: string): number[] | null {
  const parts = v.split(',').map((p) => p.trim());
  const out: number[] = [];
  for (const p of parts) {
    const m = /^(\d+)(ms|s|m|h)?$/.exec(p);
    if (!m) return null;
    const ms = Number(m[1]) * DURATION_UNITS[m[2] ?? 'ms']!;
    if (ms > 48 * 3_600_000) return null;
    out.push(ms);
  }
  return out.length > 0 ? out : null;
}

/** Every environment variable the apps read. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type AppConfig = {
  nodeEnv: 'development' | 'production' | 'test';
  databaseUrl: string;
  databasePoolSize: number;
  redisUrl: string;
  redisPrefix: string;
  port: number;
  host: string;
  publicUrl: string;
  apiKeys: string[];
  workerRoles: WorkerRole[];
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Outbound requests (feeds, webhooks) to private addresses: all of them, or only these ranges. */
  allowPrivateNetwork: { all: boolean; cidrs: string[] };
  minPollIntervalSeconds: number;
  defaultPollIntervalSeconds: number;
  feedFailurePauseHours: number;
  feedsFile?: string;
  feedBodyLimitBytes: number;
  feedTimeoutMs: number;
  feedConnectTimeoutMs: number;
  /** Feeds one poll worker fetches at once. */
  feedPollConcurrency: number;
  /** How often the poll role re-checks Redis schedules against the feeds table (besides at start). */
  feedReconcileSeconds: number;
  subscriptionPollMs: number;
  projectionBatchSize: number;
  shutdownTimeoutMs: number;
  /** Reports a process worker handles at once. */
  processConcurrency: number;
  /** How often owed work missing from Redis is queued again. */
  sweepIntervalSeconds: number;
  /** Delay before each webhook attempt (the first is usually 0); once all are spent the delivery fails. */
  webhookRetryScheduleMs: number[];
  webhookConnectTimeoutMs: number;
  /** Time allowed for a whole webhook request: connect, headers and body. */
  webhookTimeoutMs: number;
  /** Longest Retry-After a receiver can ask for; longer asks are cut to this. */
  webhookRetryAfterMaxSeconds: number;
  /** After a secret rotation, how long deliveries are signed with the old secret too. */
  webhookSecretOverlapHours: number;
  /** Keys webhook signing secrets are sealed with at rest: the first seals, all open. Empty: stored in plain text. */
  webhookSecretKeys: Buffer[];
  /** Follow-up alerts of one incident arriving within this window go out as one update. */
  alertBurstWindowMs: number;
  /** A subscription whose deliveries fail without a success for this long is disabled. */
  subscriptionDisableAfterHours: number;
  /** Webhook requests one deliver worker has in flight. */
  deliverConcurrency: number;
  /** Lock of an active delivery job; a worker that dies holding one gives it up after this long. */
  deliverLockMs: number;
};

export class ConfigError extends Error {
  readonly code = 'CONFIG.INVALID';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseAllowance(v: string): { all: boolean; cidrs: string[] } {
  if (['true', '1', 'yes'].includes(v)) return { all: true, cidrs: [] };
  if (['false', '0', 'no'].includes(v)) return { all: false, cidrs: [] };
  const cidrs = v
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .map((c) => (c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`));
  return { all: false, cidrs };
}

/** Reads and validates the environment once. Empty strings count as unset. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? 'environment');
        const shown = name === 'API_KEYS' || name === 'WEBHOOK_SECRET_KEYS' || name.endsWith('_URL') ? '' : ` (got "${input[name] ?? ''}")`;
        return `${name}: ${i.message}${shown}`;
      }),
    );
  }
  const c = parsed.data;
  const minKeyLength = 8;
  const shortKey = c.API_KEYS.find((k) => k.length < minKeyLength);
  if (shortKey !== undefined) {
    throw new ConfigError([`API_KEYS: each key must be at least ${minKeyLength} characters long`]);
  }
  return {
    nodeEnv: c.NODE_ENV,
    databaseUrl: c.DATABASE_URL,
    databasePoolSize: c.DATABASE_POOL_SIZE,
    redisUrl: c.REDIS_URL,
    redisPrefix: c.REDIS_PREFIX,
    port: c.PORT,
    host: c.HOST,
    publicUrl: c.PUBLIC_URL ?? `http://127.0.0.1:${c.PORT}`,
    apiKeys: c.API_KEYS,
    workerRoles: [...new Set(c.WORKER_ROLES)],
    logLevel: c.LOG_LEVEL,
    allowPrivateNetwork: parseAllowance(c.ALLOW_PRIVATE_NETWORK),
    minPollIntervalSeconds: c.MIN_POLL_INTERVAL_SECONDS,
    defaultPollIntervalSeconds: c.DEFAULT_POLL_INTERVAL_SECONDS,
    feedFailurePauseHours: c.FEED_FAILURE_PAUSE_HOURS,
    feedsFile: c.FEEDS_FILE,
    feedBodyLimitBytes: c.FEED_BODY_LIMIT_BYTES,
    feedTimeoutMs: c.FEED_TIMEOUT_MS,
    feedConnectTimeoutMs: c.FEED_CONNECT_TIMEOUT_MS,
    feedPollConcurrency: c.FEED_POLL_CONCURRENCY,
    feedReconcileSeconds: c.FEED_RECONCILE_SECONDS,
    subscriptionPollMs: c.SUBSCRIPTION_POLL_MS,
    projectionBatchSize: c.PROJECTION_BATCH_SIZE,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    processConcurrency: c.PROCESS_CONCURRENCY,
    sweepIntervalSeconds: c.SWEEP_INTERVAL_SECONDS,
    webhookRetryScheduleMs: parseDurations(c.WEBHOOK_RETRY_SCHEDULE)!,
    webhookConnectTimeoutMs: c.WEBHOOK_CONNECT_TIMEOUT_MS,
    webhookTimeoutMs: c.WEBHOOK_TIMEOUT_MS,
    webhookRetryAfterMaxSeconds: c.WEBHOOK_RETRY_AFTER_MAX_SECONDS,
    webhookSecretOverlapHours: c.WEBHOOK_SECRET_OVERLAP_HOURS,
    webhookSecretKeys: c.WEBHOOK_SECRET_KEYS.map((k) => parseSecretKey(k)!),
    alertBurstWindowMs: c.ALERT_BURST_WINDOW_MS,
    subscriptionDisableAfterHours: c.SUBSCRIPTION_DISABLE_AFTER_HOURS,
    deliverConcurrency: c.DELIVER_CONCURRENCY,
    deliverLockMs: c.DELIVER_LOCK_MS,
  };
}

/** Loads the config or exits the process with a message naming the bad variables. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}
