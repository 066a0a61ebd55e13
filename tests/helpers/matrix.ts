import { Permission as P } from '../../src/permissions/permissions';
import { Json } from './test-server';

/**
 * THE PERMISSION MATRIX, as one readable table: every operation on the ten guarded entities and
 * the permissions an API key needs for it. The matrix, explain and property tests are generated
 * from this table; the schema's rules must agree with it cell by cell.
 */

/** Ids of rows that exist in the caller's own scope, for inputs that reference other objects. */
export interface Refs {
  customerId: string;
  currencyAccountId: string;
  merchantAccountId: string;
  paymentSchemeId: string;
  paymentRouteId: string;
  paymentStatementId: string;
  paymentTransactionId: string;
  paymentCommitId: string;
  paymentRequestId: string;
  paymentCommandId: string;
}

interface EntitySpec {
  typeName: string;
  singular: keyof Refs extends infer K ? (K extends `${infer S}Id` ? S : never) : never;
  plural: string;
  view: P;
  edit: P;
  fields: string;
  create: (refs: Refs) => Json;
  update: Json;
  relations: Array<{ field: string; needs: P }>;
}

export const ENTITY_SPECS: EntitySpec[] = [
  {
    typeName: 'Customer',
    singular: 'customer',
    plural: 'customers',
    view: P.CUSTOMER_VIEW,
    edit: P.CUSTOMER_EDIT,
    fields: 'id name email mode',
    create: () => ({ name: 'Ada Lovelace', email: 'ada@example.com', country: 'GB' }),
    update: { name: 'Ada King' },
    relations: [],
  },
  {
    typeName: 'CurrencyAccount',
    singular: 'currencyAccount',
    plural: 'currencyAccounts',
    view: P.CURRENCY_ACCOUNT_VIEW,
    edit: P.CURRENCY_ACCOUNT_EDIT,
    fields: 'id name currency currencyKind balance status',
    create: () => ({ name: 'Operating EUR', currency: 'EUR', balance: 100 }),
    update: { name: 'Operating' },
    relations: [],
  },
  {
    typeName: 'MerchantAccount',
    singular: 'merchantAccount',
    plural: 'merchantAccounts',
    view: P.MERCHANT_ACCOUNT_VIEW,
    edit: P.MERCHANT_ACCOUNT_EDIT,
    fields: 'id legalName country defaultCurrency',
    create: () => ({ legalName: 'Shop GmbH', country: 'DE', defaultCurrency: 'EUR' }),
    update: { statementDescriptor: 'SHOP' },
    relations: [],
  },
  {
    typeName: 'PaymentScheme',
    singular: 'paymentScheme',
    plural: 'paymentSchemes',
    view: P.PAYMENT_SCHEME_VIEW,
    edit: P.PAYMENT_SCHEME_EDIT,
    fields: 'id name code method enabled',
    create: () => ({ name: 'Visa', code: 'VISA', method: 'CARD', feeBps: 150 }),
    update: { feeBps: 120 },
    relations: [],
  },
  {
    typeName: 'PaymentRoute',
    singular: 'paymentRoute',
    plural: 'paymentRoutes',
    view: P.PAYMENT_ROUTE_VIEW,
    edit: P.PAYMENT_ROUTE_EDIT,
    fields: 'id name currency priority schemeId',
    create: (refs) => ({
      name: 'EUR cards',
      schemeId: refs.paymentSchemeId,
      currency: 'EUR',
      acquirer: 'Acme',
    }),
    update: { priority: 5 },
    relations: [{ field: 'scheme', needs: P.PAYMENT_SCHEME_VIEW }],
  },
  {
    typeName: 'PaymentStatement',
    singular: 'paymentStatement',
    plural: 'paymentStatements',
    view: P.PAYMENT_STATEMENT_VIEW,
    edit: P.PAYMENT_STATEMENT_EDIT,
    fields: 'id currency openingBalance closingBalance status',
    create: (refs) => ({
      currencyAccountId: refs.currencyAccountId,
      periodStart: '2026-10-01T00:00:00.000Z',
      periodEnd: '2026-11-01T00:00:00.000Z',
      openingBalance: 0,
      closingBalance: 2500,
    }),
    update: { closingBalance: 2600 },
    relations: [{ field: 'currencyAccount', needs: P.CURRENCY_ACCOUNT_VIEW }],
  },
  {
    typeName: 'PaymentTransaction',
    singular: 'paymentTransaction',
    plural: 'paymentTransactions',
    view: P.PAYMENT_TRANSACTION_VIEW,
    edit: P.PAYMENT_TRANSACTION_EDIT,
    fields: 'id amount currency status customerId',
    create: (refs) => ({
      amount: 1999,
      currency: 'EUR',
      customerId: refs.customerId,
      routeId: refs.paymentRouteId,
    }),
    update: { description: 'order 42' },
    relations: [
      { field: 'customer', needs: P.CUSTOMER_VIEW },
      { field: 'route', needs: P.PAYMENT_ROUTE_VIEW },
      { field: 'paymentRequest', needs: P.PAYMENT_REQUEST_VIEW },
    ],
  },
  {
    typeName: 'PaymentCommit',
    singular: 'paymentCommit',
    plural: 'paymentCommits',
    view: P.PAYMENT_COMMIT_VIEW,
    edit: P.PAYMENT_COMMIT_EDIT,
    fields: 'id amount currency status',
    create: (refs) => ({ transactionId: refs.paymentTransactionId, amount: 100 }),
    update: { status: 'PENDING' },
    relations: [{ field: 'transaction', needs: P.PAYMENT_TRANSACTION_VIEW }],
  },
  {
    typeName: 'PaymentRequest',
    singular: 'paymentRequest',
    plural: 'paymentRequests',
    view: P.PAYMENT_REQUEST_VIEW,
    edit: P.PAYMENT_REQUEST_EDIT,
    fields: 'id amount currency status',
    create: (refs) => ({ amount: 500, currency: 'EUR', customerId: refs.customerId }),
    update: { description: 'invoice 7' },
    relations: [
      { field: 'customer', needs: P.CUSTOMER_VIEW },
      { field: 'transaction', needs: P.PAYMENT_TRANSACTION_VIEW },
    ],
  },
  {
    typeName: 'PaymentCommand',
    singular: 'paymentCommand',
    plural: 'paymentCommands',
    view: P.PAYMENT_COMMAND_VIEW,
    edit: P.PAYMENT_COMMAND_EDIT,
    fields: 'id type status transactionId',
    create: (refs) => ({ type: 'CAPTURE', transactionId: refs.paymentTransactionId }),
    update: { status: 'QUEUED' },
    relations: [{ field: 'transaction', needs: P.PAYMENT_TRANSACTION_VIEW }],
  },
];

export type OperationKind = 'list' | 'get' | 'create' | 'update' | 'relation' | 'mutation-relation';

export interface MatrixOperation {
  /** Readable name, e.g. `paymentTransaction { customer }`. */
  name: string;
  kind: OperationKind;
  entity: EntitySpec;
  /** The root field of the operation. */
  root: string;
  document: string;
  /** Permissions an API key needs: exactly these, no more. */
  needs: P[];
  mutation: boolean;
  variables(refs: Refs): Json;
  /** The relation field read, for relation operations. */
  relation?: string;
}

function idOf(entity: EntitySpec, refs: Refs): string {
  return refs[`${entity.singular}Id` as keyof Refs];
}

export function matrixOperations(): MatrixOperation[] {
  const ops: MatrixOperation[] = [];
  for (const e of ENTITY_SPECS) {
    const T = e.typeName;
    ops.push(
      {
        name: `${e.plural}`,
        kind: 'list',
        entity: e,
        root: e.plural,
        document: `query { ${e.plural}(first: 5) { edges { cursor node { ${e.fields} } } pageInfo { hasNextPage endCursor } } }`,
        needs: [e.view],
        mutation: false,
        variables: () => ({}),
      },
      {
        name: `${e.singular}(id)`,
        kind: 'get',
        entity: e,
        root: e.singular,
        document: `query($id: ID!) { ${e.singular}(id: $id) { ${e.fields} } }`,
        needs: [e.view],
        mutation: false,
        variables: (refs) => ({ id: idOf(e, refs) }),
      },
      {
        name: `create${T}`,
        kind: 'create',
        entity: e,
        root: `create${T}`,
        document: `mutation($input: Create${T}Input!) { create${T}(input: $input) { ${e.fields} } }`,
        needs: [e.edit],
        mutation: true,
        variables: (refs) => ({ input: e.create(refs) }),
      },
      {
        name: `update${T}`,
        kind: 'update',
        entity: e,
        root: `update${T}`,
        document: `mutation($id: ID!, $input: Update${T}Input!) { update${T}(id: $id, input: $input) { ${e.fields} } }`,
        needs: [e.edit],
        mutation: true,
        variables: (refs) => ({ id: idOf(e, refs), input: e.update }),
      },
    );
    for (const relation of e.relations) {
      ops.push(
        {
          name: `${e.singular} { ${relation.field} }`,
          kind: 'relation',
          entity: e,
          root: e.singular,
          relation: relation.field,
          document: `query($id: ID!) { ${e.singular}(id: $id) { id ${relation.field} { id } } }`,
          needs: [e.view, relation.needs],
          mutation: false,
          variables: (refs) => ({ id: idOf(e, refs) }),
        },
        {
          name: `update${T} { ${relation.field} }`,
          kind: 'mutation-relation',
          entity: e,
          root: `update${T}`,
          relation: relation.field,
          document: `mutation($id: ID!, $input: Update${T}Input!) { update${T}(id: $id, input: $input) { id ${relation.field} { id } } }`,
          needs: [e.edit, relation.needs],
          mutation: true,
          variables: (refs) => ({ id: idOf(e, refs), input: e.update }),
        },
      );
    }
  }
  return ops;
}
