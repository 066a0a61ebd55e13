import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource } from 'typeorm';
import { createDataSource, parseDatabaseUrl } from '../ormconfig';
import { seedMerchantData } from '../seeds/merchant-data.seed';
import { DataScope } from '../src/db/scope';
import { Mode } from '../src/domain/enums';
import { RESOURCE_ENTITIES } from '../src/entities';
import { PaymentTransaction } from '../src/entities/payment-transaction.entity';

/** Bench data sets have this many transactions per day, whatever their size. */
export const TRANSACTIONS_PER_DAY = 550;

export const DEFAULT_DATABASE_URL = 'sqlite:data/dev.sqlite';

/**
 * Opens `DATABASE_URL` (default `sqlite:data/dev.sqlite`) like the server does: SQLite builds its
 * schema from the entities; MySQL/MariaDB runs pending migrations.
 */
export async function openBenchDatabase(): Promise<{ dataSource: DataSource; url: string }> {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const target = parseDatabaseUrl(url);
  if (target.kind === 'sqlite' && target.location !== ':memory:') {
    mkdirSync(dirname(target.location), { recursive: true });
  }
  const dataSource = createDataSource({ url, synchronize: target.kind === 'sqlite' });
  await dataSource.initialize();
  if (target.kind === 'mysql') await dataSource.runMigrations({ transaction: 'each' });
  return { dataSource, url: url.replace(/\/\/([^:@/]+):[^@]*@/, '//$1:***@') };
}

/**
 * The bench merchant of a data set size: a fixed, valid-looking id of its own per size, so data
 * sets of several sizes live side by side and a run can reuse them. No account or key belongs to
 * it; the bench reads through the report service directly.
 */
export function benchScope(transactions: number): DataScope {
  return {
    merchantId: `mer_BENCH${String(transactions).padStart(21, '0')}`,
    mode: Mode.LIVE,
    currencyKind: null,
  };
}

/**
 * Makes sure the bench merchant for `transactions` holds exactly that many transactions, spread
 * over the last `transactions / TRANSACTIONS_PER_DAY` days (so larger sets have a longer history,
 * not denser days), with the related rows `seedMerchantData` writes. Reuses a complete data set;
 * rewrites an incomplete one. Returns whether it seeded and how long it took.
 */
export async function ensureBenchData(
  dataSource: DataSource,
  transactions: number,
  log: (line: string) => void = () => undefined,
): Promise<{ scope: DataScope; seeded: boolean; ms: number }> {
  const scope = benchScope(transactions);
  const where = { merchantId: scope.merchantId, mode: scope.mode };
  const existing = await dataSource.getRepository(PaymentTransaction).count({ where });
  if (existing === transactions) return { scope, seeded: false, ms: 0 };
  const started = performance.now();
  if (existing > 0) log(`  ${scope.merchantId}: ${existing} transactions, rewriting`);
  for (const entity of RESOURCE_ENTITIES) await dataSource.getRepository(entity).delete(where);
  const days = Math.max(1, Math.ceil(transactions / TRANSACTIONS_PER_DAY));
  // Bench data only: on SQLite, skip the fsync of every bulk insert (several times faster).
  const sqlite = dataSource.options.type === 'better-sqlite3';
  if (sqlite) await dataSource.query('PRAGMA synchronous = OFF');
  log(`  seeding ${transactions} transactions over ${days} days for ${scope.merchantId} ...`);
  await seedMerchantData(dataSource, scope, {
    customers: Math.min(5000, Math.max(50, Math.floor(transactions / 40))),
    transactions,
    days,
    seed: transactions,
  });
  if (sqlite) await dataSource.query('PRAGMA synchronous = NORMAL');
  return { scope, seeded: true, ms: performance.now() - started };
}
