import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { idColumn, minorUnitsColumn } from '../db/columns';
import { CommitStatus } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_commits')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: 'A commitment (settlement) of all or part of a transaction.' })
@RequirePermission(Permission.PAYMENT_COMMIT_VIEW)
export class PaymentCommit extends MerchantResource {
  @Column(idColumn)
  @Field(() => ID)
  transactionId!: string;

  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt)
  amount!: number;

  @Column({ type: 'varchar', length: 8 })
  @Field()
  currency!: string;

  @Column({ type: 'simple-enum', enum: CommitStatus })
  @Field(() => CommitStatus)
  status!: CommitStatus;
}
