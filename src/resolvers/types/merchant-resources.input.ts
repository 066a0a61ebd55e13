import { GraphQLSafeInt } from 'graphql-scalars';
import { IsEmail, IsNotEmpty, IsOptional, Matches, MaxLength, Min } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import { CurrencyAccountStatus } from '../../domain/resource-enums';

const COUNTRY = /^[A-Z]{2}$/;
const CURRENCY = /^[A-Z]{3,5}$/;
const countryMessage = { message: 'must be an ISO 3166-1 alpha-2 code, e.g. DE' };
const currencyMessage = { message: 'must be a currency code, e.g. EUR or BTC' };

@InputType()
export class CreateCustomerInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  name!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{4,31}$/, { message: 'must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(COUNTRY, countryMessage)
  country?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  externalRef?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateCustomerInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\+?[0-9 ()-]{4,31}$/, { message: 'must be a phone number' })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(COUNTRY, countryMessage)
  country?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  externalRef?: string | null;
}

@InputType()
export class CreateCurrencyAccountInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @Field({
    description: 'ISO 4217 code or crypto asset symbol; its kind (FIAT or CRYPTO) follows.',
  })
  @Matches(CURRENCY, currencyMessage)
  currency!: string;

  @Field(() => GraphQLSafeInt, { defaultValue: 0, description: 'Opening balance in minor units.' })
  @Min(0)
  balance!: number;
}

@InputType({ description: 'Only the fields given change. Balances move with payments, not here.' })
export class UpdateCurrencyAccountInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @Field(() => CurrencyAccountStatus, { nullable: true })
  @IsOptional()
  status?: CurrencyAccountStatus;
}

@InputType()
export class CreateMerchantAccountInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(200)
  legalName!: string;

  @Field()
  @Matches(COUNTRY, countryMessage)
  country!: string;

  @Field()
  @Matches(CURRENCY, currencyMessage)
  defaultCurrency!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  supportEmail?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(22)
  statementDescriptor?: string | null;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdateMerchantAccountInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(200)
  legalName?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(COUNTRY, countryMessage)
  country?: string;

  @Field({ nullable: true })
  @IsOptional()
  @Matches(CURRENCY, currencyMessage)
  defaultCurrency?: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'must be a valid email address' })
  supportEmail?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(22)
  statementDescriptor?: string | null;
}
