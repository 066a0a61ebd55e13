import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import DataLoader from 'dataloader';
import { DataSource, In, LessThan } from 'typeorm';
import { createDataSource } from '../../ormconfig';
import { encodeCursor } from '../../src/db/pagination';
import { Mode } from '../../src/domain/enums';
import { newId } from '../../src/domain/ids';
import { PaymentRequestStatus } from '../../src/domain/resource-enums';
import { Customer } from '../../src/entities/customer.entity';
import { PaymentRequest } from '../../src/entities/payment-request.entity';
import { PaymentTransaction } from '../../src/entities/payment-transaction.entity';

/*
 * The bare reference: a plain `@apollo/server` standalone server with a hand-written SDL and
 * resolvers reading TypeORM repositories directly, serving the same rows for the same benchmark
 * operations. No authentication, no rules, no request log, no type-graphql, no Express.
 */

const typeDefs = /* GraphQL */ `
  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }
  type Customer {
    id: ID!
    name: String!
    email: String
    phone: String
    country: String
    externalRef: String
    createdAt: String!
  }
  type CustomerConnection {
    nodes: [Customer!]!
    pageInfo: PageInfo!
  }
  type PaymentTransaction {
    id: ID!
    amount: Int!
    currency: String!
    status: String!
    customerId: ID
    createdAt: String!
    customer: Customer
  }
  type PaymentTransactionConnection {
    nodes: [PaymentTransaction!]!
    pageInfo: PageInfo!
  }
  type PaymentRequest {
    id: ID!
    amount: Int!
    currency: String!
    status: String!
    description: String
  }
  input CreatePaymentRequestInput {
    amount: Int!
    currency: String!
    description: String
    customerId: ID
  }
  type Query {
    customers(first: Int! = 20, after: String): CustomerConnection!
    paymentTransactions(first: Int! = 20, after: String): PaymentTransactionConnection!
  }
  type Mutation {
    createPaymentRequest(input: CreatePaymentRequestInput!): PaymentRequest!
  }
`;

interface BareContext {
  customers: DataLoader<string, Customer | null>;
}

interface PageArgs {
  first: number;
  after?: string | null;
}

interface CreateArgs {
  input: {
    amount: number;
    currency: string;
    description?: string | null;
    customerId?: string | null;
  };
}

/** Serves the bench operations for one merchant's LIVE data. Returns its URL and a stop function. */
export async function startBareServer(
  databaseUrl: string,
  merchantId: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const dataSource: DataSource = createDataSource({ url: databaseUrl, synchronize: false });
  await dataSource.initialize();
  const scope = { merchantId, mode: Mode.LIVE };
  const iso = (row: { createdAt: Date }) => row.createdAt.toISOString();

  async function page<T extends Customer | PaymentTransaction>(
    entity: new () => T,
    args: PageArgs,
  ) {
    const where: Record<string, unknown> = { ...scope };
    if (args.after) where.id = LessThan(Buffer.from(args.after, 'base64url').toString('utf8'));
    const rows = (await dataSource.getRepository(entity).find({
      where: where as never,
      order: { id: 'DESC' } as never,
      take: args.first + 1,
    })) as T[];
    const nodes = rows.slice(0, args.first);
    const last = nodes.at(-1);
    return {
      nodes,
      pageInfo: {
        hasNextPage: rows.length > args.first,
        endCursor: last ? encodeCursor(last.id) : null,
      },
    };
  }

  const apollo = new ApolloServer<BareContext>({
    typeDefs,
    introspection: false,
    plugins: [ApolloServerPluginLandingPageDisabled()],
    resolvers: {
      Query: {
        customers: (_: unknown, args: PageArgs) => page(Customer, args),
        paymentTransactions: (_: unknown, args: PageArgs) => page(PaymentTransaction, args),
      },
      Mutation: {
        async createPaymentRequest(_: unknown, { input }: CreateArgs) {
          const now = new Date();
          const row = dataSource.getRepository(PaymentRequest).create({
            ...scope,
            id: newId('prq'),
            createdAt: now,
            updatedAt: now,
            amount: input.amount,
            currency: input.currency,
            description: input.description ?? null,
            customerId: input.customerId ?? null,
            status: PaymentRequestStatus.PENDING,
            transactionId: null,
            expiresAt: null,
          });
          await dataSource.getRepository(PaymentRequest).insert(row);
          return row;
        },
      },
      Customer: { createdAt: iso },
      PaymentTransaction: {
        createdAt: iso,
        customer: (tx: PaymentTransaction, _: unknown, ctx: BareContext) =>
          tx.customerId ? ctx.customers.load(tx.customerId) : null,
      },
    },
  });
  const { url } = await startStandaloneServer(apollo, {
    listen: { port: 0, host: '127.0.0.1' },
    context: async () => ({
      customers: new DataLoader<string, Customer | null>(async (ids) => {
        const rows = await dataSource
          .getRepository(Customer)
          .findBy({ ...scope, id: In([...ids]) });
        const byId = new Map(rows.map((row) => [row.id, row]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
    }),
  });
  return {
    url: url.replace('localhost', '127.0.0.1'),
    async close() {
      await apollo.stop();
      await dataSource.destroy();
    },
  };
}
