import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { idColumn, timestampColumn } from '../db/columns';
import { MerchantStatus } from '../domain/enums';
import { Access, RequireAccess } from '../permissions/rules';
import { Account } from './account.entity';

@Entity('merchants')
@ObjectType({ description: 'A business that owns API keys and payment data.' })
// Reachable by keys only as `currentApiKey.merchant`: its own identity and status.
@RequireAccess(Access.ANY_KEY)
export class Merchant {
  @PrimaryColumn(idColumn)
  @Field(() => ID)
  id!: string;

  @Column({ type: 'varchar', length: 120 })
  @Field()
  name!: string;

  @Column({ type: 'simple-enum', enum: MerchantStatus })
  @Field(() => MerchantStatus)
  status!: MerchantStatus;

  @Index('ix_merchants_owner')
  @Column(idColumn)
  @Field(() => ID)
  // Owner identity is dashboard data, not for keys.
  @RequireAccess(Access.ACCOUNT)
  ownerId!: string;

  @ManyToOne(() => Account, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ownerId' })
  owner?: Account;

  @Column(timestampColumn)
  @Field()
  createdAt!: Date;

  @Column(timestampColumn)
  @Field()
  updatedAt!: Date;
}
