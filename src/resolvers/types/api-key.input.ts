import { ArrayMaxSize, IsNotEmpty, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { CurrencyKind, Mode } from '../../domain/enums';
import { KeyType, Permission, PermissionPreset } from '../../permissions/permissions';

@InputType({
  description:
    'Presets per scope and an explicit list; the key gets their union. Fixed once the key exists.',
})
export class PermissionsInput {
  @Field(() => PermissionPreset, { defaultValue: PermissionPreset.NONE })
  merchant!: PermissionPreset;

  @Field(() => PermissionPreset, { defaultValue: PermissionPreset.NONE })
  payments!: PermissionPreset;

  @Field(() => [Permission], { defaultValue: [] })
  @ArrayMaxSize(20)
  permissions!: Permission[];
}

@InputType()
export class CreateApiKeyInput {
  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(40)
  merchantId!: string;

  @Field(() => KeyType)
  type!: KeyType;

  @Field(() => Mode)
  mode!: Mode;

  @Field()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100, { message: 'must be at most 100 characters' })
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500, { message: 'must be at most 500 characters' })
  description?: string | null;

  @Field(() => Date, { nullable: true, description: 'Null: the key never expires.' })
  expiresAt?: Date | null;

  @Field(() => PermissionsInput)
  @ValidateNested()
  permissions!: PermissionsInput;

  @Field(() => CurrencyKind, {
    nullable: true,
    description: 'Restrict the key to FIAT or CRYPTO currency accounts and transactions.',
  })
  currencyKind?: CurrencyKind | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Client addresses the key may be used from: IPv4/IPv6 addresses or CIDRs (at most 20). ' +
      'Null or empty: any address. Fixed once the key exists; rotation keeps it.',
  })
  @IsOptional()
  @ArrayMaxSize(20, { message: 'at most 20 entries' })
  @MaxLength(64, { each: true, message: 'each entry must be at most 64 characters' })
  allowedCidrs?: string[] | null;
}
