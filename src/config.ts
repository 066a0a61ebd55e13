import { randomBytes } from 'node:crypto';
import proxyaddr from 'proxy-addr';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseDatabaseUrl } from '../ormconfig';
import type { RateLimitSettings } from './auth/rate-limiter';
import { DEFAULT_QUERY_LIMITS, QueryLimits } from './graphql/query-limits';

export type Environment = 'development' | 'production' | 'test';

export interface AppConfig {
  env: Environment;
  port: number;
  databaseUrl: string;
  /** Secret mixed into every API key hash. */
  keyPepper: string;
  /** bcrypt cost for account passwords. */
  bcryptRounds: number;
  sessionTtlSeconds: number;
  /** Run pending MySQL migrations when the server starts. */
  runMigrations: boolean;
  /** Create the demo data set when the database is empty. */
  seedDemoData: boolean;
  seedAdminEmail: string;
  seedAdminPassword?: string;
  /** Largest accepted request body, in bytes. */
  bodyLimitBytes: number;
  /**
   * Which proxies' `X-Forwarded-For` to believe for the client address (Express `trust proxy`):
   * false (none: the socket address), a number of hops, or addresses and subnets.
   */
  trustProxy: TrustProxy;
  /** Serve the Apollo Sandbox landing page and answer introspection. */
  introspection: boolean;
  /** How many verified keys the in-memory cache keeps. */
  keyCacheSize: number;
  /** How often request logs and lastUsedAt updates are written, in ms; 0: only on flush(). */
  requestLogFlushMs: number;
  /** Most request log rows kept in memory waiting to be written (the oldest are dropped). */
  requestLogQueueSize: number;
  /** Depth, cost, alias, directive and token limits of one operation. */
  queryLimits: QueryLimits;
  rateLimits: RateLimitSettings;
  /** Share rate-limit counters through this Redis (`redis://host:6379`); in-process when unset. */
  redisUrl?: string;
  /** Redis pub/sub channel of key revocations. */
  revocationChannel: string;
  /** While Redis is unreachable, cached keys older than this (ms) are re-verified. */
  keyCacheFallbackMaxAgeMs: number;
  /** Longest a graceful shutdown may take before the process exits anyway, in ms. */
  shutdownTimeoutMs: number;
  /** How often the webhook deliverer looks for due deliveries, in ms; 0: no timer. */
  webhookIntervalMs: number;
  /** Per-attempt timeout of a webhook POST, in ms. */
  webhookTimeoutMs: number;
  /** First webhook retry delay in ms (doubling per attempt, capped, jittered). */
  webhookRetryBaseMs: number;
  /** Longest delay between two webhook attempts, in ms. */
  webhookRetryMaxDelayMs: number;
  /** Attempts before a webhook delivery is FAILED. */
  webhookMaxAttempts: number;
  /** Failed deliveries in a row after which an endpoint is disabled. */
  webhookDisableAfterFailures: number;
  /** `api_key.expiring` is sent this many days before a key expires. */
  webhookKeyExpiringDays: number;
  /** How often keys are scanned for `api_key.expiring`, in ms; 0: never. */
  webhookExpiringScanMs: number;
}

export const DEFAULT_BCRYPT_ROUNDS = 12;
export const DEFAULT_DATABASE_URL = 'sqlite:data/dev.sqlite';

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function int(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new ConfigError(`${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

export type TrustProxy = boolean | number | string[];

/**
 * `TRUST_PROXY`: `true` (every proxy), a hop count (`1`), or a comma-separated list of addresses,
 * subnets or the names `loopback`, `linklocal`, `uniquelocal`; unset or `false`: none.
 */
function trustProxy(value: string | undefined): TrustProxy {
  const text = (value ?? '').trim();
  if (text === '' || text.toLowerCase() === 'false') return false;
  if (text.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(text)) return Number(text);
  const list = text.split(',').map((item) => item.trim());
  try {
    proxyaddr.compile(list);
  } catch (error) {
    throw new ConfigError(`TRUST_PROXY: ${(error as Error).message}`);
  }
  return list;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * Outside production a missing KEY_PEPPER is generated once and kept beside the embedded
 * database (file mode 0600), so demo keys keep working across restarts.
 */
function localPepper(databaseUrl: string): string {
  const target = parseDatabaseUrl(databaseUrl);
  if (target.kind === 'sqlite' && target.location === ':memory:') {
    return randomBytes(32).toString('base64url');
  }
  const dir = target.kind === 'sqlite' ? dirname(target.location) : 'data';
  const file = join(dir, 'key-pepper');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true });
  const pepper = randomBytes(32).toString('base64url');
  writeFileSync(file, pepper + '\n', { mode: 0o600 });
  return pepper;
}

/** Reads the configuration from the environment. Throws ConfigError with a clear message. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const nodeEnv = (env.NODE_ENV ?? 'development') as Environment;
  if (!['development', 'production', 'test'].includes(nodeEnv)) {
    throw new ConfigError('NODE_ENV must be development, production or test');
  }
  const production = nodeEnv === 'production';
  const databaseUrl = env.DATABASE_URL || (production ? '' : DEFAULT_DATABASE_URL);
  if (!databaseUrl) {
    throw new ConfigError('DATABASE_URL is required in production: mysql://user:pass@host:3306/db');
  }
  let kind;
  try {
    kind = parseDatabaseUrl(databaseUrl).kind;
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  if (production && kind !== 'mysql') {
    throw new ConfigError('In production DATABASE_URL must be a MySQL/MariaDB URL (mysql://...)');
  }
  const keyPepper = env.KEY_PEPPER || (production ? '' : localPepper(databaseUrl));
  if (!keyPepper) {
    throw new ConfigError(
      'KEY_PEPPER is required in production: a random secret of at least 32 characters',
    );
  }
  if (keyPepper.length < 32) throw new ConfigError('KEY_PEPPER must be at least 32 characters');
  return {
    env: nodeEnv,
    port: int(env.PORT, 4000, 'PORT'),
    databaseUrl,
    keyPepper,
    bcryptRounds: DEFAULT_BCRYPT_ROUNDS,
    sessionTtlSeconds: int(env.SESSION_TTL_SECONDS, 12 * 3600, 'SESSION_TTL_SECONDS'),
    runMigrations: bool(env.RUN_MIGRATIONS, !production),
    seedDemoData: bool(env.SEED_DEMO_DATA, !production),
    seedAdminEmail: env.SEED_ADMIN_EMAIL || 'admin@example.com',
    seedAdminPassword: env.SEED_ADMIN_PASSWORD || undefined,
    bodyLimitBytes: int(env.BODY_LIMIT_BYTES, 100 * 1024, 'BODY_LIMIT_BYTES'),
    trustProxy: trustProxy(env.TRUST_PROXY),
    introspection: bool(env.INTROSPECTION, !production),
    keyCacheSize: int(env.KEY_CACHE_SIZE, 10_000, 'KEY_CACHE_SIZE'),
    requestLogFlushMs: int(env.REQUEST_LOG_FLUSH_MS, 1000, 'REQUEST_LOG_FLUSH_MS'),
    requestLogQueueSize: int(env.REQUEST_LOG_QUEUE_SIZE, 10_000, 'REQUEST_LOG_QUEUE_SIZE'),
    queryLimits: {
      maxDepth: int(env.MAX_QUERY_DEPTH, DEFAULT_QUERY_LIMITS.maxDepth, 'MAX_QUERY_DEPTH'),
      maxCost: int(env.MAX_QUERY_COST, DEFAULT_QUERY_LIMITS.maxCost, 'MAX_QUERY_COST'),
      maxAliases: int(env.MAX_QUERY_ALIASES, DEFAULT_QUERY_LIMITS.maxAliases, 'MAX_QUERY_ALIASES'),
      maxDirectives: int(
        env.MAX_QUERY_DIRECTIVES,
        DEFAULT_QUERY_LIMITS.maxDirectives,
        'MAX_QUERY_DIRECTIVES',
      ),
      maxTokens: int(env.MAX_QUERY_TOKENS, DEFAULT_QUERY_LIMITS.maxTokens, 'MAX_QUERY_TOKENS'),
    },
    redisUrl: env.REDIS_URL || undefined,
    rateLimits: {
      keyPerMinute: int(env.RATE_LIMIT_KEY_PER_MINUTE, 600, 'RATE_LIMIT_KEY_PER_MINUTE'),
      authFailuresPerMinute: int(
        env.RATE_LIMIT_AUTH_FAILURES_PER_MINUTE,
        20,
        'RATE_LIMIT_AUTH_FAILURES_PER_MINUTE',
      ),
    },
    revocationChannel: env.REVOCATION_CHANNEL || 'keys:revocations',
    keyCacheFallbackMaxAgeMs: int(
      env.KEY_CACHE_FALLBACK_MAX_AGE_MS,
      5000,
      'KEY_CACHE_FALLBACK_MAX_AGE_MS',
    ),
    shutdownTimeoutMs: int(env.SHUTDOWN_TIMEOUT_MS, 10_000, 'SHUTDOWN_TIMEOUT_MS'),
    webhookIntervalMs: int(env.WEBHOOK_INTERVAL_MS, 1000, 'WEBHOOK_INTERVAL_MS'),
    webhookTimeoutMs: int(env.WEBHOOK_TIMEOUT_MS, 5000, 'WEBHOOK_TIMEOUT_MS'),
    webhookRetryBaseMs: int(env.WEBHOOK_RETRY_BASE_MS, 10_000, 'WEBHOOK_RETRY_BASE_MS'),
    webhookRetryMaxDelayMs: int(
      env.WEBHOOK_RETRY_MAX_DELAY_MS,
      3_600_000,
      'WEBHOOK_RETRY_MAX_DELAY_MS',
    ),
    webhookMaxAttempts: Math.max(1, int(env.WEBHOOK_MAX_ATTEMPTS, 12, 'WEBHOOK_MAX_ATTEMPTS')),
    webhookDisableAfterFailures: Math.max(
      1,
      int(env.WEBHOOK_DISABLE_AFTER_FAILURES, 20, 'WEBHOOK_DISABLE_AFTER_FAILURES'),
    ),
    webhookKeyExpiringDays: int(env.WEBHOOK_KEY_EXPIRING_DAYS, 7, 'WEBHOOK_KEY_EXPIRING_DAYS'),
    webhookExpiringScanMs: int(env.WEBHOOK_EXPIRING_SCAN_MS, 3_600_000, 'WEBHOOK_EXPIRING_SCAN_MS'),
  };
}
