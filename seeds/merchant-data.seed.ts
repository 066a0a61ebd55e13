import { DataSource, ObjectLiteral } from 'typeorm';
import { DataScope } from '../src/db/scope';
import { currencyKindOf } from '../src/domain/currencies';
import { CurrencyKind } from '../src/domain/enums';
import { idAt } from '../src/domain/ids';
import {
  CommandStatus,
  CommandType,
  CommitStatus,
  CurrencyAccountStatus,
  PaymentMethod,
  PaymentRequestStatus,
  StatementStatus,
  TransactionStatus,
} from '../src/domain/resource-enums';
import { CurrencyAccount } from '../src/entities/currency-account.entity';
import { Customer } from '../src/entities/customer.entity';
import { MerchantAccount } from '../src/entities/merchant-account.entity';
import { PaymentCommand } from '../src/entities/payment-command.entity';
import { PaymentCommit } from '../src/entities/payment-commit.entity';
import { PaymentRequest } from '../src/entities/payment-request.entity';
import { PaymentRoute } from '../src/entities/payment-route.entity';
import { PaymentScheme } from '../src/entities/payment-scheme.entity';
import { PaymentStatement } from '../src/entities/payment-statement.entity';
import { PaymentTransaction } from '../src/entities/payment-transaction.entity';

export interface MerchantDataOptions {
  customers?: number;
  transactions?: number;
  /** Transactions are spread over this many days before now. */
  days?: number;
  /** Deterministic data for a given seed. */
  seed?: number;
}

const FIRST = [
  'Ada',
  'Grace',
  'Alan',
  'Edsger',
  'Barbara',
  'Donald',
  'Margaret',
  'Ken',
  'Radia',
  'Linus',
];
const LAST = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Dijkstra',
  'Liskov',
  'Knuth',
  'Hamilton',
  'Thompson',
  'Perlman',
  'Torvalds',
];
const COUNTRIES = ['DE', 'FR', 'GB', 'NL', 'ES', 'IT', 'US', 'PL', 'SE', 'IE'];
const CURRENCIES = ['EUR', 'EUR', 'EUR', 'USD', 'GBP', 'BTC', 'ETH', 'USDT'];
const STATUSES = [
  ...Array<TransactionStatus>(14).fill(TransactionStatus.SUCCEEDED),
  TransactionStatus.PENDING,
  TransactionStatus.PENDING,
  TransactionStatus.FAILED,
  TransactionStatus.FAILED,
  TransactionStatus.REFUNDED,
];

/** Small deterministic PRNG (mulberry32), so seeded data sets are reproducible. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function insertChunks(
  dataSource: DataSource,
  entity: new () => ObjectLiteral,
  rows: ObjectLiteral[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await dataSource.getRepository(entity).insert(rows.slice(i, i + 500));
  }
}

/**
 * A realistic data set for one merchant and mode: a profile, schemes and routes, currency accounts
 * (fiat and crypto) with statements, customers, and transactions spread over the last `days`
 * days with requests, commits and commands. Written with bulk inserts; ids carry their creation
 * time, so pages stay in creation order.
 */
export async function seedMerchantData(
  dataSource: DataSource,
  scope: DataScope,
  options: MerchantDataOptions = {},
): Promise<{ customers: number; transactions: number }> {
  const rnd = random(options.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const now = Date.now();
  const days = options.days ?? 90;
  const base = (time: number) => ({
    merchantId: scope.merchantId,
    mode: scope.mode,
    createdAt: new Date(time),
    updatedAt: new Date(time),
  });
  const start = now - days * 86_400_000;

  await dataSource.getRepository(MerchantAccount).insert({
    ...base(start),
    id: idAt('mac', start),
    legalName: 'Demo Shop GmbH',
    country: 'DE',
    defaultCurrency: 'EUR',
    supportEmail: 'support@demo-shop.example',
    statementDescriptor: 'DEMO SHOP',
  });

  const schemes = [
    { code: 'VISA', name: 'Visa', method: PaymentMethod.CARD, feeBps: 140 },
    { code: 'MASTERCARD', name: 'Mastercard', method: PaymentMethod.CARD, feeBps: 150 },
    { code: 'SEPA', name: 'SEPA Credit Transfer', method: PaymentMethod.BANK_TRANSFER, feeBps: 20 },
    { code: 'BITCOIN', name: 'Bitcoin', method: PaymentMethod.CRYPTO, feeBps: 50 },
  ].map((s) => ({ ...base(start), id: idAt('psc', start), enabled: true, fixedFee: 25, ...s }));
  await insertChunks(dataSource, PaymentScheme, schemes);

  const routes = CURRENCIES.filter((c, i) => CURRENCIES.indexOf(c) === i).map((currency, i) => ({
    ...base(start),
    id: idAt('prt', start),
    name: `${currency} main route`,
    schemeId: currencyKindOf(currency) === CurrencyKind.CRYPTO ? schemes[3].id : schemes[i % 2].id,
    currency,
    acquirer: currencyKindOf(currency) === CurrencyKind.CRYPTO ? 'ChainPay' : 'Acme Acquiring',
    priority: 10,
    enabled: true,
  }));
  await insertChunks(dataSource, PaymentRoute, routes);
  const routeFor = new Map(routes.map((r) => [r.currency, r.id]));

  const accounts = routes.map((r) => ({
    ...base(start),
    id: idAt('cac', start),
    name: `${r.currency} balance`,
    currency: r.currency,
    currencyKind: currencyKindOf(r.currency) as CurrencyKind,
    balance: Math.floor(rnd() * 10_000_000),
    status: CurrencyAccountStatus.ACTIVE,
  }));
  await insertChunks(dataSource, CurrencyAccount, accounts);
  const statements = accounts.flatMap((a) =>
    [2, 1].map((monthsAgo) => {
      const periodStart = new Date(now - monthsAgo * 30 * 86_400_000);
      return {
        ...base(periodStart.getTime()),
        id: idAt('pst', periodStart.getTime()),
        currencyAccountId: a.id,
        currency: a.currency,
        periodStart,
        periodEnd: new Date(periodStart.getTime() + 30 * 86_400_000),
        openingBalance: Math.floor(rnd() * 5_000_000),
        closingBalance: Math.floor(rnd() * 5_000_000),
        status: monthsAgo === 2 ? StatementStatus.CLOSED : StatementStatus.OPEN,
      };
    }),
  );
  await insertChunks(dataSource, PaymentStatement, statements);

  const customerCount = options.customers ?? 200;
  const customers = Array.from({ length: customerCount }, (_, i) => {
    const time = start + Math.floor((i / customerCount) * days * 86_400_000 * 0.5);
    const first = pick(FIRST);
    const last = pick(LAST);
    return {
      ...base(time),
      id: idAt('cus', time),
      name: `${first} ${last}`,
      email: `${first}.${last}.${i}@example.com`.toLowerCase(),
      phone: null,
      country: pick(COUNTRIES),
      externalRef: `CUST-${1000 + i}`,
    };
  });
  await insertChunks(dataSource, Customer, customers);

  const transactionCount = options.transactions ?? 2000;
  const transactions: ObjectLiteral[] = [];
  const requests: ObjectLiteral[] = [];
  const commits: ObjectLiteral[] = [];
  const commands: ObjectLiteral[] = [];
  for (let i = 0; i < transactionCount; i++) {
    const time = start + Math.floor(rnd() * days * 86_400_000);
    const currency = pick(CURRENCIES);
    const crypto = currencyKindOf(currency) === CurrencyKind.CRYPTO;
    const amount = crypto
      ? Math.floor(rnd() * 50_000_000) + 10_000
      : Math.floor(rnd() * 50_000) + 100;
    const status = pick(STATUSES);
    const customer = pick(customers);
    const id = idAt('ptx', time);
    let requestId: string | null = null;
    if (rnd() < 0.3) {
      requestId = idAt('prq', time - 60_000);
      requests.push({
        ...base(time - 60_000),
        id: requestId,
        amount,
        currency,
        description: `Order ${10_000 + i}`,
        customerId: customer.id,
        status:
          status === TransactionStatus.SUCCEEDED
            ? PaymentRequestStatus.PAID
            : PaymentRequestStatus.PENDING,
        transactionId: status === TransactionStatus.SUCCEEDED ? id : null,
        expiresAt: null,
      });
    }
    transactions.push({
      ...base(time),
      id,
      amount,
      currency,
      currencyKind: crypto ? CurrencyKind.CRYPTO : CurrencyKind.FIAT,
      status,
      customerId: customer.id,
      routeId: routeFor.get(currency) ?? null,
      paymentRequestId: requestId,
      description: `Order ${10_000 + i}`,
    });
    if (status === TransactionStatus.SUCCEEDED && rnd() < 0.5) {
      commits.push({
        ...base(time + 3_600_000),
        id: idAt('pcm', time + 3_600_000),
        transactionId: id,
        amount,
        currency,
        status: CommitStatus.COMMITTED,
      });
    }
    if (status === TransactionStatus.REFUNDED) {
      commands.push({
        ...base(time + 86_400_000),
        id: idAt('pcd', time + 86_400_000),
        type: CommandType.REFUND,
        transactionId: id,
        amount: null,
        status: CommandStatus.EXECUTED,
        reason: 'Customer request',
      });
    }
  }
  await insertChunks(dataSource, PaymentRequest, requests);
  await insertChunks(dataSource, PaymentTransaction, transactions);
  await insertChunks(dataSource, PaymentCommit, commits);
  await insertChunks(dataSource, PaymentCommand, commands);
  return { customers: customerCount, transactions: transactionCount };
}
