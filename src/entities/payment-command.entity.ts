import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { idColumn, minorUnitsColumn } from '../db/columns';
import { CommandStatus, CommandType } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_commands')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: 'An instruction on a transaction: capture, refund, void or payout.' })
@RequirePermission(Permission.PAYMENT_COMMAND_VIEW)
export class PaymentCommand extends MerchantResource {
  @Column({ type: 'simple-enum', enum: CommandType })
  @Field(() => CommandType)
  type!: CommandType;

  @Column(idColumn)
  @Field(() => ID)
  transactionId!: string;

  @Column({ ...minorUnitsColumn, nullable: true, default: null })
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Null: the whole amount.' })
  amount!: number | null;

  @Column({ type: 'simple-enum', enum: CommandStatus })
  @Field(() => CommandStatus)
  status!: CommandStatus;

  @Column({ type: 'varchar', length: 500, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  reason!: string | null;
}
