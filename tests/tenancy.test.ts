import { Mode } from '../src/domain/enums';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  TestAccount,
} from './helpers/fixtures';
import { ENTITY_SPECS, matrixOperations, Refs } from './helpers/matrix';
import { seedScope } from './helpers/resources';
import {
  GqlResponse,
  Json,
  startTestServer,
  stateEntities,
  TestServer,
} from './helpers/test-server';

/**
 * Tenancy and live/test isolation: merchant A's key against merchant B's ids, and a TEST key
 * against LIVE ids, on every by-id query, relation and update mutation: nothing succeeds, nothing
 * reveals that the id exists, nothing changes.
 */

let t: TestServer;
let ownerA: TestAccount;
let ownerB: TestAccount;
let merchantA: string;
let merchantB: string;
let liveA: Refs;
let testA: Refs;
let liveB: Refs;
let keyLiveA: string;
let keyTestA: string;

beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  ownerA = await createOwner(t, 'a');
  ownerB = await createOwner(t, 'b');
  merchantA = await createMerchant(t, ownerA, { activateWith: admin });
  merchantB = await createMerchant(t, ownerB, { activateWith: admin });
  const services = t.server.services;
  liveA = await seedScope(services, { merchantId: merchantA, mode: Mode.LIVE, currencyKind: null });
  testA = await seedScope(services, { merchantId: merchantA, mode: Mode.TEST, currencyKind: null });
  liveB = await seedScope(services, { merchantId: merchantB, mode: Mode.LIVE, currencyKind: null });
  const full = { merchant: 'FULL_ACCESS', payments: 'FULL_ACCESS' };
  keyLiveA = (
    await createKey(t, ownerA, { merchantId: merchantA, mode: 'LIVE', permissions: full })
  ).secret;
  keyTestA = (
    await createKey(t, ownerA, { merchantId: merchantA, mode: 'TEST', permissions: full })
  ).secret;
});
afterAll(() => t.close());

function missingRefs(): Refs {
  const ids = Object.fromEntries(
    Object.entries(liveA).map(([k, v]) => [k, `${v.split('_')[0]}_00000000000000000000000000`]),
  );
  return ids as unknown as Refs;
}

async function dump(): Promise<string> {
  const rows = await Promise.all(
    stateEntities().map((e) =>
      t.server.dataSource.getRepository(e).find({ order: { id: 'ASC' } as never }),
    ),
  );
  return JSON.stringify(rows);
}

/** The response without what legitimately differs between two requests (the request id). */
function shape(res: GqlResponse): Json {
  return {
    status: res.status,
    data: res.data ?? null,
    errors: res.errors?.map((e) => ({
      ...e,
      extensions: { ...e.extensions, requestId: undefined },
    })),
  };
}

const TARGETED = matrixOperations().filter((op) => op.kind !== 'list' && op.kind !== 'create');

describe.each([
  ["another merchant's LIVE ids, with merchant A's LIVE key", () => keyLiveA, () => liveB],
  ["the same merchant's LIVE ids, with its TEST key", () => keyTestA, () => liveA],
])('%s', (_label, key, foreign) => {
  it.each(TARGETED.map((op) => [op.name, op]))(
    '%s: answers exactly like a missing id and changes nothing',
    async (_name, op) => {
      const before = await dump();
      const res = await t.gql(op.document, { apiKey: key(), variables: op.variables(foreign()) });
      const missing = await t.gql(op.document, {
        apiKey: key(),
        variables: op.variables(missingRefs()),
      });
      expect(shape(res)).toEqual(shape(missing));
      if (op.mutation) {
        expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      } else {
        expect(res.data[op.root]).toBeNull();
      }
      expect(await dump()).toBe(before);
    },
  );
});

describe('lists and references stay inside the scope', () => {
  it.each(ENTITY_SPECS.map((e) => [e.plural, e]))(
    '%s lists only the key’s own merchant and mode',
    async (_n, e) => {
      const own =
        e.singular === 'customer' ? liveA.customerId : liveA[`${e.singular}Id` as keyof Refs];
      const res = await t.gql(`query { ${e.plural}(first: 100) { nodes { id mode } } }`, {
        apiKey: keyLiveA,
      });
      const ids = res.data[e.plural].nodes.map((n: { id: string }) => n.id);
      expect(ids).toContain(own);
      expect(ids).not.toContain(liveB[`${e.singular}Id` as keyof Refs]);
      expect(ids).not.toContain(testA[`${e.singular}Id` as keyof Refs]);
      for (const node of res.data[e.plural].nodes) expect(node.mode).toBe('LIVE');
    },
  );

  it("refuses to link another tenant's object, exactly like a missing one", async () => {
    const create = `mutation($input: CreatePaymentTransactionInput!) { createPaymentTransaction(input: $input) { id } }`;
    const before = await dump();
    const foreign = await t.gql(create, {
      apiKey: keyLiveA,
      variables: { input: { amount: 100, currency: 'EUR', customerId: liveB.customerId } },
    });
    const missing = await t.gql(create, {
      apiKey: keyLiveA,
      variables: { input: { amount: 100, currency: 'EUR', customerId: missingRefs().customerId } },
    });
    expect(shape(foreign)).toEqual(shape(missing));
    expect(foreign.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'customerId', reason: 'no such object' }],
    });
    expect(await dump()).toBe(before);
  });

  it('answers a merchantId or mode argument naming another scope like a missing merchant', async () => {
    for (const args of [`merchantId: "${merchantB}"`, 'mode: TEST']) {
      const res = await t.gql(`query { customers(${args}) { nodes { id } } }`, {
        apiKey: keyLiveA,
      });
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    const own = await t.gql(
      `query { customers(merchantId: "${merchantA}", mode: LIVE) { nodes { id } } }`,
      { apiKey: keyLiveA },
    );
    expect(own.errors).toBeUndefined();
  });

  it('takes no measurable time to tell a foreign id from a missing one', async () => {
    const query = `query($id: ID!) { paymentTransaction(id: $id) { id } }`;
    const once = async (id: string) => {
      const started = process.hrtime.bigint();
      await t.gql(query, { apiKey: keyLiveA, variables: { id } });
      return Number(process.hrtime.bigint() - started);
    };
    const foreign: number[] = [];
    const missing: number[] = [];
    // Interleaved, so that load on the machine affects both series alike.
    for (let i = 0; i < 80; i++) {
      foreign.push(await once(liveB.paymentTransactionId));
      missing.push(await once('ptx_00000000000000000000000000'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
    const ratio = median(foreign) / median(missing);
    console.log(
      `median foreign-id ${(median(foreign) / 1e6).toFixed(2)} ms, missing-id ${(median(missing) / 1e6).toFixed(2)} ms`,
    );
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });
});

describe('dashboard sessions', () => {
  it('read and edit their own merchants’ resources by merchantId and mode', async () => {
    const list = await t.gql(
      `query($m: ID!) { customers(merchantId: $m, mode: TEST) { nodes { id mode } } }`,
      {
        token: ownerA.token,
        variables: { m: merchantA },
      },
    );
    expect(list.data.customers.nodes.map((n: { id: string }) => n.id)).toContain(testA.customerId);
    const update = await t.gql(
      `mutation($m: ID!, $id: ID!) { updateCustomer(merchantId: $m, mode: LIVE, id: $id, input: { name: "Renamed" }) { name } }`,
      { token: ownerA.token, variables: { m: merchantA, id: liveA.customerId } },
    );
    expect(update.data.updateCustomer.name).toBe('Renamed');
  });

  it("cannot reach another owner's merchant, which answers like a missing one", async () => {
    const query = `query($m: ID!) { customers(merchantId: $m, mode: LIVE) { nodes { id } } }`;
    const foreign = await t.gql(query, { token: ownerA.token, variables: { m: merchantB } });
    const missing = await t.gql(query, {
      token: ownerA.token,
      variables: { m: 'mer_00000000000000000000000000' },
    });
    expect(shape(foreign)).toEqual(shape(missing));
    expect(foreign.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('must name the merchant and mode', async () => {
    const res = await t.gql(`query { customers { nodes { id } } }`, { token: ownerA.token });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.fields.map((f: { field: string }) => f.field)).toEqual([
      'merchantId',
      'mode',
    ]);
  });

  it('lets admins read any merchant', async () => {
    const admin = await createAdmin(t);
    const res = await t.gql(
      `query($m: ID!) { customers(merchantId: $m, mode: LIVE) { nodes { id } } }`,
      {
        token: admin.token,
        variables: { m: merchantB },
      },
    );
    expect(res.data.customers.nodes.map((n: { id: string }) => n.id)).toContain(liveB.customerId);
  });
});
