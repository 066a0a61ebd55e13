import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { openBenchDatabase, ensureBenchData, TRANSACTIONS_PER_DAY } from './bench-data';

/**
 * `npm run seed:bulk -- --transactions 200000`: a large data set for a bench merchant on
 * `DATABASE_URL` (default `sqlite:data/dev.sqlite`), TRANSACTIONS_PER_DAY transactions a day
 * back from now, with customers, requests, commits and commands. Reruns reuse a complete set.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { transactions: { type: 'string', default: '200000' } },
  });
  const transactions = Number(values.transactions);
  if (!Number.isInteger(transactions) || transactions < 1 || transactions > 5_000_000) {
    throw new Error('--transactions must be an integer from 1 to 5000000');
  }
  const { dataSource, url } = await openBenchDatabase();
  try {
    console.log(`Database: ${url} (${TRANSACTIONS_PER_DAY} transactions a day)`);
    const result = await ensureBenchData(dataSource, transactions, (line) => console.log(line));
    console.log(
      result.seeded
        ? `Seeded ${transactions} transactions for ${result.scope.merchantId} (${result.scope.mode}) in ${(result.ms / 1000).toFixed(1)} s.`
        : `${result.scope.merchantId} already holds ${transactions} transactions.`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
