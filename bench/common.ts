import { loadConfig, AppConfig } from '../src/config';

/** What the parent process prepares once and every server process reads. */
export interface BenchFixture {
  databaseUrl: string;
  keyPepper: string;
  merchantId: string;
  /** A PRIVATE LIVE key with every permission: the key of the service and peer scenarios. */
  mainKey: string;
  /** 1,000 distinct keys of the same merchant and permissions, for the rotation scenario. */
  keys: string[];
}

/** The servers a scenario can run against (see `bench/server-process.ts`). */
export type ServerKind = 'baseline' | 'service' | 'service2' | 'unlimited' | 'peer' | 'bare';

/** Messages from a server process to the bench runner. */
export type ServerMessage = { ready: true; url: string } | { ready: false; error: string };

/** The server configuration every scenario shares: only the enforcement differs. */
export function benchConfig(fixture: BenchFixture): AppConfig {
  return {
    ...loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: fixture.databaseUrl,
      KEY_PEPPER: fixture.keyPepper,
      INTROSPECTION: 'false',
      SEED_DEMO_DATA: 'false',
      // Load generators are one client with one key: rate limits would measure themselves.
      RATE_LIMIT_KEY_PER_MINUTE: '1000000000',
      RATE_LIMIT_AUTH_FAILURES_PER_MINUTE: '1000000000',
    }),
    bcryptRounds: 4,
    runMigrations: true,
  };
}

/** One benchmarked GraphQL operation. */
export interface BenchQuery {
  name: string;
  body: string;
  /** A read whose `data` must be identical on every server (the same rows, the same shape). */
  deterministic: boolean;
}

export const QUERIES: readonly BenchQuery[] = [
  {
    name: 'customers(20)',
    deterministic: true,
    body: JSON.stringify({
      query: `query Customers { customers(first: 20) { nodes { id name email country createdAt } pageInfo { hasNextPage endCursor } } }`,
    }),
  },
  {
    name: 'transactions(20)+customer',
    deterministic: true,
    body: JSON.stringify({
      query: `query Transactions { paymentTransactions(first: 20) { nodes { id amount currency status createdAt customer { id name email } } pageInfo { hasNextPage endCursor } } }`,
    }),
  },
  {
    name: 'createPaymentRequest',
    deterministic: false,
    body: JSON.stringify({
      query: `mutation CreateRequest($input: CreatePaymentRequestInput!) { createPaymentRequest(input: $input) { id amount currency status } }`,
      variables: { input: { amount: 1999, currency: 'EUR', description: 'bench' } },
    }),
  },
];
