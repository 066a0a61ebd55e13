import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { DataScope } from '../src/db/scope';
import { ReportDimension } from '../src/domain/reports';
import { PaymentTransaction } from '../src/entities/payment-transaction.entity';
import { ReportService } from '../src/services/report.service';
import { encodeCursor } from '../src/db/pagination';
import { firstIdAt } from '../src/domain/ids';
import { ensureBenchData, openBenchDatabase } from './bench-data';

const DAY = 86_400_000;
const GROUP_BY = [ReportDimension.DAY, ReportDimension.STATUS];

/** Median wall time (ms) of `runs` calls after one warm-up call. */
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** The newest transaction's time + 1 ms: ranges end there, so a set seeded days ago still fills them. */
async function endOf(dataSource: DataSource, scope: DataScope): Promise<number> {
  const raw = await dataSource
    .getRepository(PaymentTransaction)
    .createQueryBuilder('tx')
    .select('MAX(tx.createdAt)', 'newest')
    .where('tx.merchantId = :m AND tx.mode = :mode', { m: scope.merchantId, mode: scope.mode })
    .getRawOne<{ newest: string | Date }>();
  const newest = raw?.newest;
  const value = newest instanceof Date ? newest : new Date(`${String(newest).replace(' ', 'T')}Z`);
  return value.getTime() + 1;
}

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padStart(widths[i])).join('  ');
  return [
    line(cells[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...cells.slice(1).map(line),
  ].join('\n');
}

const ms = (value: number) => value.toFixed(1);

/**
 * `npm run bench:reports`: times `paymentReport` (grouped by DAY and STATUS, plus CURRENCY) and
 * export pages on bench data sets of 10k, 100k and 200k transactions (seeded on first run, see
 * `bench-data.ts`) on `DATABASE_URL`. Prints how time grows with the total rows for a fixed
 * range (last 7 days), and with the range on the largest set.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '10000,100000,200000' },
      runs: { type: 'string', default: '5' },
    },
  });
  const sizes = values.sizes.split(',').map(Number);
  const runs = Number(values.runs);
  const { dataSource, url } = await openBenchDatabase();
  const reports = new ReportService(dataSource);
  try {
    console.log(`Database: ${url}; median of ${runs} runs after a warm-up.\n`);
    const scopes: DataScope[] = [];
    for (const size of sizes) {
      const { scope, seeded, ms: seedMs } = await ensureBenchData(dataSource, size, console.log);
      if (seeded) console.log(`  seeded ${size} in ${(seedMs / 1000).toFixed(1)} s`);
      scopes.push(scope);
    }

    const fixed: (string | number)[][] = [];
    for (const [i, scope] of scopes.entries()) {
      const end = await endOf(dataSource, scope);
      const range = { from: new Date(end - 7 * DAY), to: new Date(end) };
      let rowsInRange = 0;
      const report = await time(runs, async () => {
        rowsInRange = (await reports.paymentReport(scope, { ...range, groupBy: GROUP_BY })).count;
      });
      const firstPage = await time(runs, () =>
        reports.exportTransactions(scope, range, { first: 100 }),
      );
      const middle = encodeCursor(firstIdAt('ptx', end - 3.5 * DAY));
      const midPage = await time(runs, () =>
        reports.exportTransactions(scope, range, { first: 100, after: middle }),
      );
      fixed.push([sizes[i], rowsInRange, ms(report), ms(firstPage), ms(midPage)]);
    }
    console.log('\nFixed range: the last 7 days, growing total rows (ms)');
    console.log(
      table(['total tx', 'tx in range', 'report', 'export page 1', 'export page mid-range'], fixed),
    );

    const largest = scopes[scopes.length - 1];
    const end = await endOf(dataSource, largest);
    const growing: (string | number)[][] = [];
    for (const days of [1, 7, 30, 90, 180, 365]) {
      const range = { from: new Date(end - days * DAY), to: new Date(end) };
      let rowsInRange = 0;
      const report = await time(runs, async () => {
        rowsInRange = (await reports.paymentReport(largest, { ...range, groupBy: GROUP_BY })).count;
      });
      const page = await time(runs, () =>
        reports.exportTransactions(largest, range, { first: 100 }),
      );
      growing.push([
        days,
        rowsInRange,
        ms(report),
        rowsInRange ? ((report / rowsInRange) * 1000).toFixed(1) : '-',
        ms(page),
      ]);
    }
    console.log(`\nGrowing range on ${sizes[sizes.length - 1]} transactions (ms)`);
    console.log(table(['days', 'tx in range', 'report', 'report µs/tx', 'export page 1'], growing));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
