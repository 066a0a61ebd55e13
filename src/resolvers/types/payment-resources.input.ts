import { GraphQLSafeInt } from 'graphql-scalars';
import { IsNotEmpty, IsOptional, Matches, Max, MaxLength, Min } from 'class-validator';
import { Field, ID, InputType, Int } from 'type-graphql';
import {
  CommandStatus,
  CommandType,
  CommitStatus,
  PaymentMethod,
  PaymentRequestStatus,
  StatementStatus,
  TransactionStatus,
} from '../../domain/resource-enums';

const CURRENCY = /^[A-Z]{3,5}$/;
const currencyMessage = { message: 'must be a currency code, e.g. EUR or BTC' };

@InputType()
export class CreatePaymentSchemeInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @Field()
  @Matches(/^[A-Z0-9_]{2,32}$/, { message: 'must be 2-32 upper-case letters, digits or _' })
  code!: string;

  @Field(() => PaymentMethod)
  method!: PaymentMethod;

  @Field({ defaultValue: true })
  enabled!: boolean;

  @Field(() => Int, { defaultValue: 0 })
  @Min(0)
  @Max(10_000)
  feeBps!: number;

  @Field(() => GraphQLSafeInt, { defaultValue: 0 })
  @Min(0)
  fixedFee!: number;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdatePaymentSchemeInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @Field({ nullable: true })
  enabled?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(10_000)
  feeBps?: number;

  @Field(() => GraphQLSafeInt, { nullable: true })
  @IsOptional()
  @Min(0)
  fixedFee?: number;
}

@InputType()
export class CreatePaymentRouteInput {
  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  @Field(() => ID)
  schemeId!: string;

  @Field()
  @Matches(CURRENCY, currencyMessage)
  currency!: string;

  @Field()
  @IsNotEmpty()
  @MaxLength(100)
  acquirer!: string;

  @Field(() => Int, { defaultValue: 100 })
  @Min(0)
  @Max(1000)
  priority!: number;

  @Field({ defaultValue: true })
  enabled!: boolean;
}

@InputType({ description: 'Only the fields given change.' })
export class UpdatePaymentRouteInput {
  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsNotEmpty()
  @MaxLength(100)
  acquirer?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @Min(0)
  @Max(1000)
  priority?: number;

  @Field({ nullable: true })
  enabled?: boolean;
}

@InputType()
export class CreatePaymentStatementInput {
  @Field(() => ID)
  currencyAccountId!: string;

  @Field()
  periodStart!: Date;

  @Field()
  periodEnd!: Date;

  @Field(() => GraphQLSafeInt)
  openingBalance!: number;

  @Field(() => GraphQLSafeInt)
  closingBalance!: number;
}

@InputType({ description: 'Only the fields given change; a CLOSED statement is final.' })
export class UpdatePaymentStatementInput {
  @Field(() => GraphQLSafeInt, { nullable: true })
  closingBalance?: number;

  @Field(() => StatementStatus, { nullable: true })
  status?: StatementStatus;
}

@InputType()
export class CreatePaymentTransactionInput {
  @Field(() => GraphQLSafeInt, { description: 'In minor units; positive.' })
  @Min(1)
  amount!: number;

  @Field()
  @Matches(CURRENCY, currencyMessage)
  currency!: string;

  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => ID, { nullable: true })
  routeId?: string | null;

  @Field(() => ID, { nullable: true })
  paymentRequestId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@InputType({
  description: 'Status moves PENDING -> SUCCEEDED | FAILED, and SUCCEEDED -> REFUNDED.',
})
export class UpdatePaymentTransactionInput {
  @Field(() => TransactionStatus, { nullable: true })
  status?: TransactionStatus;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@InputType()
export class CreatePaymentCommitInput {
  @Field(() => ID)
  transactionId!: string;

  @Field(() => GraphQLSafeInt, { description: 'At most the transaction amount.' })
  @Min(1)
  amount!: number;
}

@InputType()
export class UpdatePaymentCommitInput {
  @Field(() => CommitStatus)
  status!: CommitStatus;
}

@InputType()
export class CreatePaymentRequestInput {
  @Field(() => GraphQLSafeInt, { description: 'In minor units; positive.' })
  @Min(1)
  amount!: number;

  @Field()
  @Matches(CURRENCY, currencyMessage)
  currency!: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;

  @Field(() => ID, { nullable: true })
  customerId?: string | null;

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@InputType({
  description: 'Only the fields given change. PAID needs the transaction that paid it.',
})
export class UpdatePaymentRequestInput {
  @Field(() => PaymentRequestStatus, { nullable: true })
  status?: PaymentRequestStatus;

  @Field(() => ID, { nullable: true })
  transactionId?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  description?: string | null;
}

@InputType()
export class CreatePaymentCommandInput {
  @Field(() => CommandType)
  type!: CommandType;

  @Field(() => ID)
  transactionId!: string;

  @Field(() => GraphQLSafeInt, { nullable: true, description: 'Null: the whole amount.' })
  @IsOptional()
  @Min(1)
  amount?: number | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(500)
  reason?: string | null;
}

@InputType()
export class UpdatePaymentCommandInput {
  @Field(() => CommandStatus)
  status!: CommandStatus;
}
