import {
  getNamedType,
  GraphQLField,
  GraphQLObjectType,
  isInterfaceType,
  isObjectType,
} from 'graphql';
import { getSchema } from '../src/graphql/schema';
import { Access, readRule } from '../src/permissions/rules';
import { Mode } from '../src/domain/enums';
import { createAdmin, createKey, createMerchant, createOwner } from './helpers/fixtures';
import { seedScope } from './helpers/resources';
import { startTestServer, TestServer } from './helpers/test-server';

/** Every field an API key can reach, from every root field open to keys. */
function keyReachableFields(schema: Awaited<ReturnType<typeof getSchema>>) {
  const reachable: Array<{
    path: string;
    type: GraphQLObjectType;
    field: GraphQLField<unknown, unknown>;
  }> = [];
  const seen = new Set<string>();
  const visit = (type: GraphQLObjectType, path: string) => {
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      reachable.push({ path: `${path}.${field.name}`, type, field });
      const rule = readRule(field.extensions) ?? readRule(type.extensions);
      const denied =
        !rule ||
        ('access' in rule && (rule.access === Access.ACCOUNT || rule.access === Access.ADMIN));
      const next = getNamedType(field.type);
      if (!denied && (isObjectType(next) || isInterfaceType(next)))
        visit(next as GraphQLObjectType, `${path}.${field.name}`);
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType()]) {
    if (!root) continue;
    for (const field of Object.values(root.getFields())) {
      const rule = readRule(field.extensions);
      reachable.push({ path: `${root.name}.${field.name}`, type: root, field });
      if (
        !rule ||
        ('access' in rule && [Access.ACCOUNT, Access.ADMIN, Access.PUBLIC].includes(rule.access))
      )
        continue;
      const next = getNamedType(field.type);
      if (isObjectType(next)) visit(next, `${root.name}.${field.name}`);
    }
  }
  return reachable;
}

describe('deny by default', () => {
  it('has a rule on every field reachable by API keys (its own or its type’s)', async () => {
    const schema = await getSchema();
    const reachable = keyReachableFields(schema);
    const unruled = reachable
      .filter(
        ({ type, field }) =>
          !readRule(field.extensions) &&
          !(type.name !== 'Query' && type.name !== 'Mutation' && readRule(type.extensions)),
      )
      .map(({ path }) => path);
    expect(unruled).toEqual([]);
    expect(reachable.length).toBeGreaterThan(200);
  });

  it('has a rule on every root field', async () => {
    const schema = await getSchema();
    for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
      const missing = Object.values(root.getFields()).filter((f) => !readRule(f.extensions));
      expect(missing.map((f) => f.name)).toEqual([]);
    }
  });

  it('shows each rule in the SDL and in the description', async () => {
    const schema = await getSchema();
    const field = schema.getQueryType()!.getFields().customers;
    expect(field.description).toContain('Requires CUSTOMER_VIEW');
    expect(field.astNode?.directives?.map((d) => d.name.value)).toEqual(['requires']);
    const relation = (schema.getType('PaymentTransaction') as GraphQLObjectType).getFields()
      .customer;
    expect(relation.description).toContain('Requires CUSTOMER_VIEW');
  });
});

describe('no bypass through the shape of the document', () => {
  let t: TestServer;
  let apiKey: string;
  let transactionId: string;
  beforeAll(async () => {
    t = await startTestServer();
    const admin = await createAdmin(t);
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner, { activateWith: admin });
    transactionId = (
      await seedScope(t.server.services, { merchantId, mode: Mode.LIVE, currencyKind: null })
    ).paymentTransactionId;
    apiKey = (
      await createKey(t, owner, {
        merchantId,
        permissions: { permissions: ['PAYMENT_TRANSACTION_VIEW'] },
      })
    ).secret;
  });
  afterAll(() => t.close());

  it.each([
    [
      'a plain relation',
      `query($id: ID!) { paymentTransaction(id: $id) { id customer { name } } }`,
    ],
    [
      'an alias',
      `query($id: ID!) { paymentTransaction(id: $id) { id buyer: customer { n: name } } }`,
    ],
    [
      'a fragment',
      `query($id: ID!) { paymentTransaction(id: $id) { ...F } } fragment F on PaymentTransaction { customer { name } }`,
    ],
    [
      'nested fragments',
      `query($id: ID!) { paymentTransaction(id: $id) { ...A } } fragment A on PaymentTransaction { ...B } fragment B on PaymentTransaction { customer { ...C } } fragment C on Customer { email }`,
    ],
    [
      'an inline fragment',
      `query($id: ID!) { paymentTransaction(id: $id) { ... on PaymentTransaction { customer { name } } } }`,
    ],
    [
      'a skipped field',
      `query($id: ID!) { paymentTransaction(id: $id) { customer @skip(if: true) { name } } }`,
    ],
    [
      'a second root field',
      `query($id: ID!) { paymentTransaction(id: $id) { id } customers { nodes { id } } }`,
    ],
    [
      'a mutation result',
      `mutation($id: ID!) { updatePaymentTransaction(id: $id, input: {}) { id customer { name } } }`,
    ],
  ])('refuses CUSTOMER data reached through %s', async (_label, document) => {
    const res = await t.gql(document, { apiKey, variables: { id: transactionId } });
    expect(res.status).toBe(403);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
    expect(['CUSTOMER_VIEW', 'PAYMENT_TRANSACTION_EDIT']).toContain(
      res.errors?.[0].extensions.requiredPermission,
    );
    expect(res.data ?? null).toBeNull();
  });

  it('still serves the transaction itself', async () => {
    const res = await t.gql(
      `query($id: ID!) { tx: paymentTransaction(id: $id) { id customerId } }`,
      { apiKey, variables: { id: transactionId } },
    );
    expect(res.data.tx.id).toBe(transactionId);
  });

  it('answers requiredPermissions for invalid documents with BAD_USER_INPUT', async () => {
    for (const document of [
      '{ nope',
      '{ noSuchField }',
      'query A { me { id } } query B { me { id } }',
    ]) {
      const res = await t.gql(`query($d: String!) { requiredPermissions(document: $d) }`, {
        variables: { d: document },
      });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
  });
});
