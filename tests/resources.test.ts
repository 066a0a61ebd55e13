import { Mode } from '../src/domain/enums';
import { PaymentTransaction } from '../src/entities/payment-transaction.entity';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  TestAccount,
} from './helpers/fixtures';
import { Refs } from './helpers/matrix';
import { seedScope } from './helpers/resources';
import { startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
let owner: TestAccount;
let merchantId: string;
let refs: Refs;
let fullKey: string;
const FULL = { merchant: 'FULL_ACCESS', payments: 'FULL_ACCESS' };

beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
  refs = await seedScope(t.server.services, { merchantId, mode: Mode.LIVE, currencyKind: null });
  fullKey = (await createKey(t, owner, { merchantId, permissions: FULL })).secret;
});
afterAll(() => t.close());

describe('currency-kind restricted keys', () => {
  it('see and create only currency accounts and transactions of their kind', async () => {
    const crypto = (
      await createKey(t, owner, { merchantId, permissions: FULL, currencyKind: 'CRYPTO' })
    ).secret;
    const fiat = (
      await createKey(t, owner, { merchantId, permissions: FULL, currencyKind: 'FIAT' })
    ).secret;
    const created = await t.gql(
      `mutation { createCurrencyAccount(input: { name: "BTC", currency: "BTC" }) { id currencyKind } }`,
      { apiKey: crypto },
    );
    expect(created.data.createCurrencyAccount.currencyKind).toBe('CRYPTO');
    const refused = await t.gql(
      `mutation { createCurrencyAccount(input: { name: "EUR", currency: "EUR" }) { id } }`,
      { apiKey: crypto },
    );
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'currency' }],
    });
    const tx = await t.gql(
      `mutation { createPaymentTransaction(input: { amount: 5000, currency: "ETH" }) { id currencyKind } }`,
      { apiKey: crypto },
    );
    expect(tx.data.createPaymentTransaction.currencyKind).toBe('CRYPTO');

    const kinds = async (apiKey: string) => {
      const res = await t.gql(
        `{ currencyAccounts(first: 100) { nodes { currencyKind } } paymentTransactions(first: 100) { nodes { currencyKind } } }`,
        { apiKey },
      );
      return new Set(
        [...res.data.currencyAccounts.nodes, ...res.data.paymentTransactions.nodes].map(
          (n: { currencyKind: string }) => n.currencyKind,
        ),
      );
    };
    expect(await kinds(crypto)).toEqual(new Set(['CRYPTO']));
    expect(await kinds(fiat)).toEqual(new Set(['FIAT']));
    expect(await kinds(fullKey)).toEqual(new Set(['FIAT', 'CRYPTO']));

    const byId = await t.gql(`query($id: ID!) { paymentTransaction(id: $id) { id } }`, {
      apiKey: crypto,
      variables: { id: refs.paymentTransactionId },
    });
    expect(byId.data.paymentTransaction).toBeNull();
  });
});

describe('pagination', () => {
  it('pages newest first with stable cursors, complete and without duplicates', async () => {
    for (let i = 0; i < 25; i++) {
      await t.server.services.resources.customers.create(
        { merchantId, mode: Mode.LIVE, currencyKind: null },
        { name: `C${i}` },
      );
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const res = await t.gql(
        `query($after: String) { customers(first: 7, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        {
          apiKey: fullKey,
          variables: { after },
        },
      );
      const connection = res.data.customers;
      seen.push(...connection.edges.map((e: { node: { id: string } }) => e.node.id));
      // A row inserted while paging does not disturb the pages that follow.
      if (pages === 0)
        await t.server.services.resources.customers.create(
          { merchantId, mode: Mode.LIVE, currencyKind: null },
          { name: 'late' },
        );
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(26);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it.each([
    ['first over 100', 'first: 101'],
    ['first under 1', 'first: 0'],
    ['a forged cursor', 'after: "bm90LWEtY3Vyc29y"'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, args) => {
    const res = await t.gql(`{ customers(${args}) { nodes { id } } }`, { apiKey: fullKey });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('business rules', () => {
  it('refuses invalid input with the field and reason, writing nothing', async () => {
    const count = () => t.server.dataSource.getRepository(PaymentTransaction).count();
    const before = await count();
    for (const input of [
      '{ amount: 0, currency: "EUR" }',
      '{ amount: 100, currency: "XYZ" }',
      '{ amount: 100, currency: "eur" }',
      '{ amount: 100, currency: "EUR", customerId: "cus_00000000000000000000000000" }',
      '{ amount: 100, currency: "USD", routeId: "' + refs.paymentRouteId + '" }',
    ]) {
      const res = await t.gql(`mutation { createPaymentTransaction(input: ${input}) { id } }`, {
        apiKey: fullKey,
      });
      expect([input, res.status, res.errors?.[0].extensions.code]).toEqual([
        input,
        400,
        'BAD_USER_INPUT',
      ]);
      expect(res.errors?.[0].extensions.fields[0]).toEqual({
        field: expect.any(String),
        reason: expect.any(String),
      });
    }
    expect(await count()).toBe(before);
  });

  it('moves a transaction through its life cycle and refuses other moves', async () => {
    const created = await t.gql(
      `mutation { createPaymentTransaction(input: { amount: 700, currency: "EUR" }) { id status } }`,
      { apiKey: fullKey },
    );
    const id = created.data.createPaymentTransaction.id;
    const move = (status: string) =>
      t.gql(
        `mutation($id: ID!, $s: TransactionStatus!) { updatePaymentTransaction(id: $id, input: { status: $s }) { status } }`,
        {
          apiKey: fullKey,
          variables: { id, s: status },
        },
      );
    expect((await move('REFUNDED')).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await move('SUCCEEDED')).data.updatePaymentTransaction.status).toBe('SUCCEEDED');
    expect((await move('PENDING')).errors?.[0].extensions.fields[0].reason).toBe(
      'cannot change from SUCCEEDED to PENDING',
    );
    expect((await move('REFUNDED')).data.updatePaymentTransaction.status).toBe('REFUNDED');
  });

  it('lets a PUBLIC key create a payment request and read back only what it created', async () => {
    const publicKey = (await createKey(t, owner, { merchantId, type: 'PUBLIC' })).secret;
    const res = await t.gql(
      `mutation { createPaymentRequest(input: { amount: 1500, currency: "EUR", description: "Basket" }) { id amount status } }`,
      { apiKey: publicKey },
    );
    expect(res.data.createPaymentRequest).toMatchObject({ amount: 1500, status: 'PENDING' });
    const read = await t.gql(`query($id: ID!) { paymentRequest(id: $id) { id } }`, {
      apiKey: publicKey,
      variables: { id: res.data.createPaymentRequest.id },
    });
    expect(read.errors?.[0].extensions).toMatchObject({
      code: 'FORBIDDEN',
      requiredPermission: 'PAYMENT_REQUEST_VIEW',
    });
  });
});

describe('no N+1', () => {
  it('lists 100 transactions with customer, route and request in a fixed number of queries', async () => {
    const scope = { merchantId, mode: Mode.LIVE, currencyKind: null };
    const r = t.server.services.resources;
    for (let i = 0; i < 100; i++) {
      const customer = await r.customers.create(scope, { name: `Buyer ${i}` });
      await r.paymentTransactions.create(scope, {
        amount: 100 + i,
        currency: 'EUR',
        customerId: customer.id,
        routeId: refs.paymentRouteId,
      });
    }
    const query = (first: number) =>
      `{ paymentTransactions(first: ${first}) { nodes { id amount customer { id name } route { id scheme { code } } paymentRequest { id } } } }`;
    const counts: number[] = [];
    for (const first of [5, 100]) {
      await t.gql(query(first), { apiKey: fullKey }); // warm the key cache
      t.queries.reset();
      const res = await t.gql(query(first), { apiKey: fullKey });
      expect(res.data.paymentTransactions.nodes).toHaveLength(first);
      counts.push(t.queries.count);
    }
    // One page query, then one batched query per relation (customer, route, scheme, request).
    expect(counts[1]).toBeLessThanOrEqual(5);
    expect(counts[1]).toBe(counts[0]);
  });
});
