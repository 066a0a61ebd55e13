import { ipAllowed, parseCidr } from '../src/auth/cidr';
import { ApiKey } from '../src/entities/api-key.entity';
import {
  createAdmin,
  createMerchant,
  createOwner,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { Json, startTestServer, TestServer } from './helpers/test-server';

const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id allowedCidrs } }
}`;

let t: TestServer;
let owner: TestAccount;
let merchantId: string;
beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
});
afterAll(() => t.close());

async function create(allowedCidrs: string[] | null) {
  return t.gql(CREATE, {
    token: owner.token,
    variables: {
      input: {
        merchantId,
        type: 'PRIVATE',
        mode: 'LIVE',
        name: 'restricted',
        permissions: { merchant: 'READ_ONLY' },
        allowedCidrs,
      },
    },
  });
}

describe('allowed client addresses per key', () => {
  it('accepts calls from an allowed address (the tests call from 127.0.0.1)', async () => {
    const res = await create(['127.0.0.0/8', '::1/128']);
    expect(res.data.createApiKey.apiKey.allowedCidrs).toEqual(['127.0.0.0/8', '::1/128']);
    const call = await t.gql(WHO_AM_I, { apiKey: res.data.createApiKey.secret });
    expect(call.status).toBe(200);
    expect(call.data.currentApiKey.id).toBe(res.data.createApiKey.apiKey.id);
  });

  it('refuses calls from anywhere else with IP_NOT_ALLOWED (403)', async () => {
    const res = await create(['10.0.0.0/8', '2001:db8::/32']);
    const call = await t.gql(WHO_AM_I, { apiKey: res.data.createApiKey.secret });
    expect(call.status).toBe(403);
    expect(call.errors?.[0].extensions.code).toBe('IP_NOT_ALLOWED');
    expect(call.data).toBeUndefined();
  });

  it('treats null or an empty list as no restriction', async () => {
    for (const cidrs of [null, []]) {
      const res = await create(cidrs);
      expect(res.data.createApiKey.apiKey.allowedCidrs).toBeNull();
      expect((await t.gql(WHO_AM_I, { apiKey: res.data.createApiKey.secret })).status).toBe(200);
    }
  });

  it('refuses invalid CIDRs at creation, naming each, and creates nothing', async () => {
    const before = await t.server.dataSource.getRepository(ApiKey).count();
    const res = await create(['10.0.0.0/8', '10.0.0.0/33', 'example.com', '::1/129']);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const fields = (res.errors?.[0].extensions.fields as Json[]).map((f) => f.field);
    expect(fields).toEqual(['allowedCidrs.1', 'allowedCidrs.2', 'allowedCidrs.3']);
    expect(res.errors?.[0].message).toContain('example.com');
    expect(await t.server.dataSource.getRepository(ApiKey).count()).toBe(before);
  });

  it('keeps the list on rotation', async () => {
    const res = await create(['10.1.0.0/16']);
    const rotated = await t.gql(
      `mutation($id: ID!) { rotateApiKey(id: $id) { secret apiKey { id allowedCidrs } } }`,
      { token: owner.token, variables: { id: res.data.createApiKey.apiKey.id } },
    );
    expect(rotated.data.rotateApiKey.apiKey.allowedCidrs).toEqual(['10.1.0.0/16']);
    const call = await t.gql(WHO_AM_I, { apiKey: rotated.data.rotateApiKey.secret });
    expect(call.errors?.[0].extensions.code).toBe('IP_NOT_ALLOWED');
  });
});

describe('client address behind a proxy (TRUST_PROXY)', () => {
  const FORWARDED = { 'x-forwarded-for': '203.0.113.7' };

  it('ignores X-Forwarded-For unless the proxy is trusted: a spoofed address is refused', async () => {
    const res = await create(['203.0.113.0/24']);
    const call = await t.gql(WHO_AM_I, {
      apiKey: res.data.createApiKey.secret,
      headers: FORWARDED,
    });
    expect(call.status).toBe(403);
    expect(call.errors?.[0].extensions.code).toBe('IP_NOT_ALLOWED');
  });

  it('with one trusted hop, takes the client address from X-Forwarded-For on POST and GET', async () => {
    const behindProxy = await startTestServer({ config: { trustProxy: 1 } });
    try {
      const admin = await createAdmin(behindProxy);
      const shopOwner = await createOwner(behindProxy);
      const shop = await createMerchant(behindProxy, shopOwner, { activateWith: admin });
      const res = await behindProxy.gql(CREATE, {
        token: shopOwner.token,
        variables: {
          input: {
            merchantId: shop,
            type: 'PRIVATE',
            mode: 'LIVE',
            name: 'behind a proxy',
            permissions: { merchant: 'READ_ONLY' },
            allowedCidrs: ['203.0.113.0/24'],
          },
        },
      });
      const apiKey = res.data.createApiKey.secret as string;
      const allowed = await behindProxy.gql(WHO_AM_I, { apiKey, headers: FORWARDED });
      expect(allowed.status).toBe(200);
      expect(allowed.data.currentApiKey.name).toBe('behind a proxy');
      const direct = await behindProxy.gql(WHO_AM_I, { apiKey });
      expect(direct.errors?.[0].extensions.code).toBe('IP_NOT_ALLOWED');
      // GET is served by the Express route: the same address rule applies there.
      const viaGet = await fetch(`${behindProxy.url}?query=${encodeURIComponent(WHO_AM_I)}`, {
        headers: { ...FORWARDED, 'x-api-key': apiKey, 'apollo-require-preflight': 'true' },
      });
      expect(viaGet.status).toBe(200);
      expect(((await viaGet.json()) as Json).data.currentApiKey.name).toBe('behind a proxy');
    } finally {
      await behindProxy.close();
    }
  });
});

describe('CIDR parsing and matching', () => {
  it.each(['10.0.0.0/8', '0.0.0.0/0', '192.168.1.7', '::1', '2001:db8::/32', '::/0', 'fe80::1/64'])(
    'accepts %s',
    (text) => expect(parseCidr(text)).toBeDefined(),
  );

  it.each([
    '',
    '10.0.0.0/33',
    '10.0.0/8',
    '256.1.1.1',
    '::1/129',
    '1.2.3.4/-1',
    ' 1.2.3.4',
    'a/b',
    '1.2.3.4/08x',
  ])('refuses %j', (text) => expect(parseCidr(text)).toBeUndefined());

  it('matches IPv4, IPv6 and IPv4-mapped IPv6 client addresses, failing closed', () => {
    expect(ipAllowed('10.2.3.4', ['10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('::ffff:10.2.3.4', ['10.0.0.0/8'])).toBe(true);
    expect(ipAllowed('11.2.3.4', ['10.0.0.0/8'])).toBe(false);
    expect(ipAllowed('2001:db8::5', ['2001:db8::/32'])).toBe(true);
    expect(ipAllowed('2001:db9::5', ['2001:db8::/32'])).toBe(false);
    expect(ipAllowed('', ['0.0.0.0/0'])).toBe(false);
    expect(ipAllowed('garbage', ['0.0.0.0/0'])).toBe(false);
  });
});
