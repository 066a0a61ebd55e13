import { AuditEvent } from '../src/entities/audit-event.entity';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  PASSWORD,
  setMerchantStatus,
  TestAccount,
} from './helpers/fixtures';
import { Json, startTestServer, TestServer } from './helpers/test-server';

const TRAIL = `query($m: ID, $first: Int, $after: String) {
  auditEvents(merchantId: $m, first: $first, after: $after) {
    edges { cursor node { id occurredAt action actorType actorId targetType targetId merchantId clientIp requestId details } }
    pageInfo { hasNextPage endCursor }
  }
}`;

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

async function trail(who: TestAccount, variables: Record<string, unknown> = {}) {
  const res = await t.gql(TRAIL, { token: who.token, variables });
  if (!res.data?.auditEvents) throw new Error(res.raw);
  return {
    nodes: res.data.auditEvents.edges.map((e: Json) => e.node) as Json[],
    pageInfo: res.data.auditEvents.pageInfo,
  };
}

describe('audit trail', () => {
  it('records the key life cycle with actor, address and request id', async () => {
    const { apiKey } = await createKey(t, owner, { merchantId });
    const rotated = await t.gql(`mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { id } } }`, {
      token: owner.token,
      variables: { id: apiKey.id },
    });
    const newId = rotated.data.rotateApiKey.apiKey.id;
    await t.gql(`mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`, {
      token: owner.token,
      variables: { id: newId },
    });
    await t.gql(`mutation($id: ID!) { deleteApiKey(id: $id) }`, {
      token: owner.token,
      variables: { id: newId },
    });
    const { nodes } = await trail(owner, { m: merchantId });
    const actions = nodes.map((n) => `${n.action}:${n.targetId}`);
    expect(actions).toEqual(
      expect.arrayContaining([
        `api_key.created:${apiKey.id}`,
        `api_key.rotated:${apiKey.id}`,
        `api_key.created:${newId}`.replace('created', 'deactivated'),
        `api_key.deleted:${newId}`,
      ]),
    );
    const created = nodes.find((n) => n.action === 'api_key.created' && n.targetId === apiKey.id);
    expect(created).toMatchObject({
      actorType: 'ACCOUNT',
      actorId: owner.id,
      targetType: 'api_key',
      merchantId,
      clientIp: expect.stringMatching(/127\.0\.0\.1/),
      requestId: expect.stringMatching(/^req_/),
    });
    expect(JSON.stringify(nodes)).not.toMatch(/kprv_live_[A-Za-z0-9]{12}_[A-Za-z0-9]{30,}/);
  });

  it('records merchant and account status changes, logins and failed logins', async () => {
    await setMerchantStatus(t, admin, merchantId, 'ACTIVE');
    const other = await createOwner(t, 'blocked');
    await t.gql(`mutation($id: ID!) { setAccountStatus(id: $id, status: BLOCKED) { id } }`, {
      token: admin.token,
      variables: { id: other.id },
    });
    await t.gql(
      `mutation { login(email: "${owner.email}", password: "wrong-password") { token } }`,
    );
    await t.gql(
      `mutation { login(email: "nobody@example.com", password: "wrong-password") { token } }`,
    );
    const rows = await t.server.dataSource.getRepository(AuditEvent).find();
    const find = (action: string, targetId?: string) =>
      rows.filter(
        (r) => r.action === action && (targetId === undefined || r.targetId === targetId),
      );
    expect(find('merchant.status_changed', merchantId).length).toBeGreaterThanOrEqual(1);
    expect(find('account.status_changed', other.id)[0]).toMatchObject({
      actorId: admin.id,
      details: { from: 'ACTIVE', to: 'BLOCKED' },
    });
    expect(find('account.login', owner.id).length).toBeGreaterThanOrEqual(1);
    expect(find('account.login_failed', owner.id)[0]).toMatchObject({
      actorType: 'ANONYMOUS',
      details: { reason: 'wrong_password' },
    });
    const unknown = find('account.login_failed').find((r) => r.targetId === null);
    expect(unknown?.details).toEqual({ reason: 'unknown_email' });
    expect(JSON.stringify(rows)).not.toContain('wrong-password');
    expect(JSON.stringify(rows)).not.toContain(PASSWORD);
    expect(JSON.stringify(rows)).not.toContain('nobody@example.com');
  });

  it("shows owners only their merchants' events and their own, admins everything", async () => {
    const stranger = await createOwner(t, 'stranger');
    const strangerMerchant = await createMerchant(t, stranger);
    const mine = await trail(owner);
    expect(mine.nodes.every((n) => n.merchantId === merchantId || n.actorId === owner.id)).toBe(
      true,
    );
    expect(mine.nodes.some((n) => n.merchantId === strangerMerchant)).toBe(false);
    expect((await trail(owner, { m: strangerMerchant })).nodes).toEqual([]);
    const all = await trail(admin, { first: 100 });
    expect(all.nodes.some((n) => n.action === 'account.status_changed')).toBe(true);
  });

  it('pages newest first by cursor', async () => {
    const first = await trail(admin, { first: 2 });
    expect(first.nodes).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.nodes[0].id > first.nodes[1].id).toBe(true);
    const second = await trail(admin, { first: 2, after: first.pageInfo.endCursor });
    expect(second.nodes[0].id < first.nodes[1].id).toBe(true);
  });

  it('refuses page sizes out of range and API keys', async () => {
    for (const first of [0, 101, -1]) {
      const res = await t.gql(TRAIL, { token: admin.token, variables: { first } });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    const forged = await t.gql(TRAIL, { token: admin.token, variables: { after: 'aud_1' } });
    expect(forged.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'after', reason: 'is not a cursor from this API' }],
    });
    const { secret } = await createKey(t, owner, { merchantId });
    const res = await t.gql(TRAIL, { apiKey: secret });
    expect(res.status).toBe(403);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });
});
