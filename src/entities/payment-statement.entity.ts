import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { idColumn, minorUnitsColumn, timestampColumn } from '../db/columns';
import { StatementStatus } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_statements')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: 'A period statement of one currency account.' })
@RequirePermission(Permission.PAYMENT_STATEMENT_VIEW)
export class PaymentStatement extends MerchantResource {
  @Column(idColumn)
  @Field(() => ID)
  currencyAccountId!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field()
  currency!: string;

  @Column(timestampColumn)
  @Field()
  periodStart!: Date;

  @Column(timestampColumn)
  @Field()
  periodEnd!: Date;

  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt)
  openingBalance!: number;

  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt)
  closingBalance!: number;

  @Column({ type: 'simple-enum', enum: StatementStatus })
  @Field(() => StatementStatus)
  status!: StatementStatus;
}
