import { randomBytes } from 'node:crypto';
import { createConnection } from 'mysql2/promise';
import {
  createKey,
  createMerchant,
  createOwner,
  CreatedKey,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { freshMysqlDatabase, ServerProcess, startServerProcess } from './helpers/server-process';
import { gqlClient, GqlResponse } from './helpers/test-server';

/**
 * Several real server processes on one MariaDB database and one Redis, as in production. This
 * file creates its own MariaDB database whatever the suite's database is, so it runs in the SQLite
 * pass and in the MariaDB pass alike. It needs MariaDB (MYSQL_BASE_URL or 127.0.0.1:3306) and
 * Redis (TEST_REDIS_URL or 127.0.0.1:6379), as CI has.
 */
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
/** A channel of its own, so concurrent test runs on the same Redis do not hear each other. */
const CHANNEL = `keys:revocations:test:${randomBytes(6).toString('hex')}`;
const PEPPER = 'scale-out-pepper-'.padEnd(48, 'x');
/**
 * How soon after the mutation returns instance B must refuse the key. Measured here: the very
 * next request is refused, ~20-140 ms including that request itself; the bound leaves room for a
 * loaded CI machine.
 */
const PROPAGATION_BOUND_MS = 500;
const FALLBACK_MAX_AGE_MS = 400;

const DEACTIVATE = `mutation Deactivate($id: ID!) { deactivateApiKey(id: $id) { status } }`;

let database: { url: string; drop: () => Promise<void> };
let a: ServerProcess;
let b: ServerProcess;
let owner: TestAccount;
let merchantId: string;
const processes: ServerProcess[] = [];

async function start(env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await startServerProcess({
    DATABASE_URL: database.url,
    KEY_PEPPER: PEPPER,
    REDIS_URL,
    REVOCATION_CHANNEL: CHANNEL,
    ...env,
  });
  processes.push(server);
  return server;
}

function whoAmI(server: ServerProcess, key: CreatedKey): Promise<GqlResponse> {
  return gqlClient(server.url)(WHO_AM_I, { apiKey: key.secret });
}

async function metric(server: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

/** Calls `request` until it is refused; resolves to the milliseconds that took and the tries. */
async function untilRefused(
  request: () => Promise<GqlResponse>,
  limitMs: number,
): Promise<{ ms: number; tries: number }> {
  const started = performance.now();
  let tries = 0;
  for (;;) {
    tries++;
    const res = await request();
    if (res.status === 403) return { ms: performance.now() - started, tries };
    if (performance.now() - started > limitMs)
      throw new Error(`still accepted after ${limitMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

beforeAll(async () => {
  database = await freshMysqlDatabase('kt_scale');
  // One after the other: the first start runs the migrations.
  a = await start();
  // B runs as in production (Apollo's own signal handlers are on there: the shutdown test must see
  // them stay out of the way), with no flush timer: in the last test only its shutdown flush can
  // write its request logs.
  b = await start({ NODE_ENV: 'production', REQUEST_LOG_FLUSH_MS: '0' });
  const viaA = { gql: gqlClient(a.url) };
  owner = await createOwner(viaA);
  merchantId = await createMerchant(viaA, owner);
}, 120_000);

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop('SIGKILL')));
  await database?.drop();
});

async function testKey(name: string): Promise<CreatedKey> {
  // TEST keys work on a merchant that is not activated yet: no admin needed.
  return createKey({ gql: gqlClient(a.url) }, owner, { merchantId, mode: 'TEST', name });
}

describe('several instances behind one database and one Redis', () => {
  it('refuses a key on instance B as soon as instance A deactivated it', async () => {
    const key = await testKey('propagation');
    // Warm B's cache: the second request is answered from it.
    expect((await whoAmI(b, key)).status).toBe(200);
    const hitsBefore = await metric(b, 'key_cache_hits_total');
    expect((await whoAmI(b, key)).status).toBe(200);
    expect(await metric(b, 'key_cache_hits_total')).toBe(hitsBefore + 1);

    const res = await gqlClient(a.url)(DEACTIVATE, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expect(res.data.deactivateApiKey.status).toBe('DEACTIVATED');
    const { ms, tries } = await untilRefused(() => whoAmI(b, key), 2000);
    console.log(
      `revocation propagation A -> B: refused after ${ms.toFixed(1)} ms (${tries} request(s))`,
    );
    expect(ms).toBeLessThan(PROPAGATION_BOUND_MS);
    expect(await metric(b, 'revocation_bus_up')).toBe(1);
  });

  it('holds a per-key rate limit of N for the sum of the traffic to two instances', async () => {
    const limit = 10;
    const env = { RATE_LIMIT_KEY_PER_MINUTE: String(limit) };
    const [c, d] = [await start(env), await start(env)];
    const key = await testKey('shared-limit');
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3 * limit; i++) {
      const res = await whoAmI(i % 2 === 0 ? c : d, key);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.errors?.[0].extensions.code).toBe('RATE_LIMITED');
        retryAfter = res.headers.get('retry-after');
      }
    }
    const allowed = statuses.filter((s) => s === 200).length;
    console.log(`shared rate limit: ${allowed} of ${statuses.length} allowed over two instances`);
    expect(allowed).toBe(limit);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * limit);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    await Promise.all([c.stop(), d.stop()]);
  });

  it('says it is ready when database and Redis answer', async () => {
    const res = await fetch(`${b.base}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'ok', redis: 'ok' });
  });

  it('keeps serving without Redis, re-verifying cached keys older than the fallback bound', async () => {
    // Nothing listens on port 1: this instance never reaches Redis.
    const c = await start({
      REDIS_URL: 'redis://127.0.0.1:1',
      KEY_CACHE_FALLBACK_MAX_AGE_MS: String(FALLBACK_MAX_AGE_MS),
    });
    expect(c.output.join('\n')).toMatch(/Redis not reachable at start/);
    const ready = await fetch(`${c.base}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toEqual({
      status: 'unavailable',
      database: 'ok',
      redis: 'unreachable',
    });
    expect((await fetch(`${c.base}/healthz`)).status).toBe(200);
    expect(await metric(c, 'revocation_bus_up')).toBe(0);

    const key = await testKey('fallback');
    expect((await whoAmI(c, key)).status).toBe(200);
    const deactivated = await gqlClient(a.url)(DEACTIVATE, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expect(deactivated.data.deactivateApiKey.status).toBe('DEACTIVATED');
    const { ms } = await untilRefused(() => whoAmI(c, key), FALLBACK_MAX_AGE_MS + 1000);
    console.log(
      `without Redis: refused after ${ms.toFixed(1)} ms (bound ${FALLBACK_MAX_AGE_MS} ms)`,
    );
    // The bound, plus the time of the refused request itself on a loaded machine.
    expect(ms).toBeLessThanOrEqual(FALLBACK_MAX_AGE_MS + 600);
    await c.stop();
  });

  it('exits 0 on SIGTERM after writing the request logs of its last requests', async () => {
    const d = b;
    const key = await testKey('shutdown');
    const requestIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await whoAmI(d, key);
      expect(res.status).toBe(200);
      requestIds.push(res.headers.get('x-request-id') as string);
    }
    expect(await d.stop('SIGTERM')).toBe(0);
    expect(d.output.join('\n')).toMatch(/"msg":"shut down"/);

    const connection = await createConnection(database.url.replace(/^mariadb:/, 'mysql:'));
    try {
      const [rows] = await connection.query(
        'SELECT requestId FROM api_request_logs WHERE requestId IN (?)',
        [requestIds],
      );
      expect((rows as Array<{ requestId: string }>).map((r) => r.requestId).sort()).toEqual(
        [...requestIds].sort(),
      );
    } finally {
      await connection.end();
    }
  });
});
