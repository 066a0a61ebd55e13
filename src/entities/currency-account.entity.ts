import { GraphQLSafeInt } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, Index } from 'typeorm';
import { minorUnitsColumn } from '../db/columns';
import { CurrencyKind } from '../domain/enums';
import { CurrencyAccountStatus } from '../domain/resource-enums';
import { Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { MerchantResource } from './merchant-resource';

@Entity('currency_accounts')
@Index(['merchantId', 'mode', 'id'])
@ObjectType({ description: 'A balance held in one currency (fiat or crypto).' })
@RequirePermission(Permission.CURRENCY_ACCOUNT_VIEW)
export class CurrencyAccount extends MerchantResource {
  @Column({ type: 'varchar', length: 100 })
  @Field()
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field({ description: 'ISO 4217 code or crypto asset symbol.' })
  currency!: string;

  @Column({ type: 'simple-enum', enum: CurrencyKind })
  @Field(() => CurrencyKind)
  currencyKind!: CurrencyKind;

  @Column(minorUnitsColumn)
  @Field(() => GraphQLSafeInt, { description: 'In minor units of the currency.' })
  balance!: number;

  @Column({ type: 'simple-enum', enum: CurrencyAccountStatus })
  @Field(() => CurrencyAccountStatus)
  status!: CurrencyAccountStatus;
}
