import { Account } from '../src/entities/account.entity';
import { createAdmin, createOwner, login, PASSWORD } from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ config: { bcryptRounds: 12 } });
});
afterAll(() => t.close());

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { id email role status } }`;
const ME = `{ me { id email role status } }`;

describe('accounts', () => {
  it('registers an OWNER with a bcrypt cost-12 hash and a lower-cased, unique email', async () => {
    const res = await t.gql(REGISTER, {
      variables: { input: { email: 'Alice@Example.COM', password: PASSWORD } },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.register).toMatchObject({
      email: 'alice@example.com',
      role: 'OWNER',
      status: 'ACTIVE',
    });
    const stored = await t.server.dataSource
      .getRepository(Account)
      .findOneByOrFail({ email: 'alice@example.com' });
    expect(stored.passwordHash).toMatch(/^\$2b\$12\$/);

    const again = await t.gql(REGISTER, {
      variables: { input: { email: 'ALICE@example.com', password: PASSWORD } },
    });
    expect(again.errors?.[0].extensions.code).toBe('CONFLICT');
    expect(
      await t.server.dataSource.getRepository(Account).countBy({ email: 'alice@example.com' }),
    ).toBe(1);
  });

  it.each([
    ['a short password', { email: 'bob@example.com', password: 'elevenchars' }, 'password'],
    ['a bad email', { email: 'not-an-email', password: PASSWORD }, 'email'],
  ])(
    'refuses %s with BAD_USER_INPUT naming the field, creating nothing',
    async (_label, input, field) => {
      const before = await t.server.dataSource.getRepository(Account).count();
      const res = await t.gql(REGISTER, { variables: { input } });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0].extensions.fields).toEqual([expect.objectContaining({ field })]);
      expect(await t.server.dataSource.getRepository(Account).count()).toBe(before);
    },
  );

  it('logs in, answers me, and logs out (the token then stops working)', async () => {
    const owner = await createOwner(t, 'session');
    const me = await t.gql(ME, { token: owner.token });
    expect(me.data.me).toMatchObject({ id: owner.id, role: 'OWNER' });
    expect((await t.gql(ME)).data.me).toBeNull();

    const out = await t.gql(`mutation { logout }`, { token: owner.token });
    expect(out.data.logout).toBe(true);
    const after = await t.gql(ME, { token: owner.token });
    expect(after.status).toBe(401);
    expect(after.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const owner = await createOwner(t, 'same');
    const query = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`;
    const wrong = await t.gql(query, { variables: { e: owner.email, p: 'wrong password here' } });
    const unknown = await t.gql(query, { variables: { e: 'nobody@example.com', p: PASSWORD } });
    for (const res of [wrong, unknown]) {
      expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(res.errors?.[0].message).toBe('Invalid email or password.');
      expect(res.status).toBe(401);
    }
  });

  it('lets only admins block accounts; a blocked account loses its sessions and cannot log in', async () => {
    const admin = await createAdmin(t);
    const owner = await createOwner(t, 'blocked');
    const other = await createOwner(t, 'other');
    const mutation = `mutation($id: ID!, $s: AccountStatus!) { setAccountStatus(id: $id, status: $s) { id status } }`;

    const denied = await t.gql(mutation, {
      token: other.token,
      variables: { id: owner.id, s: 'BLOCKED' },
    });
    expect(denied.status).toBe(403);
    expect(denied.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredRole: 'ADMIN',
    });

    const blocked = await t.gql(mutation, {
      token: admin.token,
      variables: { id: owner.id, s: 'BLOCKED' },
    });
    expect(blocked.data.setAccountStatus.status).toBe('BLOCKED');
    expect((await t.gql(ME, { token: owner.token })).errors?.[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    await expect(login(t, owner.email)).rejects.toThrow(/ACCOUNT_BLOCKED/);

    await t.gql(mutation, { token: admin.token, variables: { id: owner.id, s: 'ACTIVE' } });
    await expect(login(t, owner.email)).resolves.toMatchObject({ id: owner.id });
  });

  it('needs a session for account operations', async () => {
    const res = await t.gql(`{ merchants { id } }`);
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await t.gql(`{ merchants { id } }`, { token: 'sess_not-a-real-token' });
    expect(bad.status).toBe(401);
    expect(bad.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
