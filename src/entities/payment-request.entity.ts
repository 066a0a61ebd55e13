import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { idColumn, minorUnitsColumn, timestampColumn } from '../db/columns';
import { PaymentRequestStatus } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_requests')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: 'A request for a customer to pay; paying it produces a transaction.' })
@RequirePermission(Permission.PAYMENT_REQUEST_VIEW)
export class PaymentRequest extends MerchantResource {
  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt)
  amount!: number;

  @Column({ type: 'varchar', length: 8 })
  @Field()
  currency!: string;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  description!: string | null;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true })
  customerId!: string | null;

  @Column({ type: 'simple-enum', enum: PaymentRequestStatus })
  @Field(() => PaymentRequestStatus)
  status!: PaymentRequestStatus;

  @Column({ ...idColumn, nullable: true, default: null })
  @Field(() => ID, { nullable: true, description: 'The transaction that paid the request.' })
  transactionId!: string | null;

  @Column({ ...timestampColumn, nullable: true, default: null })
  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;
}
