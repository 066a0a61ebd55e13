import { checksum, issueKey, KEY_LENGTH, randomBase62 } from '../src/auth/keys/key-format';
import { Mode } from '../src/domain/enums';
import { AuditEvent } from '../src/entities/audit-event.entity';
import { KeyType } from '../src/permissions/permissions';
import { ApiKey } from '../src/entities/api-key.entity';
import { LEAK_REPORT_MIN_MS } from '../src/resolvers/api-key.resolver';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

/** A well-formed key (valid checksum) that was never issued. */
const unknownKey = () => issueKey(KeyType.PRIVATE, Mode.LIVE).secret;

/** The same key id and prefix with another secret and a valid checksum. */
function wrongSecret(secret: string): string {
  const prefix = secret.slice(0, 23);
  const body = prefix + randomBase62(KEY_LENGTH - 6 - prefix.length);
  return body + checksum(body);
}

const REPORT = `mutation($key: String!) { reportLeakedApiKey(key: $key) }`;

let t: TestServer;
let owner: TestAccount;
let merchantId: string;
beforeAll(async () => {
  t = await startTestServer({
    config: { rateLimits: { keyPerMinute: 600, authFailuresPerMinute: 50 } },
  });
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
});
afterAll(() => t.close());

async function snapshot() {
  const keys = await t.server.dataSource.getRepository(ApiKey).find({ order: { id: 'ASC' } });
  const events = await t.server.dataSource.getRepository(AuditEvent).count();
  return { keys: keys.map((k) => [k.id, k.deactivatedAt?.toISOString() ?? null]), events };
}

describe('reportLeakedApiKey', () => {
  it('deactivates a reported key at once and audits who reported it and from where', async () => {
    const { secret, apiKey } = await createKey(t, owner, { merchantId });
    // Warm the verification cache: the report must revoke the cached entry too.
    expect((await t.gql(WHO_AM_I, { apiKey: secret })).status).toBe(200);

    const res = await t.gql(REPORT, { variables: { key: secret } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ reportLeakedApiKey: true });

    const next = await t.gql(WHO_AM_I, { apiKey: secret });
    expect(next.status).toBe(403);
    expect(next.errors?.[0].extensions.code).toBe('API_KEY_INVALID');

    const events = await t.server.dataSource.getRepository(AuditEvent).find({
      where: { action: 'api_key.leak_reported', targetId: apiKey.id },
    });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorType: 'ANONYMOUS',
      actorId: null,
      merchantId,
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      requestId: expect.stringMatching(/^req_/),
    });
    expect(JSON.stringify(events[0].details)).not.toContain(secret.slice(22));
  });

  it("records an account that reports, and shows the report in its owner's audit trail", async () => {
    const { secret, apiKey } = await createKey(t, owner, { merchantId });
    const reporter = await createOwner(t, 'reporter');
    const res = await t.gql(REPORT, { token: reporter.token, variables: { key: secret } });
    expect(res.data.reportLeakedApiKey).toBe(true);
    const trail = await t.gql(
      `query($m: ID) { auditEvents(merchantId: $m, first: 50) { edges { node { action actorType actorId targetId clientIp } } } }`,
      { token: owner.token, variables: { m: merchantId } },
    );
    const nodes = trail.data.auditEvents.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toContainEqual(
      expect.objectContaining({
        action: 'api_key.leak_reported',
        actorType: 'ACCOUNT',
        actorId: reporter.id,
        targetId: apiKey.id,
      }),
    );
  });

  it.each([
    ['a well-formed key that does not exist', unknownKey()],
    ['a mistyped key (bad checksum)', 'kprv_live_ZZZZZZZZZZZZ_' + 'A'.repeat(38)],
    ['garbage', 'not a key at all'],
    ['an empty string', ''],
    ['a very long string', 'x'.repeat(5000)],
  ])('answers the same for %s and changes nothing', async (_label, key) => {
    const before = await snapshot();
    const res = await t.gql(REPORT, { variables: { key } });
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ reportLeakedApiKey: true });
    expect(res.errors).toBeUndefined();
    expect(await snapshot()).toEqual(before);
  });

  it('a wrong secret for a real key id changes nothing either', async () => {
    const { secret } = await createKey(t, owner, { merchantId });
    const before = await snapshot();
    const tampered = wrongSecret(secret);
    expect(tampered).toHaveLength(secret.length);
    const res = await t.gql(REPORT, { variables: { key: tampered } });
    expect(res.data).toEqual({ reportLeakedApiKey: true });
    expect(await snapshot()).toEqual(before);
    expect((await t.gql(WHO_AM_I, { apiKey: secret })).status).toBe(200);
  });

  it('takes about the same time whether the key was real or not', async () => {
    const time = async (key: string) => {
      const started = Date.now();
      await t.gql(REPORT, { variables: { key } });
      return Date.now() - started;
    };
    const median = async (keys: string[]) => {
      const times: number[] = [];
      for (const key of keys) times.push(await time(key));
      times.sort((a, b) => a - b);
      return { min: times[0], median: times[Math.floor(times.length / 2)] };
    };
    const real: string[] = [];
    const wrong: string[] = [];
    for (let i = 0; i < 3; i++) {
      real.push((await createKey(t, owner, { merchantId })).secret);
      wrong.push(wrongSecret((await createKey(t, owner, { merchantId })).secret));
    }
    const results = [
      await median(real),
      await median([unknownKey(), unknownKey(), unknownKey()]),
      await median(wrong),
      await median(['nonsense', '', 'x'.repeat(300)]),
    ];
    // Every answer waits for the same floor; the work behind it is well below that floor.
    for (const r of results) expect(r.min).toBeGreaterThanOrEqual(LEAK_REPORT_MIN_MS - 5);
    const medians = results.map((r) => r.median);
    expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(LEAK_REPORT_MIN_MS);
  });

  it('refuses more than one report per document', async () => {
    const res = await t.gql(
      `mutation { a: reportLeakedApiKey(key: "x") b: reportLeakedApiKey(key: "y") }`,
    );
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_REQUEST');
  });
});

describe('reportLeakedApiKey rate limit per client address', () => {
  let limited: TestServer;
  beforeAll(async () => {
    limited = await startTestServer({
      config: { rateLimits: { keyPerMinute: 600, authFailuresPerMinute: 2 } },
    });
  });
  afterAll(() => limited.close());

  it('answers RATE_LIMITED with Retry-After past the limit', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await limited.gql(REPORT, { variables: { key: 'x' } })).status).toBe(200);
    }
    const res = await limited.gql(REPORT, { variables: { key: 'x' } });
    expect(res.status).toBe(429);
    expect(res.errors?.[0].extensions.code).toBe('RATE_LIMITED');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
