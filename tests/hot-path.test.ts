import bcrypt from 'bcrypt';
import crypto from 'node:crypto';
import { issueKey } from '../src/auth/keys/key-format';
import { Mode } from '../src/domain/enums';
import { KeyType } from '../src/permissions/permissions';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  login,
  setMerchantStatus,
  TestAccount,
} from './helpers/fixtures';
import { GqlResponse, startTestServer, TestServer } from './helpers/test-server';

/*
 * The request path of API keys (issue 6): no slow hash on any path, verified keys answered from
 * memory without SQL, and every revocation effective on the very next request (no TTL to wait for).
 * Runs on SQLite and on MariaDB like the rest of the suite.
 */

let t: TestServer;
let admin: TestAccount;
let owner: TestAccount;
let merchantId: string;

const CUSTOMERS = `query { customers(first: 5) { nodes { id name } pageInfo { hasNextPage } } }`;
/** Needs PAYMENT_TRANSACTION_VIEW, which the keys below lack: refused before any resolver runs. */
const FORBIDDEN_QUERY = `query { paymentTransactions(first: 1) { nodes { id } } }`;

const slowHashes = () => [
  jest.spyOn(bcrypt, 'compare'),
  jest.spyOn(bcrypt, 'hash'),
  jest.spyOn(bcrypt, 'compareSync'),
  jest.spyOn(bcrypt, 'hashSync'),
  jest.spyOn(crypto, 'scrypt'),
  jest.spyOn(crypto, 'scryptSync'),
  jest.spyOn(crypto, 'pbkdf2'),
  jest.spyOn(crypto, 'pbkdf2Sync'),
];
let spies: ReturnType<typeof slowHashes>;

const totalSlowHashCalls = () => spies.reduce((sum, spy) => sum + spy.mock.calls.length, 0);

function customers(apiKey: string): Promise<GqlResponse> {
  return t.gql(CUSTOMERS, { apiKey });
}

function merchantKey(shop = merchantId, account = owner) {
  return createKey(t, account, { merchantId: shop, permissions: { merchant: 'READ_ONLY' } });
}

beforeAll(async () => {
  t = await startTestServer();
  admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
  spies = slowHashes();
});
afterAll(async () => {
  jest.restoreAllMocks();
  await t.close();
});
beforeEach(() => {
  for (const spy of spies) spy.mockClear();
});

describe('no slow hash while serving API-key requests', () => {
  it('the spies see bcrypt where it belongs: a password login', async () => {
    await login(t, owner.email);
    expect(spies[0]).toHaveBeenCalled();
  });

  it('valid keys (cache miss, then hits), refused operations, unknown and malformed keys', async () => {
    const key = await merchantKey();
    const other = await merchantKey();
    for (const spy of spies) spy.mockClear();

    t.server.services.verifier.keyChanged(key.apiKey.id);
    expect((await customers(key.secret)).status).toBe(200); // miss
    expect((await customers(key.secret)).status).toBe(200); // hit
    expect((await customers(other.secret)).status).toBe(200);
    expect((await t.gql(FORBIDDEN_QUERY, { apiKey: key.secret })).status).toBe(403);

    const unknown = issueKey(KeyType.PRIVATE, Mode.LIVE).secret;
    const typo = key.secret.slice(0, -1) + (key.secret.endsWith('a') ? 'b' : 'a');
    for (const bad of [unknown, typo, 'not-a-key', `${key.secret}x`]) {
      expect((await customers(bad)).status).toBe(403);
    }
    expect(totalSlowHashCalls()).toBe(0);
  });
});

describe('responses', () => {
  it('stay uncacheable (Cache-Control: no-store), successes and refusals alike', async () => {
    const key = await merchantKey();
    for (const res of [await customers(key.secret), await customers('not-a-key')]) {
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });
});

describe('the authentication step of a cached key issues no SQL', () => {
  it('a cache miss reads the key once; a hit reads nothing', async () => {
    const key = await merchantKey();
    const verifier = t.server.services.verifier;
    verifier.keyChanged(key.apiKey.id);

    t.queries.reset();
    expect((await verifier.verify(key.secret)).ok).toBe(true);
    expect(t.queries.count).toBe(1);
    expect(t.queries.statements[0]).not.toMatch(/passwordHash/);

    const hits = verifier.hits;
    t.queries.reset();
    for (let i = 0; i < 5; i++) expect((await verifier.verify(key.secret)).ok).toBe(true);
    expect(t.queries.count).toBe(0);
    expect(verifier.hits).toBe(hits + 5);
  });

  it('over HTTP: a refused operation of a cached key runs no SQL; an allowed one only its own', async () => {
    const key = await merchantKey();
    expect((await customers(key.secret)).status).toBe(200);

    t.queries.reset();
    expect((await t.gql(FORBIDDEN_QUERY, { apiKey: key.secret })).status).toBe(403);
    expect(t.queries.statements).toEqual([]);

    t.queries.reset();
    expect((await customers(key.secret)).status).toBe(200);
    expect(t.queries.statements.filter((sql) => /api_keys|merchants|accounts/.test(sql))).toEqual(
      [],
    );
    expect(t.queries.count).toBe(1);
  });
});

describe('revocations drop cached keys at once (no TTL)', () => {
  /** Makes sure the key is served from the cache before the revocation. */
  async function cached(secret: string): Promise<void> {
    expect((await customers(secret)).status).toBe(200);
    const hits = t.server.services.verifier.hits;
    expect((await customers(secret)).status).toBe(200);
    expect(t.server.services.verifier.hits).toBe(hits + 1);
  }

  function expectRefused(res: GqlResponse, code: string): void {
    expect({ status: res.status, code: res.errors?.[0]?.extensions.code }).toEqual({
      status: 403,
      code,
    });
  }

  it('deactivate', async () => {
    const key = await merchantKey();
    await cached(key.secret);
    await t.gql(`mutation($id: ID!) { deactivateApiKey(id: $id) { status } }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expectRefused(await customers(key.secret), 'API_KEY_INVALID');
  });

  it('rotate (no grace)', async () => {
    const key = await merchantKey();
    await cached(key.secret);
    const rotated = await t.gql(`mutation($id: ID!) { rotateApiKey(id: $id) { secret } }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expectRefused(await customers(key.secret), 'API_KEY_INVALID');
    expect((await customers(rotated.data.rotateApiKey.secret as string)).status).toBe(200);
  });

  it('expire: the cached entry itself carries expiresAt', async () => {
    const expiresAt = Date.now() + 60_000;
    const key = await createKey(t, owner, {
      merchantId,
      permissions: { merchant: 'READ_ONLY' },
      expiresAt: new Date(expiresAt).toISOString(),
    });
    await cached(key.secret);
    const verifier = t.server.services.verifier;
    t.queries.reset();
    const late = await verifier.verify(key.secret, expiresAt + 1);
    expect(late).toMatchObject({ ok: false, code: 'API_KEY_EXPIRED' });
    expect(t.queries.count).toBe(0); // refused from the cache, at the first moment it is due
  });

  it('ban merchant', async () => {
    const shop = await createMerchant(t, owner, { activateWith: admin });
    const key = await merchantKey(shop);
    await cached(key.secret);
    await setMerchantStatus(t, admin, shop, 'BANNED');
    expectRefused(await customers(key.secret), 'MERCHANT_BLOCKED');
  });

  it('block owner', async () => {
    const other = await createOwner(t, 'hot-path-blocked');
    const shop = await createMerchant(t, other, { activateWith: admin });
    const key = await merchantKey(shop, other);
    await cached(key.secret);
    await t.gql(
      `mutation($id: ID!, $s: AccountStatus!) { setAccountStatus(id: $id, status: $s) { status } }`,
      { token: admin.token, variables: { id: other.id, s: 'BLOCKED' } },
    );
    expectRefused(await customers(key.secret), 'OWNER_BLOCKED');
  });
});
