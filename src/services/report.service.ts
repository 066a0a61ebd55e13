import { DataSource } from 'typeorm';
import { encodeCursor, Page, PageRequest, parsePageRequest } from '../db/pagination';
import { DataScope } from '../db/scope';
import { ScopedRepository } from '../db/scoped-repository';
import { badInput, FieldError } from '../domain/errors';
import { firstIdAt } from '../domain/ids';
import { MAX_EXPORT_PAGE_SIZE, MAX_REPORT_DAYS, ReportDimension } from '../domain/reports';
import { TransactionStatus } from '../domain/resource-enums';
import { PaymentTransaction } from '../entities/payment-transaction.entity';
import { PAYMENT_TRANSACTIONS } from './payment-resources';

const DAY_MS = 86_400_000;

export interface TimeRange {
  /** Inclusive. */
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface ReportRequest extends TimeRange {
  groupBy: readonly ReportDimension[];
}

/** A report request after validation: `groupBy` always holds CURRENCY, in a fixed order. */
export interface CheckedReportRequest extends TimeRange {
  groupBy: ReportDimension[];
}

export interface PaymentReportRow {
  day: string | null;
  currency: string;
  status: TransactionStatus | null;
  count: number;
  totalAmount: number;
}

export interface PaymentReportResult extends CheckedReportRequest {
  /** Transactions in the range (the sum of the rows' counts). */
  count: number;
  rows: PaymentReportRow[];
}

const DIMENSION_ORDER = [ReportDimension.DAY, ReportDimension.CURRENCY, ReportDimension.STATUS];

function checkRange(range: TimeRange, maxDays: number | null): FieldError[] {
  const from = range.from.getTime();
  const to = range.to.getTime();
  if (Number.isNaN(from)) return [{ field: 'from', reason: 'is not a valid time' }];
  if (Number.isNaN(to)) return [{ field: 'to', reason: 'is not a valid time' }];
  if (to <= from) return [{ field: 'to', reason: 'must be after from' }];
  if (maxDays !== null && to - from > maxDays * DAY_MS) {
    return [{ field: 'to', reason: `the range may cover at most ${maxDays} days` }];
  }
  return [];
}

/**
 * Validates a report request without touching the database (call it before resolving the scope,
 * so bad input is refused first): `from < to`, at most `MAX_REPORT_DAYS`, no dimension twice.
 * BAD_USER_INPUT otherwise.
 *
 * Amounts of different currencies cannot be added up, so CURRENCY is always part of the grouping:
 * `groupBy: [DAY]` answers one row per day and currency, `groupBy: []` one row per currency.
 */
export function checkReportRequest(request: ReportRequest): CheckedReportRequest {
  const errors = checkRange(request, MAX_REPORT_DAYS);
  const seen = new Set<ReportDimension>();
  for (const dimension of request.groupBy) {
    if (seen.has(dimension)) {
      errors.push({ field: 'groupBy', reason: `${dimension} is given more than once` });
    }
    seen.add(dimension);
  }
  if (errors.length > 0) throw badInput(errors);
  seen.add(ReportDimension.CURRENCY);
  return {
    from: request.from,
    to: request.to,
    groupBy: DIMENSION_ORDER.filter((d) => seen.has(d)),
  };
}

/** Validates an export range: `from < to` (any length: pages bound the work). */
export function checkExportRange(range: TimeRange): TimeRange {
  const errors = checkRange(range, null);
  if (errors.length > 0) throw badInput(errors);
  return range;
}

function compareText(a: string | null, b: string | null): number {
  const x = a ?? '';
  const y = b ?? '';
  return x < y ? -1 : x > y ? 1 : 0;
}

interface RawReportRow {
  day?: string | null;
  currency: string;
  status?: TransactionStatus | null;
  rowCount: string | number;
  totalAmount: string | number | null;
}

/**
 * Reports on payment transactions: aggregates computed by the database (GROUP BY over the
 * `(merchantId, mode, createdAt, ...)` index, never by loading rows) and paged exports. Read-only,
 * always inside the caller's data scope.
 */
export class ReportService {
  constructor(private readonly dataSource: DataSource) {}

  private transactions(scope: DataScope): ScopedRepository<PaymentTransaction> {
    return new ScopedRepository(this.dataSource.manager, PAYMENT_TRANSACTIONS, scope);
  }

  /**
   * The UTC day of `createdAt` as `YYYY-MM-DD`. SQLite stores datetimes as UTC text
   * (`YYYY-MM-DD HH:MM:SS.SSS`), so the day is its first ten characters; MySQL/MariaDB store
   * `DATETIME(3)` in UTC (the connection's time zone is `Z`), formatted as a string.
   */
  private dayExpression(alias: string): string {
    return this.dataSource.options.type === 'better-sqlite3'
      ? `substr(${alias}.createdAt, 1, 10)`
      : `DATE_FORMAT(${alias}.createdAt, '%Y-%m-%d')`;
  }

  /** Name of the `(merchantId, mode, id)` index of payment transactions. */
  private idIndex(): string | undefined {
    return this.dataSource
      .getMetadata(PaymentTransaction)
      .indices.find(
        (index) => index.columns.map((c) => c.propertyName).join() === 'merchantId,mode,id',
      )?.name;
  }

  /**
   * Counts and sums (in minor units) of the scope's transactions created in `[from, to)`, grouped
   * by the request's dimensions (CURRENCY always included: see `checkReportRequest`). One
   * aggregate query; rows ordered by day, currency, status.
   */
  async paymentReport(scope: DataScope, request: ReportRequest): Promise<PaymentReportResult> {
    const checked = checkReportRequest(request);
    const by = new Set(checked.groupBy);
    const query = this.transactions(scope)
      .query('tx')
      .andWhere('tx.createdAt >= :from', { from: checked.from })
      .andWhere('tx.createdAt < :to', { to: checked.to })
      .select('tx.currency', 'currency')
      .addSelect('COUNT(*)', 'rowCount')
      .addSelect('SUM(tx.amount)', 'totalAmount');
    const groups: string[] = [];
    if (by.has(ReportDimension.DAY)) {
      query.addSelect(this.dayExpression('tx'), 'day');
      groups.push(this.dayExpression('tx'));
    }
    groups.push('tx.currency');
    if (by.has(ReportDimension.STATUS)) {
      query.addSelect('tx.status', 'status');
      groups.push('tx.status');
    }
    query.groupBy(groups[0]);
    for (const group of groups.slice(1)) query.addGroupBy(group);

    const raw = await query.getRawMany<RawReportRow>();
    const rows = raw.map((r) => ({
      day: r.day ?? null,
      currency: r.currency,
      status: r.status ?? null,
      count: Number(r.rowCount),
      totalAmount: Number(r.totalAmount ?? 0),
    }));
    // Ordered here, not in SQL: MySQL sorts ENUM columns by their position, not their name, and
    // there are few groups (at most days x currencies x statuses).
    rows.sort(
      (a, b) =>
        compareText(a.day, b.day) ||
        compareText(a.currency, b.currency) ||
        compareText(a.status, b.status),
    );
    return { ...checked, count: rows.reduce((sum, r) => sum + r.count, 0), rows };
  }

  /**
   * One page of the scope's transactions created in `[from, to)`, oldest first. The range and the
   * cursor are id bounds (ids are time-ordered: `firstIdAt`), so the scan stays on the
   * `(merchantId, mode, id)` index, and pages are stable while transactions are added: a walk
   * sees every transaction of the range that existed when it started exactly once, in order.
   */
  async exportTransactions(
    scope: DataScope,
    range: TimeRange,
    request: PageRequest,
  ): Promise<Page<PaymentTransaction>> {
    const page = parsePageRequest(request, MAX_EXPORT_PAGE_SIZE);
    checkExportRange(range);
    const prefix = PAYMENT_TRANSACTIONS.idPrefix;
    const transactions = this.transactions(scope);
    // Two steps: the page's ids from the (merchantId, mode, id) index alone, then their rows by
    // primary key. MariaDB, left alone, reads an id range either through the primary key
    // (everyone's rows of the range, filtered by merchant) or as a `ref` on (merchantId, mode)
    // (all of the merchant's rows before `from`). Only FORCE INDEX makes it a range scan of this
    // merchant's rows from `from` on, and TypeORM writes only USE INDEX: the id query is run raw.
    const idQuery = transactions
      .query('tx')
      .select('tx.id', 'id')
      .andWhere('tx.id >= :fromId', { fromId: firstIdAt(prefix, range.from.getTime()) })
      .andWhere('tx.id < :toId', { toId: firstIdAt(prefix, range.to.getTime()) });
    if (page.afterId !== undefined) {
      idQuery.andWhere('tx.id > :afterId', { afterId: page.afterId });
    }
    idQuery.orderBy('tx.id', 'ASC').limit(page.first + 1);
    const byId = this.idIndex();
    if (byId) idQuery.useIndex(byId); // MySQL family only; SQLite plans this range right
    const [sql, parameters] = idQuery.getQueryAndParameters();
    const raw: { id: string }[] = await this.dataSource.query(
      sql.replace(' USE INDEX (', ' FORCE INDEX ('),
      parameters,
    );
    const hasNextPage = raw.length > page.first;
    const ids = raw.slice(0, page.first).map((r) => r.id);
    const nodes = (await transactions.findByIds(ids)).sort((a, b) => compareText(a.id, b.id));
    const last = nodes[nodes.length - 1];
    return { nodes, hasNextPage, endCursor: last ? encodeCursor(last.id) : null };
  }
}
