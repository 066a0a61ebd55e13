import { createAdmin, createMerchant, createOwner, TestAccount } from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
let admin: TestAccount;
let alice: TestAccount;
let bob: TestAccount;
beforeAll(async () => {
  t = await startTestServer();
  admin = await createAdmin(t);
  alice = await createOwner(t, 'alice');
  bob = await createOwner(t, 'bob');
});
afterAll(() => t.close());

describe('merchants', () => {
  it('creates merchants PENDING, owned by the caller', async () => {
    const res = await t.gql(
      `mutation { createMerchant(input: { name: "  Alice's Shop  " }) { id name status ownerId } }`,
      { token: alice.token },
    );
    expect(res.data.createMerchant).toMatchObject({
      name: "Alice's Shop",
      status: 'PENDING',
      ownerId: alice.id,
    });
  });

  it('refuses an empty or too long name with BAD_USER_INPUT', async () => {
    for (const name of ['', 'x'.repeat(121)]) {
      const res = await t.gql(
        `mutation($n: String!) { createMerchant(input: { name: $n }) { id } }`,
        {
          token: alice.token,
          variables: { n: name },
        },
      );
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [expect.objectContaining({ field: 'name' })],
      });
    }
  });

  it('shows owners their own merchants and admins all of them', async () => {
    const bobsShop = await createMerchant(t, bob, { name: 'Bob Shop' });
    const mine = await t.gql(`{ merchants { id ownerId } }`, { token: bob.token });
    expect(mine.data.merchants.map((m: { id: string }) => m.id)).toEqual([bobsShop]);
    const all = await t.gql(`{ merchants { id ownerId } }`, { token: admin.token });
    expect(all.data.merchants.map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining([bobsShop]),
    );
    expect(all.data.merchants.length).toBeGreaterThanOrEqual(2);
  });

  it("answers another owner's merchant exactly like a missing one", async () => {
    const bobsShop = await createMerchant(t, bob);
    const query = `query($id: ID!) { merchant(id: $id) { id name } }`;
    const foreign = await t.gql(query, { token: alice.token, variables: { id: bobsShop } });
    const missing = await t.gql(query, {
      token: alice.token,
      variables: { id: 'mer_doesnotexist' },
    });
    expect(foreign.data).toEqual({ merchant: null });
    expect(missing.data).toEqual({ merchant: null });
    expect(
      (await t.gql(query, { token: bob.token, variables: { id: bobsShop } })).data.merchant.id,
    ).toBe(bobsShop);
    expect(
      (await t.gql(query, { token: admin.token, variables: { id: bobsShop } })).data.merchant.id,
    ).toBe(bobsShop);
  });

  it('lets only admins change a merchant status', async () => {
    const id = await createMerchant(t, alice);
    const mutation = `mutation($id: ID!) { setMerchantStatus(id: $id, status: ACTIVE) { status } }`;
    const denied = await t.gql(mutation, { token: alice.token, variables: { id } });
    expect(denied.status).toBe(403);
    expect(denied.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredRole: 'ADMIN',
    });
    const ok = await t.gql(mutation, { token: admin.token, variables: { id } });
    expect(ok.data.setMerchantStatus.status).toBe('ACTIVE');
    const missing = await t.gql(mutation, { token: admin.token, variables: { id: 'mer_nope' } });
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });
});
