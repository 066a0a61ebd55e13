import { GraphQLSafeInt } from 'graphql-scalars';
import { ArgsType, Field, Int, ObjectType } from 'type-graphql';
import {
  DEFAULT_EXPORT_PAGE_SIZE,
  MAX_EXPORT_PAGE_SIZE,
  ReportDimension,
} from '../../domain/reports';
import { TransactionStatus } from '../../domain/resource-enums';
import { PaymentTransaction } from '../../entities/payment-transaction.entity';
import { Permission } from '../../permissions/permissions';
import { RequirePermission } from '../../permissions/rules';
import { connectionType } from './connection.type';
import { ScopeArgs } from './scope.args';

@ArgsType()
export class PaymentReportArgs extends ScopeArgs {
  @Field(() => Date, { description: 'Transactions created at or after this time.' })
  from!: Date;

  @Field(() => Date, {
    description: 'Transactions created before this time (exclusive); at most 366 days after from.',
  })
  to!: Date;

  @Field(() => [ReportDimension], {
    description:
      'Dimensions to group by, each at most once. CURRENCY is always added: totals are per ' +
      'currency. `[]` gives one row per currency.',
  })
  groupBy!: ReportDimension[];
}

@ArgsType()
export class PaymentTransactionExportArgs extends ScopeArgs {
  @Field(() => Date, { description: 'Transactions created at or after this time.' })
  from!: Date;

  @Field(() => Date, { description: 'Transactions created before this time (exclusive).' })
  to!: Date;

  @Field(() => Int, {
    defaultValue: DEFAULT_EXPORT_PAGE_SIZE,
    description: `Page size, 1 to ${MAX_EXPORT_PAGE_SIZE}.`,
  })
  first!: number;

  @Field(() => String, { nullable: true, description: '`endCursor` of the previous page.' })
  after?: string | null;
}

@ObjectType({
  description:
    'Transactions of one group: a currency, and the day and status when grouped by them ' +
    '(null otherwise).',
})
@RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
export class PaymentReportRow {
  @Field(() => String, {
    nullable: true,
    description: 'UTC day, `YYYY-MM-DD`, when grouped by DAY.',
  })
  day!: string | null;

  @Field({ description: 'Always set: totals are per currency.' })
  currency!: string;

  @Field(() => TransactionStatus, { nullable: true, description: 'When grouped by STATUS.' })
  status!: TransactionStatus | null;

  @Field(() => Int)
  count!: number;

  @Field(() => GraphQLSafeInt, {
    description: 'Sum of the amounts, in minor units of `currency`.',
  })
  totalAmount!: number;
}

@ObjectType({ description: 'Counts and totals of payment transactions over a time range.' })
@RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
export class PaymentReport {
  @Field()
  from!: Date;

  @Field()
  to!: Date;

  @Field(() => [ReportDimension], {
    description: 'The grouping applied: the dimensions asked for, plus CURRENCY.',
  })
  groupBy!: ReportDimension[];

  @Field(() => Int, { description: 'All transactions in the range.' })
  count!: number;

  @Field(() => [PaymentReportRow], { description: 'Ordered by day, currency, status.' })
  rows!: PaymentReportRow[];
}

export const PaymentTransactionExportConnection = connectionType(PaymentTransaction, {
  name: 'PaymentTransactionExport',
  rule: { permission: Permission.PAYMENT_TRANSACTION_VIEW },
});
