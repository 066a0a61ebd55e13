import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { minorUnitsColumn } from '../db/columns';
import { PaymentMethod } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('payment_schemes')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({
  description: 'A payment scheme the merchant accepts (card network, bank rail, chain).',
})
@RequirePermission(Permission.PAYMENT_SCHEME_VIEW)
export class PaymentScheme extends MerchantResource {
  @Column({ type: 'varchar', length: 100 })
  @Field()
  name!: string;

  @Column({ type: 'varchar', length: 32 })
  @Field({ description: 'Scheme code, e.g. VISA, MASTERCARD, SEPA, BITCOIN.' })
  code!: string;

  @Column({ type: 'simple-enum', enum: PaymentMethod })
  @Field(() => PaymentMethod)
  method!: PaymentMethod;

  @Column({ type: 'boolean' })
  @Field()
  enabled!: boolean;

  @Column({ type: 'int' })
  @Field(() => Int, { description: 'Percentage fee in basis points (1/100 of a percent).' })
  feeBps!: number;

  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt, { description: 'Fixed fee per payment, in minor units.' })
  fixedFee!: number;
}
