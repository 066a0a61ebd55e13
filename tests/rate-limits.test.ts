import { MemoryRateLimiter } from '../src/auth/rate-limiter';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  PASSWORD,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { GqlResponse, startTestServer, TestServer } from './helpers/test-server';

const LIMITS = { keyPerMinute: 5, authFailuresPerMinute: 3 };
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const BAD_KEY = 'kprv_test_0000000000AA_' + 'A'.repeat(38);

function expectRateLimited(res: GqlResponse) {
  expect(res.status).toBe(429);
  expect(res.errors?.[0].extensions.code).toBe('RATE_LIMITED');
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.errors?.[0].extensions.requestId).toMatch(/^req_/);
}

async function keysOf(t: TestServer, count: number): Promise<string[]> {
  const admin = await createAdmin(t);
  const owner = await createOwner(t);
  const merchantId = await createMerchant(t, owner, { activateWith: admin });
  const secrets: string[] = [];
  for (let i = 0; i < count; i++) secrets.push((await createKey(t, owner, { merchantId })).secret);
  return secrets;
}

describe('per-key request limit', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { rateLimits: LIMITS } });
  });
  afterAll(() => t.close());

  it('answers 429 with Retry-After past the limit, and leaves other keys alone', async () => {
    const [first, second] = await keysOf(t, 2);
    for (let i = 0; i < LIMITS.keyPerMinute; i++) {
      const res = await t.gql(WHO_AM_I, { apiKey: first });
      expect(res.status).toBe(200);
    }
    const refused = await t.gql(WHO_AM_I, { apiKey: first });
    expectRateLimited(refused);
    expect(refused.data).toBeUndefined();
    const other = await t.gql(WHO_AM_I, { apiKey: second });
    expect(other.status).toBe(200);
    expect(other.data.currentApiKey).toBeTruthy();
  });

  it('counts a request with many aliased fields once: limits are per operation', async () => {
    const [key] = await keysOf(t, 1);
    const aliased = `{ ${Array.from({ length: 10 }, (_, i) => `k${i}: currentApiKey { id }`).join(' ')} }`;
    const res = await t.gql(aliased, { apiKey: key });
    expect(res.status).toBe(200);
    for (let i = 1; i < LIMITS.keyPerMinute; i++) {
      expect((await t.gql(WHO_AM_I, { apiKey: key })).status).toBe(200);
    }
    expectRateLimited(await t.gql(WHO_AM_I, { apiKey: key }));
  });
});

describe('failed key authentications per client address', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { rateLimits: LIMITS } });
  });
  afterAll(() => t.close());

  it('refuses the address once it has failed too often, before looking at its next key', async () => {
    const [valid] = await keysOf(t, 1);
    for (let i = 0; i < LIMITS.authFailuresPerMinute; i++) {
      const res = await t.gql(WHO_AM_I, { apiKey: BAD_KEY });
      expect(res.errors?.[0].extensions.code).toBe('API_KEY_INVALID');
    }
    t.queries.reset();
    expectRateLimited(await t.gql(WHO_AM_I, { apiKey: BAD_KEY }));
    expectRateLimited(await t.gql(WHO_AM_I, { apiKey: valid }));
    expect(t.queries.count).toBe(0);
  });
});

describe('failed logins per client address', () => {
  let t: TestServer;
  let owner: TestAccount;
  beforeAll(async () => {
    t = await startTestServer({ config: { rateLimits: LIMITS } });
    owner = await createOwner(t);
  });
  afterAll(() => t.close());

  it('does not count successful logins', async () => {
    for (let i = 0; i < LIMITS.authFailuresPerMinute + 2; i++) {
      const res = await t.gql(LOGIN, { variables: { email: owner.email, password: PASSWORD } });
      expect(res.data?.login?.token).toBeTruthy();
    }
  });

  it('refuses a document with more than one login field, aliased or in fragments, without SQL', async () => {
    t.queries.reset();
    const aliased = await t.gql(
      `mutation { a: login(email: "${owner.email}", password: "x1234567") { token } b: login(email: "${owner.email}", password: "y1234567") { token } }`,
    );
    expect(aliased.status).toBe(400);
    expect(aliased.errors?.[0].extensions).toMatchObject({ code: 'BAD_REQUEST', limit: 'login' });
    const viaFragment = await t.gql(
      `mutation { ...L ...L } fragment L on Mutation { login(email: "a@b.c", password: "x1234567") { token } }`,
    );
    expect(viaFragment.status).toBe(400);
    expect(viaFragment.errors?.[0].extensions.code).toBe('BAD_REQUEST');
    expect(t.queries.count).toBe(0);
  });

  it('refuses further attempts past the limit, even with the right password', async () => {
    for (let i = 0; i < LIMITS.authFailuresPerMinute; i++) {
      const res = await t.gql(LOGIN, {
        variables: { email: owner.email, password: 'wrong-password' },
      });
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    t.queries.reset();
    const refused = await t.gql(LOGIN, { variables: { email: owner.email, password: PASSWORD } });
    expectRateLimited(refused);
    expect(t.queries.count).toBe(0);
  });
});

describe('concurrent guesses', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { rateLimits: LIMITS } });
  });
  afterAll(() => t.close());

  it('cannot overrun the failed-login budget by sending in parallel', async () => {
    const owner = await createOwner(t);
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.gql(LOGIN, { variables: { email: owner.email, password: 'wrong-password' } }),
      ),
    );
    const codes = results.map((r) => r.errors?.[0].extensions.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(
      LIMITS.authFailuresPerMinute,
    );
    expect(codes.filter((c) => c === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(
      12 - LIMITS.authFailuresPerMinute,
    );
  });
});

describe('MemoryRateLimiter', () => {
  it('counts in fixed windows and resets after the window', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    expect((await limiter.hit('b', 2, 60_000)).allowed).toBe(true);
    expect((await limiter.hit('b', 2, 60_000)).allowed).toBe(true);
    const third = await limiter.hit('b', 2, 60_000);
    expect(third).toMatchObject({ allowed: false, count: 3, retryAfterSeconds: 60 });
    now += 30_500;
    expect((await limiter.peek('b', 2, 60_000)).retryAfterSeconds).toBe(30);
    now += 30_000;
    expect((await limiter.hit('b', 2, 60_000)).allowed).toBe(true);
    await limiter.refund('b');
    expect((await limiter.peek('b', 2, 60_000)).count).toBe(0);
  });

  it('stays bounded in memory', async () => {
    const limiter = new MemoryRateLimiter(Date.now, 100);
    for (let i = 0; i < 1000; i++) await limiter.hit(`b${i}`, 10, 60_000);
    expect(limiter.size).toBeLessThanOrEqual(100);
  });
});
