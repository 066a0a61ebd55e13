import { createConnection } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { RedisRateLimiter } from '../src/auth/redis-rate-limiter';
import { createLogger } from '../src/logger';
import { createAdmin, createKey, createMerchant, createOwner, WHO_AM_I } from './helpers/fixtures';
import { startTestServer } from './helpers/test-server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    socket.setTimeout(500, () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('connect', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const prefix = () => `mks-test:${randomBytes(6).toString('hex')}:`;

describe('RedisRateLimiter', () => {
  let available = false;
  const open: RedisRateLimiter[] = [];
  const limiter = (options: Partial<ConstructorParameters<typeof RedisRateLimiter>[0]> = {}) => {
    const created = new RedisRateLimiter({ url: REDIS_URL, ...options });
    open.push(created);
    return created;
  };
  beforeAll(async () => {
    available = await reachable(REDIS_URL);
    if (!available) console.warn(`Redis at ${REDIS_URL} not reachable: shared-limit tests skipped`);
  });
  afterAll(async () => {
    for (const l of open) await l.close();
  });

  it('shares one count between instances (two limiters, one prefix)', async () => {
    if (!available) return;
    const shared = prefix();
    const a = limiter({ prefix: shared });
    const b = limiter({ prefix: shared });
    expect((await a.hit('k', 3, 60_000)).count).toBe(1);
    expect((await b.hit('k', 3, 60_000)).count).toBe(2);
    expect((await a.hit('k', 3, 60_000)).allowed).toBe(true);
    const over = await b.hit('k', 3, 60_000);
    expect(over).toMatchObject({ allowed: false, count: 4 });
    expect(over.retryAfterSeconds).toBeGreaterThanOrEqual(59);
    expect(over.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(a.fallbacks + b.fallbacks).toBe(0);
  });

  it('counts concurrent hits atomically', async () => {
    if (!available) return;
    const l = limiter({ prefix: prefix() });
    const results = await Promise.all(Array.from({ length: 50 }, () => l.hit('c', 10, 60_000)));
    expect(results.map((r) => r.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it('peeks without counting, refunds without going below zero, and expires windows', async () => {
    if (!available) return;
    const l = limiter({ prefix: prefix() });
    expect((await l.peek('p', 1, 1000)).count).toBe(0);
    await l.hit('p', 1, 200);
    expect(await l.peek('p', 1, 200)).toMatchObject({ count: 1, allowed: false });
    await l.refund('p', 5);
    expect((await l.peek('p', 1, 200)).count).toBe(0);
    await l.refund('never-hit');
    expect((await l.peek('never-hit', 1, 200)).count).toBe(0);
    await l.hit('w', 1, 100);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect((await l.hit('w', 1, 100)).count).toBe(1);
  });

  it('falls back to counting locally, with a warning, when Redis is unreachable', async () => {
    const lines: string[] = [];
    const logger = createLogger(
      'warn',
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          lines.push(chunk.toString());
          callback();
        },
      }),
    );
    const l = limiter({ url: 'redis://127.0.0.1:1', logger, prefix: prefix() });
    const first = await l.hit('f', 2, 60_000);
    expect(first).toMatchObject({ allowed: true, count: 1 });
    await l.hit('f', 2, 60_000);
    expect((await l.hit('f', 2, 60_000)).allowed).toBe(false);
    expect(l.fallbacks).toBe(3);
    expect(lines.join('')).toMatch(/Redis unreachable/);
    expect(lines).toHaveLength(1);
  });

  it('enforces the per-key limit of a running server through Redis', async () => {
    if (!available) return;
    const rateLimiter = limiter({ prefix: prefix() });
    const t = await startTestServer({
      rateLimiter,
      config: { rateLimits: { keyPerMinute: 3, authFailuresPerMinute: 20 } },
    });
    try {
      const admin = await createAdmin(t);
      const owner = await createOwner(t);
      const merchantId = await createMerchant(t, owner, { activateWith: admin });
      const { secret } = await createKey(t, owner, { merchantId });
      for (let i = 0; i < 3; i++)
        expect((await t.gql(WHO_AM_I, { apiKey: secret })).status).toBe(200);
      const refused = await t.gql(WHO_AM_I, { apiKey: secret });
      expect(refused.status).toBe(429);
      expect(refused.errors?.[0].extensions.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(rateLimiter.fallbacks).toBe(0);
    } finally {
      await t.close();
    }
  });
});
