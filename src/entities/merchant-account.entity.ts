import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('merchant_accounts')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: "The merchant's own business profile and settings." })
@RequirePermission(Permission.MERCHANT_ACCOUNT_VIEW)
export class MerchantAccount extends MerchantResource {
  @Column({ type: 'varchar', length: 200 })
  @Field()
  legalName!: string;

  @Column({ type: 'varchar', length: 2 })
  @Field({ description: 'ISO 3166-1 alpha-2 country code.' })
  country!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field()
  defaultCurrency!: string;

  @Column({ type: 'varchar', length: 254, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  supportEmail!: string | null;

  @Column({ type: 'varchar', length: 22, nullable: true, default: null })
  @Field(() => String, {
    nullable: true,
    description: "What appears on customers' statements (at most 22 characters).",
  })
  statementDescriptor!: string | null;
}
