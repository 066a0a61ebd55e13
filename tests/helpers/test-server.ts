import { Writable } from 'node:stream';
import { RateLimiter } from '../../src/auth/rate-limiter';
import { AppConfig, loadConfig } from '../../src/config';
import { ENTITIES } from '../../src/entities';
import { ApiRequestLog } from '../../src/entities/api-request-log.entity';
import { QueryCounter } from '../../src/db/query-counter';
import { createLogger } from '../../src/logger';
import { AppServer, createServer } from '../../src/server';
import { createDatabase, dropDatabase, withDatabase } from '../../scripts/mysql-admin';

/** Test JSON from the wire: shapes are asserted by the tests themselves. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface GqlError {
  message: string;
  path?: string[];
  extensions: { code: string; requestId?: string; [key: string]: Json };
}

export interface GqlResponse {
  status: number;
  headers: Headers;
  data: Json;
  errors?: GqlError[];
  raw: string;
}

export interface GqlOptions {
  variables?: Record<string, unknown>;
  operationName?: string;
  apiKey?: string;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestServer {
  url: string;
  server: AppServer;
  queries: QueryCounter;
  /** Every log line the server wrote, at debug level and above. */
  logs: string[];
  databaseKind: 'sqlite' | 'mysql';
  /** The database this server uses (pass as `databaseUrl` to start another server on it). */
  databaseUrl: string;
  gql(query: string, options?: GqlOptions): Promise<GqlResponse>;
  /** Closes the server; drops its MariaDB database unless `keepDatabase`. */
  close(options?: { keepDatabase?: boolean }): Promise<void>;
}

/** The database the suite runs on: `TEST_DATABASE_URL` (a MySQL server URL) or SQLite in memory. */
export function testDatabaseKind(): 'sqlite' | 'mysql' {
  return /^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '') ? 'mysql' : 'sqlite';
}

export interface TestServerOptions {
  config?: Partial<AppConfig>;
  enforcement?: boolean;
  rateLimiter?: RateLimiter;
  /**
   * Use this database instead of a fresh one (a restart: the `databaseUrl` of a server closed
   * with `keepDatabase`, or a SQLite file); `close()` then drops it on MariaDB.
   */
  databaseUrl?: string;
}

/** Sends GraphQL requests over HTTP to `url`, as a client would. */
export function gqlClient(url: string) {
  return async function gql(query: string, opts: GqlOptions = {}): Promise<GqlResponse> {
    const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
    if (opts.apiKey !== undefined) headers['x-api-key'] = opts.apiKey;
    if (opts.token !== undefined) headers.authorization = `Bearer ${opts.token}`;
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables: opts.variables, operationName: opts.operationName }),
    });
    const raw = await response.text();
    let parsed: Json = {};
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = {};
    }
    return {
      status: response.status,
      headers: response.headers,
      data: parsed.data,
      errors: parsed.errors,
      raw,
    };
  };
}

/**
 * Starts the real server (HTTP, context builder, operation check, services) on a fresh database
 * of its own: SQLite in memory, or a new MariaDB database dropped again by `close()`.
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const kind = testDatabaseKind();
  let databaseUrl = 'sqlite::memory:';
  let dropMysql: (() => Promise<void>) | undefined;
  if (options.databaseUrl) {
    databaseUrl = options.databaseUrl;
    if (kind === 'mysql') {
      const base = process.env.TEST_DATABASE_URL as string;
      const name = new URL(databaseUrl.replace(/^mariadb:/, 'mysql:')).pathname.slice(1);
      dropMysql = () => dropDatabase(base, name);
    }
  } else if (kind === 'mysql') {
    const base = process.env.TEST_DATABASE_URL as string;
    const name = await createDatabase(base, `kt_w${process.env.JEST_WORKER_ID ?? 0}`);
    databaseUrl = withDatabase(base, name);
    dropMysql = () => dropDatabase(base, name);
  }
  const config: AppConfig = {
    ...loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      KEY_PEPPER: 'test-pepper-'.padEnd(40, 'x'),
    }),
    bcryptRounds: 4,
    seedDemoData: false,
    // No flush timer: tests flush the workers themselves (`server.workers.flush()`), so that no
    // background write lands in the middle of a query count.
    requestLogFlushMs: 0,
    // Likewise no webhook timers: tests run `server.workers.webhooks.runOnce()` or enable them.
    webhookIntervalMs: 0,
    webhookExpiringScanMs: 0,
    ...options.config,
  };
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  });
  const queries = new QueryCounter(true);
  const server = await createServer({
    config,
    logger: createLogger('debug', sink),
    queryLogger: queries,
    enforcement: options.enforcement,
    rateLimiter: options.rateLimiter,
  });
  const url = await server.listen(0, '127.0.0.1');

  const gql = gqlClient(url);

  return {
    url,
    server,
    queries,
    logs,
    databaseKind: kind,
    databaseUrl,
    gql,
    async close(closeOptions = {}) {
      await server.close();
      if (!closeOptions.keepDatabase) await dropMysql?.();
    },
  };
}

/**
 * The tables that hold business state: what a refused operation must leave unchanged. Request logs
 * record refusals too, so they are left out.
 */
export function stateEntities() {
  return ENTITIES.filter((entity) => entity !== ApiRequestLog);
}
