import { issueKey } from '../src/auth/keys/key-format';
import { Mode } from '../src/domain/enums';
import { KeyType } from '../src/permissions/permissions';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  setMerchantStatus,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { GqlResponse, startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
let admin: TestAccount;
let owner: TestAccount;
let merchantId: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectError(res: GqlResponse, status: number, code: string): void {
  expect({ status: res.status, code: res.errors?.[0]?.extensions.code }).toEqual({ status, code });
  expect(res.data ?? null).toBeNull();
  const requestId = res.headers.get('x-request-id');
  expect(requestId).toMatch(/^req_/);
  expect(res.errors?.[0].extensions.requestId).toBe(requestId);
}

function whoAmI(apiKey?: string): Promise<GqlResponse> {
  return t.gql(WHO_AM_I, { apiKey });
}

describe('authenticating with X-Api-Key', () => {
  it('accepts a valid key and describes it with currentApiKey', async () => {
    const key = await createKey(t, owner, {
      merchantId,
      name: 'backend',
      permissions: { payments: 'READ_ONLY' },
    });
    const res = await whoAmI(key.secret);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.data.currentApiKey).toMatchObject({
      id: key.apiKey.id,
      name: 'backend',
      type: 'PRIVATE',
      mode: 'LIVE',
      merchant: { id: merchantId, status: 'ACTIVE' },
    });
  });

  it('answers API_KEY_MISSING (401) without a key, or with an empty one', async () => {
    expectError(await whoAmI(), 401, 'API_KEY_MISSING');
    expectError(await whoAmI('   '), 401, 'API_KEY_MISSING');
  });

  it('refuses a malformed key with API_KEY_INVALID (403) without any database query', async () => {
    const { secret } = await createKey(t, owner, { merchantId });
    const typo = secret.slice(0, 20) + (secret[20] === 'a' ? 'b' : 'a') + secret.slice(21);
    for (const bad of ['not-a-key', typo, secret.slice(0, -1), `${secret}x`]) {
      t.queries.reset();
      expectError(await whoAmI(bad), 403, 'API_KEY_INVALID');
      expect(t.queries.count).toBe(0);
    }
  });

  it('refuses a well-formed unknown key with API_KEY_INVALID (403)', async () => {
    expectError(await whoAmI(issueKey(KeyType.PRIVATE, Mode.LIVE).secret), 403, 'API_KEY_INVALID');
  });

  it('rotation without grace: the old key is refused on its very next request', async () => {
    const old = await createKey(t, owner, {
      merchantId,
      name: 'rotating',
      permissions: { merchant: 'WRITE' },
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect((await whoAmI(old.secret)).status).toBe(200);
    const rotated = await t.gql(
      `mutation($id: ID!) { rotateApiKey(id: $id) { secret apiKey { id name type mode permissions expiresAt } } }`,
      { token: owner.token, variables: { id: old.apiKey.id } },
    );
    const fresh = rotated.data.rotateApiKey;
    expect(fresh.secret).not.toBe(old.secret);
    expect(fresh.apiKey).toMatchObject({
      name: 'rotating',
      type: old.apiKey.type,
      mode: old.apiKey.mode,
      permissions: old.apiKey.permissions,
      expiresAt: old.apiKey.expiresAt,
    });
    expectError(await whoAmI(old.secret), 403, 'API_KEY_INVALID');
    expect((await whoAmI(fresh.secret)).data.currentApiKey.id).toBe(fresh.apiKey.id);
  });

  it('rotation with grace: the old key works until the grace period ends', async () => {
    const old = await createKey(t, owner, { merchantId });
    const rotated = await t.gql(
      `mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 2) { secret } }`,
      { token: owner.token, variables: { id: old.apiKey.id } },
    );
    const started = Date.now();
    expect((await whoAmI(old.secret)).status).toBe(200);
    expect((await whoAmI(rotated.data.rotateApiKey.secret)).status).toBe(200);
    await sleep(2100 - (Date.now() - started));
    expectError(await whoAmI(old.secret), 403, 'API_KEY_INVALID');
    expect((await whoAmI(rotated.data.rotateApiKey.secret)).status).toBe(200);
  });

  it('deactivation refuses the key on its very next request, even when cached', async () => {
    const key = await createKey(t, owner, { merchantId });
    expect((await whoAmI(key.secret)).status).toBe(200);
    expect((await whoAmI(key.secret)).status).toBe(200);
    const res = await t.gql(
      `mutation($id: ID!) { deactivateApiKey(id: $id) { status deactivatedAt } }`,
      {
        token: owner.token,
        variables: { id: key.apiKey.id },
      },
    );
    expect(res.data.deactivateApiKey.status).toBe('DEACTIVATED');
    expectError(await whoAmI(key.secret), 403, 'API_KEY_INVALID');
  });

  it('answers API_KEY_EXPIRED once expiresAt has passed', async () => {
    const key = await createKey(t, owner, {
      merchantId,
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect((await whoAmI(key.secret)).status).toBe(200);
    await sleep(1600);
    expectError(await whoAmI(key.secret), 403, 'API_KEY_EXPIRED');
  });

  it('refuses a deleted key', async () => {
    const key = await createKey(t, owner, { merchantId });
    expect((await whoAmI(key.secret)).status).toBe(200);
    await t.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expectError(await whoAmI(key.secret), 403, 'API_KEY_INVALID');
  });

  it("answers OWNER_BLOCKED while the merchant's owner is blocked", async () => {
    const other = await createOwner(t, 'to-block');
    const shop = await createMerchant(t, other, { activateWith: admin });
    const key = await createKey(t, other, { merchantId: shop });
    expect((await whoAmI(key.secret)).status).toBe(200);
    const block = `mutation($id: ID!, $s: AccountStatus!) { setAccountStatus(id: $id, status: $s) { status } }`;
    await t.gql(block, { token: admin.token, variables: { id: other.id, s: 'BLOCKED' } });
    expectError(await whoAmI(key.secret), 403, 'OWNER_BLOCKED');
    await t.gql(block, { token: admin.token, variables: { id: other.id, s: 'ACTIVE' } });
    expect((await whoAmI(key.secret)).status).toBe(200);
  });

  it('answers MERCHANT_BLOCKED for a banned merchant and MERCHANT_NOT_ACTIVE for a LIVE key of a pending one', async () => {
    const shop = await createMerchant(t, owner, { activateWith: admin });
    const live = await createKey(t, owner, { merchantId: shop, mode: 'LIVE' });
    const test = await createKey(t, owner, { merchantId: shop, mode: 'TEST' });
    expect((await whoAmI(live.secret)).status).toBe(200);

    await setMerchantStatus(t, admin, shop, 'BANNED');
    expectError(await whoAmI(live.secret), 403, 'MERCHANT_BLOCKED');
    expectError(await whoAmI(test.secret), 403, 'MERCHANT_BLOCKED');

    await setMerchantStatus(t, admin, shop, 'PENDING');
    expectError(await whoAmI(live.secret), 403, 'MERCHANT_NOT_ACTIVE');
    expect((await whoAmI(test.secret)).status).toBe(200);

    await setMerchantStatus(t, admin, shop, 'ACTIVE');
    expect((await whoAmI(live.secret)).status).toBe(200);
  });

  it('refuses API keys on account operations with FORBIDDEN (403), running nothing', async () => {
    const key = await createKey(t, owner, { merchantId });
    const res = await t.gql(`mutation { createMerchant(input: { name: "x" }) { id } }`, {
      apiKey: key.secret,
    });
    expectError(res, 403, 'FORBIDDEN');
    expect(res.errors?.[0].extensions.field).toBe('createMerchant');
    const list = await t.gql(`query($m: ID!) { apiKeys(merchantId: $m) { id } }`, {
      apiKey: key.secret,
      variables: { m: merchantId },
    });
    expectError(list, 403, 'FORBIDDEN');
  });

  it('answers API_KEY_MISSING to an account calling a key-only operation', async () => {
    expectError(await t.gql(WHO_AM_I, { token: owner.token }), 401, 'API_KEY_MISSING');
  });

  it('puts the request id on every response, success or failure', async () => {
    const ids = new Set<string>();
    for (const res of [await whoAmI(), await t.gql('{ me { id } }'), await t.gql('{ nope }')]) {
      const id = res.headers.get('x-request-id');
      expect(id).toMatch(/^req_[0-9A-Z]{26}$/);
      ids.add(id as string);
      for (const error of res.errors ?? []) expect(error.extensions.requestId).toBe(id);
    }
    expect(ids.size).toBe(3);
  });

  it('re-verifies cached keys older than the max age while one is set (Redis down)', async () => {
    const key = await createKey(t, owner, { merchantId, name: 'max-age' });
    const verifier = t.server.services.verifier;
    expect(verifier.maxAge).toBeNull();
    expect((await whoAmI(key.secret)).status).toBe(200);
    const misses = verifier.misses;
    expect((await whoAmI(key.secret)).status).toBe(200);
    expect(verifier.misses).toBe(misses);
    verifier.setMaxAge(500);
    try {
      await sleep(550);
      expect((await whoAmI(key.secret)).status).toBe(200);
      expect(verifier.misses).toBe(misses + 1);
      expect((await whoAmI(key.secret)).status).toBe(200);
      expect(verifier.misses).toBe(misses + 1);
    } finally {
      verifier.setMaxAge(null);
    }
  });
});
