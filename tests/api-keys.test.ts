import { getSchema } from '../src/graphql/schema';
import { ApiKey } from '../src/entities/api-key.entity';
import { ALL_PERMISSIONS } from '../src/permissions/permissions';
import {
  CREATE_KEY,
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  TestAccount,
} from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
let admin: TestAccount;
let owner: TestAccount;
let stranger: TestAccount;
let merchantId: string;
let pendingMerchantId: string;

beforeAll(async () => {
  t = await startTestServer();
  admin = await createAdmin(t);
  owner = await createOwner(t);
  stranger = await createOwner(t, 'stranger');
  merchantId = await createMerchant(t, owner, { activateWith: admin });
  pendingMerchantId = await createMerchant(t, owner);
});
afterAll(() => t.close());

function createWith(input: Record<string, unknown>, account: TestAccount = owner) {
  return t.gql(CREATE_KEY, {
    token: account.token,
    variables: {
      input: {
        merchantId,
        type: 'PRIVATE',
        mode: 'LIVE',
        name: 'k',
        permissions: { merchant: 'READ_ONLY' },
        ...input,
      },
    },
  });
}

async function keyCount(): Promise<number> {
  return t.server.dataSource.getRepository(ApiKey).count();
}

describe('creating API keys', () => {
  it('returns the secret once, with a recognisable prefix, and stores only its hash', async () => {
    const created = await createKey(t, owner, {
      merchantId,
      name: '  Backend  ',
      description: 'server to server',
      permissions: { merchant: 'READ_ONLY', permissions: ['PAYMENT_ROUTE_EDIT'] },
    });
    expect(created.secret.startsWith(`${created.apiKey.prefix}_`)).toBe(true);
    expect(created.apiKey).toMatchObject({
      name: 'Backend',
      type: 'PRIVATE',
      mode: 'LIVE',
      status: 'ACTIVE',
      expiresAt: null,
      permissions: [
        'CUSTOMER_VIEW',
        'CURRENCY_ACCOUNT_VIEW',
        'MERCHANT_ACCOUNT_VIEW',
        'PAYMENT_ROUTE_EDIT',
      ],
      scopes: [
        {
          scope: 'MERCHANT',
          preset: 'READ_ONLY',
          permissions: ['CUSTOMER_VIEW', 'CURRENCY_ACCOUNT_VIEW', 'MERCHANT_ACCOUNT_VIEW'],
        },
        { scope: 'PAYMENTS', preset: 'CUSTOM', permissions: ['PAYMENT_ROUTE_EDIT'] },
      ],
    });
    const listed = await t.gql(`query($m: ID!) { apiKeys(merchantId: $m) { id prefix } }`, {
      token: owner.token,
      variables: { m: merchantId },
    });
    expect(listed.raw).not.toContain(created.secret);
    expect(listed.data.apiKeys.map((k: { id: string }) => k.id)).toContain(created.apiKey.id);
    const row = await t.server.dataSource
      .getRepository(ApiKey)
      .findOneByOrFail({ id: created.apiKey.id });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(created.secret.slice(23));
  });

  it('exposes no hash or secret field on ApiKey', async () => {
    const fields = Object.keys(
      ((await getSchema()).getType('ApiKey') as unknown as { getFields(): object }).getFields(),
    );
    expect(fields.filter((f) => /hash|secret/i.test(f))).toEqual([]);
  });

  it('gives PUBLIC keys PAYMENT_REQUEST_EDIT only, whatever was asked', async () => {
    const created = await createKey(t, owner, {
      merchantId,
      type: 'PUBLIC',
      permissions: { merchant: 'FULL_ACCESS', payments: 'FULL_ACCESS' },
    });
    expect(created.apiKey.permissions).toEqual(['PAYMENT_REQUEST_EDIT']);
    expect(created.secret.startsWith('kpub_live_')).toBe(true);
  });

  it('refuses EDIT permissions on a REPORTING key, naming them, and creates nothing', async () => {
    const before = await keyCount();
    const res = await createWith({
      type: 'REPORTING',
      permissions: {
        payments: 'READ_ONLY',
        permissions: ['CUSTOMER_EDIT', 'PAYMENT_COMMAND_EDIT'],
      },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions.fields[0].field).toBe('permissions');
    expect(res.errors?.[0].extensions.fields[0].reason).toMatch(
      /CUSTOMER_EDIT, PAYMENT_COMMAND_EDIT/,
    );
    expect(await keyCount()).toBe(before);
    const ok = await createKey(t, owner, {
      merchantId,
      type: 'REPORTING',
      permissions: { payments: 'READ_ONLY' },
    });
    expect(ok.secret.startsWith('krep_live_')).toBe(true);
  });

  it.each([
    ['no permission at all', { permissions: {} }, 'permissions'],
    [
      'an expiry in the past',
      { expiresAt: new Date(Date.now() - 1000).toISOString() },
      'expiresAt',
    ],
    ['a blank name', { name: '   ' }, 'name'],
    ['a too long name', { name: 'n'.repeat(101) }, 'name'],
    ['a too long description', { description: 'd'.repeat(501) }, 'description'],
  ])('refuses %s with BAD_USER_INPUT and creates nothing', async (_label, input, field) => {
    const before = await keyCount();
    const res = await createWith(input);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ field })]);
    expect(await keyCount()).toBe(before);
  });

  it('refuses an unknown enum value before anything runs', async () => {
    const res = await createWith({ type: 'SUPERUSER' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('allows TEST keys but not LIVE keys for a PENDING merchant', async () => {
    const live = await createWith({ merchantId: pendingMerchantId, mode: 'LIVE' });
    expect(live.errors?.[0].extensions.code).toBe('MERCHANT_NOT_ACTIVE');
    const test = await createWith({ merchantId: pendingMerchantId, mode: 'TEST' });
    expect(test.errors).toBeUndefined();
    expect(test.data.createApiKey.secret.startsWith('kprv_test_')).toBe(true);
  });

  it('refuses keys for a banned merchant', async () => {
    const banned = await createMerchant(t, owner, { activateWith: admin });
    await t.gql(`mutation($id: ID!) { setMerchantStatus(id: $id, status: BANNED) { id } }`, {
      token: admin.token,
      variables: { id: banned },
    });
    const res = await createWith({ merchantId: banned, mode: 'TEST' });
    expect(res.errors?.[0].extensions.code).toBe('MERCHANT_BLOCKED');
  });

  it("answers another owner's merchant like a missing one", async () => {
    const foreign = await createWith({}, stranger);
    const missing = await createWith({ merchantId: 'mer_missing' }, stranger);
    expect(foreign.errors?.[0].extensions.code).toBe('NOT_FOUND');
    expect(foreign.errors?.[0].message).toBe(missing.errors?.[0].message);
    expect(foreign.errors?.[0].extensions.code).toBe(missing.errors?.[0].extensions.code);
  });
});

describe('managing API keys', () => {
  it("hides another owner's key on every operation exactly like a missing one", async () => {
    const key = await createKey(t, owner, { merchantId });
    const ops: Array<[string, string]> = [
      ['apiKey', `query($id: ID!) { apiKey(id: $id) { id } }`],
      ['rotateApiKey', `mutation($id: ID!) { rotateApiKey(id: $id) { secret } }`],
      ['deactivateApiKey', `mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`],
      ['deleteApiKey', `mutation($id: ID!) { deleteApiKey(id: $id) }`],
    ];
    for (const [name, query] of ops) {
      const foreign = await t.gql(query, {
        token: stranger.token,
        variables: { id: key.apiKey.id },
      });
      const missing = await t.gql(query, {
        token: stranger.token,
        variables: { id: 'key_missing' },
      });
      expect({ name, body: foreign.data }).toEqual({ name, body: missing.data });
      expect(foreign.errors?.map((e) => [e.extensions.code, e.message])).toEqual(
        missing.errors?.map((e) => [e.extensions.code, e.message]),
      );
    }
    const listForeign = await t.gql(`query($m: ID!) { apiKeys(merchantId: $m) { id } }`, {
      token: stranger.token,
      variables: { m: merchantId },
    });
    expect(listForeign.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const still = await t.gql(`query($id: ID!) { apiKey(id: $id) { status } }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expect(still.data.apiKey.status).toBe('ACTIVE');
  });

  it('lets admins see any merchant key', async () => {
    const key = await createKey(t, owner, { merchantId });
    const res = await t.gql(`query($id: ID!) { apiKey(id: $id) { id } }`, {
      token: admin.token,
      variables: { id: key.apiKey.id },
    });
    expect(res.data.apiKey.id).toBe(key.apiKey.id);
  });

  it('keeps permissions immutable: no operation other than createApiKey takes permissions', async () => {
    const schema = await getSchema();
    const mutationFields = Object.values(schema.getMutationType()!.getFields());
    const takesPermissions = mutationFields.filter((field) =>
      field.args.some(
        (arg) => /Permission/.test(String(arg.type)) || /ApiKeyInput/.test(String(arg.type)),
      ),
    );
    expect(takesPermissions.map((f) => f.name)).toEqual(['createApiKey']);
    expect(ALL_PERMISSIONS).toHaveLength(20);
  });

  it('deletes a key: gone from lists and lookups, row kept for audit', async () => {
    const key = await createKey(t, owner, { merchantId });
    const del = await t.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expect(del.data.deleteApiKey).toBe(true);
    const list = await t.gql(`query($m: ID!) { apiKeys(merchantId: $m) { id } }`, {
      token: owner.token,
      variables: { m: merchantId },
    });
    expect(list.data.apiKeys.map((k: { id: string }) => k.id)).not.toContain(key.apiKey.id);
    const one = await t.gql(`query($id: ID!) { apiKey(id: $id) { id } }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    expect(one.data.apiKey).toBeNull();
    const row = await t.server.dataSource
      .getRepository(ApiKey)
      .findOneByOrFail({ id: key.apiKey.id });
    expect(row.deletedAt).not.toBeNull();
  });

  it('refuses a rotation grace period over 7 days or negative', async () => {
    const key = await createKey(t, owner, { merchantId });
    for (const grace of [604801, -1]) {
      const res = await t.gql(
        `mutation($id: ID!, $g: Int!) { rotateApiKey(id: $id, gracePeriodSeconds: $g) { secret } }`,
        {
          token: owner.token,
          variables: { id: key.apiKey.id, g: grace },
        },
      );
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'gracePeriodSeconds' })],
      });
    }
  });
});
