import { Args, Ctx, Query, Resolver } from 'type-graphql';
import { parsePageRequest } from '../db/pagination';
import { MAX_EXPORT_PAGE_SIZE } from '../domain/reports';
import { PaymentTransaction } from '../entities/payment-transaction.entity';
import { AppContext } from '../graphql/context';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import {
  checkExportRange,
  checkReportRequest,
  PaymentReportResult,
} from '../services/report.service';
import { scopeOf } from './context-helpers';
import { Connection, toConnection } from './types/connection.type';
import {
  PaymentReport,
  PaymentReportArgs,
  PaymentTransactionExportArgs,
  PaymentTransactionExportConnection,
} from './types/report.type';

/** Reports on payment transactions: aggregates and paged exports (read-only). */
@Resolver()
export class ReportResolver {
  @Query(() => PaymentReport, {
    description:
      'Counts and totals (minor units) of payment transactions created in [from, to), grouped ' +
      'by currency and optionally by UTC day and status. At most 366 days.',
  })
  @RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
  async paymentReport(
    @Args() args: PaymentReportArgs,
    @Ctx() ctx: AppContext,
  ): Promise<PaymentReportResult> {
    const request = checkReportRequest(args);
    return ctx.services.reports.paymentReport(await scopeOf(ctx, args), request);
  }

  @Query(() => PaymentTransactionExportConnection, {
    description:
      'Payment transactions created in [from, to), oldest first, by cursor pages (`first` ' +
      `1..${MAX_EXPORT_PAGE_SIZE}). Pages are stable while new transactions arrive.`,
  })
  @RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
  async paymentTransactionExport(
    @Args() args: PaymentTransactionExportArgs,
    @Ctx() ctx: AppContext,
  ): Promise<Connection<PaymentTransaction>> {
    const range = { from: args.from, to: args.to };
    const page = { first: args.first, after: args.after };
    parsePageRequest(page, MAX_EXPORT_PAGE_SIZE);
    checkExportRange(range);
    const scope = await scopeOf(ctx, args);
    return toConnection(await ctx.services.reports.exportTransactions(scope, range, page));
  }
}
