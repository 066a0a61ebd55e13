import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { idColumn } from '../db/columns';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_routes')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: 'Where payments in a currency are sent: a scheme through an acquirer.' })
@RequirePermission(Permission.PAYMENT_ROUTE_VIEW)
export class PaymentRoute extends MerchantResource {
  @Column({ type: 'varchar', length: 100 })
  @Field()
  name!: string;

  @Column(idColumn)
  @Field(() => ID)
  schemeId!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field()
  currency!: string;

  @Column({ type: 'varchar', length: 100 })
  @Field({ description: 'The acquirer or provider that processes the payments.' })
  acquirer!: string;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Lower numbers are tried first.' })
  priority!: number;

  @Column({ type: 'boolean' })
  @Field()
  enabled!: boolean;
}
