import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CurrencyAccount } from '../entities/currency-account.entity';
import { Customer } from '../entities/customer.entity';
import { PaymentCommand } from '../entities/payment-command.entity';
import { PaymentCommit } from '../entities/payment-commit.entity';
import { PaymentRequest } from '../entities/payment-request.entity';
import { PaymentRoute } from '../entities/payment-route.entity';
import { PaymentScheme } from '../entities/payment-scheme.entity';
import { PaymentStatement } from '../entities/payment-statement.entity';
import { PaymentTransaction } from '../entities/payment-transaction.entity';
import { AppContext } from '../graphql/context';
import { Entity, Permission } from '../permissions/permissions';
import { RequirePermission } from '../permissions/rules';
import { loadRelated } from './loaders';
import { ResourceResolver } from './resource.resolver';
import {
  CreatePaymentCommandInput,
  CreatePaymentCommitInput,
  CreatePaymentRequestInput,
  CreatePaymentRouteInput,
  CreatePaymentSchemeInput,
  CreatePaymentStatementInput,
  CreatePaymentTransactionInput,
  UpdatePaymentCommandInput,
  UpdatePaymentCommitInput,
  UpdatePaymentRequestInput,
  UpdatePaymentRouteInput,
  UpdatePaymentSchemeInput,
  UpdatePaymentStatementInput,
  UpdatePaymentTransactionInput,
} from './types/payment-resources.input';

/*
 * Relation fields carry the VIEW permission of the entity they expose, in addition to the parent
 * type's own: `paymentTransaction { customer { name } }` needs PAYMENT_TRANSACTION_VIEW and
 * CUSTOMER_VIEW.
 */

@Resolver(() => PaymentScheme)
export class PaymentSchemeResolver extends ResourceResolver({
  type: PaymentScheme,
  entity: Entity.PAYMENT_SCHEME,
  createInput: CreatePaymentSchemeInput,
  updateInput: UpdatePaymentSchemeInput,
  service: (services) => services.resources.paymentSchemes,
}) {}

@Resolver(() => PaymentRoute)
export class PaymentRouteResolver extends ResourceResolver({
  type: PaymentRoute,
  entity: Entity.PAYMENT_ROUTE,
  createInput: CreatePaymentRouteInput,
  updateInput: UpdatePaymentRouteInput,
  service: (services) => services.resources.paymentRoutes,
}) {
  @FieldResolver(() => PaymentScheme, { nullable: true })
  @RequirePermission(Permission.PAYMENT_SCHEME_VIEW)
  scheme(@Root() route: PaymentRoute, @Ctx() ctx: AppContext) {
    return loadRelated(ctx, ctx.services.resources.paymentSchemes, route, route.schemeId);
  }
}

@Resolver(() => PaymentStatement)
export class PaymentStatementResolver extends ResourceResolver({
  type: PaymentStatement,
  entity: Entity.PAYMENT_STATEMENT,
  createInput: CreatePaymentStatementInput,
  updateInput: UpdatePaymentStatementInput,
  service: (services) => services.resources.paymentStatements,
}) {
  @FieldResolver(() => CurrencyAccount, { nullable: true })
  @RequirePermission(Permission.CURRENCY_ACCOUNT_VIEW)
  currencyAccount(@Root() statement: PaymentStatement, @Ctx() ctx: AppContext) {
    return loadRelated(
      ctx,
      ctx.services.resources.currencyAccounts,
      statement,
      statement.currencyAccountId,
    );
  }
}

@Resolver(() => PaymentTransaction)
export class PaymentTransactionResolver extends ResourceResolver({
  type: PaymentTransaction,
  entity: Entity.PAYMENT_TRANSACTION,
  createInput: CreatePaymentTransactionInput,
  updateInput: UpdatePaymentTransactionInput,
  service: (services) => services.resources.paymentTransactions,
}) {
  @FieldResolver(() => Customer, { nullable: true })
  @RequirePermission(Permission.CUSTOMER_VIEW)
  customer(@Root() transaction: PaymentTransaction, @Ctx() ctx: AppContext) {
    return loadRelated(ctx, ctx.services.resources.customers, transaction, transaction.customerId);
  }

  @FieldResolver(() => PaymentRoute, { nullable: true })
  @RequirePermission(Permission.PAYMENT_ROUTE_VIEW)
  route(@Root() transaction: PaymentTransaction, @Ctx() ctx: AppContext) {
    return loadRelated(ctx, ctx.services.resources.paymentRoutes, transaction, transaction.routeId);
  }

  @FieldResolver(() => PaymentRequest, { nullable: true })
  @RequirePermission(Permission.PAYMENT_REQUEST_VIEW)
  paymentRequest(@Root() transaction: PaymentTransaction, @Ctx() ctx: AppContext) {
    return loadRelated(
      ctx,
      ctx.services.resources.paymentRequests,
      transaction,
      transaction.paymentRequestId,
    );
  }
}

@Resolver(() => PaymentCommit)
export class PaymentCommitResolver extends ResourceResolver({
  type: PaymentCommit,
  entity: Entity.PAYMENT_COMMIT,
  createInput: CreatePaymentCommitInput,
  updateInput: UpdatePaymentCommitInput,
  service: (services) => services.resources.paymentCommits,
}) {
  @FieldResolver(() => PaymentTransaction, { nullable: true })
  @RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
  transaction(@Root() commit: PaymentCommit, @Ctx() ctx: AppContext) {
    return loadRelated(
      ctx,
      ctx.services.resources.paymentTransactions,
      commit,
      commit.transactionId,
    );
  }
}

@Resolver(() => PaymentRequest)
export class PaymentRequestResolver extends ResourceResolver({
  type: PaymentRequest,
  entity: Entity.PAYMENT_REQUEST,
  createInput: CreatePaymentRequestInput,
  updateInput: UpdatePaymentRequestInput,
  service: (services) => services.resources.paymentRequests,
}) {
  @FieldResolver(() => Customer, { nullable: true })
  @RequirePermission(Permission.CUSTOMER_VIEW)
  customer(@Root() request: PaymentRequest, @Ctx() ctx: AppContext) {
    return loadRelated(ctx, ctx.services.resources.customers, request, request.customerId);
  }

  @FieldResolver(() => PaymentTransaction, { nullable: true })
  @RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
  transaction(@Root() request: PaymentRequest, @Ctx() ctx: AppContext) {
    return loadRelated(
      ctx,
      ctx.services.resources.paymentTransactions,
      request,
      request.transactionId,
    );
  }
}

@Resolver(() => PaymentCommand)
export class PaymentCommandResolver extends ResourceResolver({
  type: PaymentCommand,
  entity: Entity.PAYMENT_COMMAND,
  createInput: CreatePaymentCommandInput,
  updateInput: UpdatePaymentCommandInput,
  service: (services) => services.resources.paymentCommands,
}) {
  @FieldResolver(() => PaymentTransaction, { nullable: true })
  @RequirePermission(Permission.PAYMENT_TRANSACTION_VIEW)
  transaction(@Root() command: PaymentCommand, @Ctx() ctx: AppContext) {
    return loadRelated(
      ctx,
      ctx.services.resources.paymentTransactions,
      command,
      command.transactionId,
    );
  }
}
