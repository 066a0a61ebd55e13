import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { parseArgs } from 'node:util';
import {
  PaymentReportDocument,
  type PaymentReportQuery,
  PaymentTransactionExportDocument,
  type PaymentTransactionExportQuery,
  type ReportDimension,
} from './generated/graphql';

/**
 * A payment report from the command line, with the typed documents of `examples/generated/`:
 *
 *   API_KEY=krep_live_... npm run example:report -- --from 2026-10-01 --to 2026-11-01 \
 *     [--group-by DAY,CURRENCY,STATUS] [--csv] [--export]
 *
 * Prints the report as an aligned table, or as CSV with `--csv`; `--export` writes every
 * transaction of the range as CSV instead, page by page. `API_URL` defaults to
 * http://localhost:4000/graphql. Exits 1 on bad arguments and transport failures, 2 on GraphQL
 * errors (the error code is printed).
 */

const DIMENSIONS: readonly ReportDimension[] = ['DAY', 'CURRENCY', 'STATUS'];
const USAGE =
  'usage: npm run example:report -- --from YYYY-MM-DD --to YYYY-MM-DD ' +
  '[--group-by DAY,CURRENCY,STATUS] [--csv] [--export]\n' +
  'environment: API_KEY (required: a key with PAYMENT_TRANSACTION_VIEW), API_URL';

export interface Output {
  out(line: string): void;
  err(line: string): void;
}

/** A failure to report: its message, and the exit code of the script. */
class ExampleError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: string; fields?: { field: string; reason: string }[] };
}

/** Sends one typed operation; its result type and variables come from the document. */
async function request<TResult, TVariables>(
  url: string,
  apiKey: string,
  document: TypedDocumentNode<TResult, TVariables>,
  variables: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
      body: JSON.stringify({ query: print(document), variables }),
    });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    throw new ExampleError(
      `cannot reach ${url}: ${cause instanceof Error ? cause.message : String(cause)}`,
      1,
    );
  }
  const text = await response.text();
  let body: { data?: TResult | null; errors?: GraphQLErrorShape[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new ExampleError(`HTTP ${response.status} from ${url}: not a GraphQL response`, 1);
  }
  if (body.errors?.length) {
    const lines = body.errors.map((e) => {
      const fields = (e.extensions?.fields ?? [])
        .map((f) => `${f.field}: ${f.reason}`)
        .filter((text) => !e.message.includes(text))
        .map((text) => `\n  ${text}`);
      return `error ${e.extensions?.code ?? 'UNKNOWN'} (HTTP ${response.status}): ${e.message}${fields.join('')}`;
    });
    throw new ExampleError(lines.join('\n'), 2);
  }
  if (!body.data) throw new ExampleError(`HTTP ${response.status}: no data`, 1);
  return body.data;
}

/** `2026-10-01` (midnight UTC) or a full ISO time. */
function parseTime(value: string | undefined, name: string): string {
  if (!value) throw new ExampleError(`--${name} is required\n${USAGE}`, 1);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) throw new ExampleError(`--${name}: not a date: ${value}`, 1);
  return time.toISOString();
}

function parseGroupBy(value: string | undefined): ReportDimension[] {
  if (!value) return ['DAY'];
  return value.split(',').map((part) => {
    const dimension = part.trim().toUpperCase() as ReportDimension;
    if (!DIMENSIONS.includes(dimension)) {
      throw new ExampleError(`--group-by: ${part} is not one of ${DIMENSIONS.join(', ')}`, 1);
    }
    return dimension;
  });
}

/** Right-aligns numbers, left-aligns text. */
export function formatTable(header: string[], rows: string[][], numeric: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function formatCsv(header: string[], rows: string[][]): string[] {
  return [header, ...rows].map((cells) => cells.map(csvCell).join(','));
}

function reportLines(report: PaymentReportQuery['paymentReport'], csv: boolean): string[] {
  const columns: {
    name: string;
    numeric: boolean;
    cell: (r: (typeof report.rows)[0]) => string;
  }[] = [];
  if (report.groupBy.includes('DAY'))
    columns.push({ name: 'day', numeric: false, cell: (r) => r.day ?? '' });
  columns.push({ name: 'currency', numeric: false, cell: (r) => r.currency });
  if (report.groupBy.includes('STATUS')) {
    columns.push({ name: 'status', numeric: false, cell: (r) => r.status ?? '' });
  }
  columns.push({ name: 'count', numeric: true, cell: (r) => String(r.count) });
  columns.push({ name: 'total_minor_units', numeric: true, cell: (r) => String(r.totalAmount) });
  const header = columns.map((c) => c.name);
  const rows = report.rows.map((row) => columns.map((c) => c.cell(row)));
  if (csv) return formatCsv(header, rows);
  return [
    `Payment report ${report.from} .. ${report.to} by ${report.groupBy.join(', ')}: ` +
      `${report.count} transactions`,
    '',
    ...formatTable(
      header,
      rows,
      columns.map((c) => c.numeric),
    ),
  ];
}

/** Runs the example with `argv` (arguments after the script) and `env`; returns the exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv,
  output: Output = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  },
): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: {
          from: { type: 'string' },
          to: { type: 'string' },
          'group-by': { type: 'string' },
          csv: { type: 'boolean', default: false },
          export: { type: 'boolean', default: false },
        },
      });
    } catch (error) {
      throw new ExampleError(`${(error as Error).message}\n${USAGE}`, 1);
    }
    const { values } = parsed;
    const apiKey = env.API_KEY;
    if (!apiKey) throw new ExampleError(`API_KEY is not set\n${USAGE}`, 1);
    const url = env.API_URL || 'http://localhost:4000/graphql';
    const from = parseTime(values.from, 'from');
    const to = parseTime(values.to, 'to');

    if (values.export) {
      const header = ['id', 'created_at', 'amount_minor_units', 'currency', 'kind', 'status'];
      output.out(formatCsv(header, [])[0]);
      let after: string | null = null;
      for (;;) {
        const result: PaymentTransactionExportQuery = await request(
          url,
          apiKey,
          PaymentTransactionExportDocument,
          { from, to, first: 1000, after },
        );
        const page = result.paymentTransactionExport;
        for (const line of formatCsv(
          header,
          page.nodes.map((n) => [
            n.id,
            n.createdAt,
            String(n.amount),
            n.currency,
            n.currencyKind,
            n.status,
          ]),
        ).slice(1)) {
          output.out(line);
        }
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor ?? null;
      }
      return 0;
    }

    const groupBy = parseGroupBy(values['group-by']);
    const { paymentReport } = await request(url, apiKey, PaymentReportDocument, {
      from,
      to,
      groupBy,
    });
    for (const line of reportLines(paymentReport, values.csv)) output.out(line);
    return 0;
  } catch (error) {
    if (error instanceof ExampleError) {
      output.err(error.message);
      return error.exitCode;
    }
    output.err(`unexpected failure: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

if (require.main === module) {
  // `... | head` closes the pipe early: stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  void main(process.argv.slice(2), process.env).then((code) => {
    process.exitCode = code;
  });
}
