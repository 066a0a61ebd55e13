import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { idColumn, minorUnitsColumn } from '../db/columns';
import { CurrencyKind } from '../domain/enums';
import { TransactionStatus } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_transactions')
@Index(['merchantId', 'mode', 'id'])
// Time ranges (reports) on (merchantId, mode, createdAt); the trailing columns make it covering for
// `paymentReport`, which then reads the index alone, never the table.
@Index('ix_payment_transactions_report', [
  'merchantId',
  'mode',
  'createdAt',
  'currencyKind',
  'currency',
  'status',
  'amount',
])
@ObjectType({ description: 'A movement of money: a payment from a customer through a route.' })
@RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
export class PaymentTransaction extends MerchantResource {
  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt, { description: 'In minor units of the currency.' })
  amount!: number;

  @Column({ type: 'varchar', length: 8 })
  @Field()
  currency!: string;

  @Column({ type: 'simple-enum', enum: CurrencyKind })
  @Field(() => CurrencyKind)
  currencyKind!: CurrencyKind;

  @Column({ type: 'simple-enum', enum: TransactionStatus })
  @Field(() => TransactionStatus)
  status!: TransactionStatus;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  routeId!: string | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true, description: 'The payment request this transaction paid.' })
  paymentRequestId!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  description!: string | null;
}
