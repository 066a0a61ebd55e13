import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('customers')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: "A merchant's customer." })
// Every field of a customer is customer data.
@RequirePermission(Permission.CUSTOMER_VIEW)
export class Customer extends MerchantResource {
  @Column({ type: 'varchar', length: 200 })
  @Field()
  name!: string;

  @Column({ type: 'varchar', length: 254, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 2, nullable: true, default: null })
  @Field(() => String, { nullable: true, description: 'ISO 3166-1 alpha-2 country code.' })
  country!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true, default: null })
  @Field(() => String, { nullable: true, description: "The merchant's own reference." })
  externalRef!: string | null;
}
