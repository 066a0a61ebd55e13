import { badInput } from '../domain/errors';
import { WebhookEventType } from '../domain/webhook-enums';
import {
  CommandStatus,
  CommandType,
  CommitStatus,
  PaymentRequestStatus,
  StatementStatus,
  TransactionStatus,
} from '../domain/resource-enums';
import { ResourceTable } from '../db/scoped-repository';
import { PaymentCommand } from '../entities/payment-command.entity';
import { PaymentCommit } from '../entities/payment-commit.entity';
import { PaymentRequest } from '../entities/payment-request.entity';
import { PaymentRoute } from '../entities/payment-route.entity';
import { PaymentScheme } from '../entities/payment-scheme.entity';
import { PaymentStatement } from '../entities/payment-statement.entity';
import { PaymentTransaction } from '../entities/payment-transaction.entity';
import type {
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
} from '../resolvers/types/payment-resources.input';
import { CURRENCY_ACCOUNTS, CUSTOMERS, given, trimmedOrNull } from './merchant-resources';
import { checkCurrency, defined, ResourceRules } from './resource.service';

/** Business rules of the Payments scope. */

export const PAYMENT_SCHEMES: ResourceTable<PaymentScheme> = {
  entity: PaymentScheme,
  idPrefix: 'psc',
};
export const PAYMENT_ROUTES: ResourceTable<PaymentRoute> = {
  entity: PaymentRoute,
  idPrefix: 'prt',
};
export const PAYMENT_STATEMENTS: ResourceTable<PaymentStatement> = {
  entity: PaymentStatement,
  idPrefix: 'pst',
};
export const PAYMENT_TRANSACTIONS: ResourceTable<PaymentTransaction> = {
  entity: PaymentTransaction,
  idPrefix: 'ptx',
  kindRestricted: true,
};
export const PAYMENT_COMMITS: ResourceTable<PaymentCommit> = {
  entity: PaymentCommit,
  idPrefix: 'pcm',
};
export const PAYMENT_REQUESTS: ResourceTable<PaymentRequest> = {
  entity: PaymentRequest,
  idPrefix: 'prq',
};
export const PAYMENT_COMMANDS: ResourceTable<PaymentCommand> = {
  entity: PaymentCommand,
  idPrefix: 'pcd',
};

function blankCheck(value: string | undefined | null, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  const trimmed = value.trim();
  if (!trimmed) throw badInput([{ field, reason: 'must not be blank' }]);
  return trimmed;
}

/** Refuses a status change that the life cycle does not allow; same status is a no-op. */
function transition<S extends string>(
  from: S,
  to: S | null | undefined,
  allowed: Partial<Record<S, readonly S[]>>,
): S | undefined {
  if (!to || to === from) return undefined;
  if (!(allowed[from] ?? []).includes(to)) {
    throw badInput([{ field: 'status', reason: `cannot change from ${from} to ${to}` }]);
  }
  return to;
}

export const paymentSchemeRules: ResourceRules<
  PaymentScheme,
  CreatePaymentSchemeInput,
  UpdatePaymentSchemeInput
> = {
  table: PAYMENT_SCHEMES,
  label: 'Payment scheme',
  create: (input) => ({
    name: blankCheck(input.name, 'name'),
    code: input.code,
    method: input.method,
    enabled: input.enabled ?? true,
    feeBps: input.feeBps ?? 0,
    fixedFee: input.fixedFee ?? 0,
  }),
  update: (_existing, input) =>
    defined({
      name: blankCheck(input.name, 'name'),
      enabled: given(input.enabled),
      feeBps: given(input.feeBps),
      fixedFee: given(input.fixedFee),
    }),
};

export const paymentRouteRules: ResourceRules<
  PaymentRoute,
  CreatePaymentRouteInput,
  UpdatePaymentRouteInput
> = {
  table: PAYMENT_ROUTES,
  label: 'Payment route',
  create: async (input, { scope, reference }) => {
    checkCurrency(input.currency, { ...scope, currencyKind: null });
    await reference(PAYMENT_SCHEMES, input.schemeId, 'schemeId');
    return {
      name: blankCheck(input.name, 'name'),
      schemeId: input.schemeId,
      currency: input.currency,
      acquirer: blankCheck(input.acquirer, 'acquirer'),
      priority: input.priority ?? 100,
      enabled: input.enabled ?? true,
    };
  },
  update: (_existing, input) =>
    defined({
      name: blankCheck(input.name, 'name'),
      acquirer: blankCheck(input.acquirer, 'acquirer'),
      priority: given(input.priority),
      enabled: given(input.enabled),
    }),
};

export const paymentStatementRules: ResourceRules<
  PaymentStatement,
  CreatePaymentStatementInput,
  UpdatePaymentStatementInput
> = {
  table: PAYMENT_STATEMENTS,
  label: 'Payment statement',
  create: async (input, { reference }) => {
    if (input.periodEnd.getTime() <= input.periodStart.getTime()) {
      throw badInput([{ field: 'periodEnd', reason: 'must be after periodStart' }]);
    }
    const account = await reference(
      CURRENCY_ACCOUNTS,
      input.currencyAccountId,
      'currencyAccountId',
    );
    return {
      currencyAccountId: account.id,
      currency: account.currency,
      periodStart: input.periodStart,
      periodEnd: input.periodEnd,
      openingBalance: input.openingBalance,
      closingBalance: input.closingBalance,
      status: StatementStatus.OPEN,
    };
  },
  update: (existing, input) => {
    if (
      existing.status === StatementStatus.CLOSED &&
      (input.status || input.closingBalance !== undefined)
    ) {
      if (input.status !== StatementStatus.CLOSED || input.closingBalance !== undefined) {
        throw badInput([{ field: 'status', reason: 'a CLOSED statement is final' }]);
      }
    }
    return defined({
      closingBalance: given(input.closingBalance),
      status: transition(existing.status, input.status, { OPEN: [StatementStatus.CLOSED] }),
    });
  },
};

function transactionSummary(row: PaymentTransaction): Record<string, unknown> {
  return {
    id: row.id,
    amount: row.amount,
    currency: row.currency,
    status: row.status,
    customerId: row.customerId,
    routeId: row.routeId,
    paymentRequestId: row.paymentRequestId,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const paymentTransactionRules: ResourceRules<
  PaymentTransaction,
  CreatePaymentTransactionInput,
  UpdatePaymentTransactionInput
> = {
  table: PAYMENT_TRANSACTIONS,
  label: 'Payment transaction',
  create: async (input, { scope, reference }) => {
    const currencyKind = checkCurrency(input.currency, scope);
    if (input.customerId) await reference(CUSTOMERS, input.customerId, 'customerId');
    if (input.routeId) {
      const route = await reference(PAYMENT_ROUTES, input.routeId, 'routeId');
      if (route.currency !== input.currency) {
        throw badInput([{ field: 'routeId', reason: `the route is for ${route.currency}` }]);
      }
    }
    if (input.paymentRequestId) {
      await reference(PAYMENT_REQUESTS, input.paymentRequestId, 'paymentRequestId');
    }
    return {
      amount: input.amount,
      currency: input.currency,
      currencyKind,
      status: TransactionStatus.PENDING,
      customerId: input.customerId ?? null,
      routeId: input.routeId ?? null,
      paymentRequestId: input.paymentRequestId ?? null,
      description: trimmedOrNull(input.description) ?? null,
    };
  },
  update: (existing, input) =>
    defined({
      status: transition(existing.status, input.status, {
        PENDING: [TransactionStatus.SUCCEEDED, TransactionStatus.FAILED],
        SUCCEEDED: [TransactionStatus.REFUNDED],
      }),
      description: trimmedOrNull(input.description),
    }),
  events: {
    updated: (before, after) =>
      before.status === after.status
        ? null
        : {
            type: WebhookEventType.PAYMENT_TRANSACTION_STATUS_CHANGED,
            data: {
              paymentTransaction: transactionSummary(after),
              previousStatus: before.status,
            },
          },
  },
};

export const paymentCommitRules: ResourceRules<
  PaymentCommit,
  CreatePaymentCommitInput,
  UpdatePaymentCommitInput
> = {
  table: PAYMENT_COMMITS,
  label: 'Payment commit',
  create: async (input, { reference }) => {
    const transaction = await reference(PAYMENT_TRANSACTIONS, input.transactionId, 'transactionId');
    if (transaction.status === TransactionStatus.FAILED) {
      throw badInput([{ field: 'transactionId', reason: 'the transaction failed' }]);
    }
    if (input.amount > transaction.amount) {
      throw badInput([{ field: 'amount', reason: 'exceeds the transaction amount' }]);
    }
    return {
      transactionId: transaction.id,
      amount: input.amount,
      currency: transaction.currency,
      status: CommitStatus.PENDING,
    };
  },
  update: (existing, input) =>
    defined({
      status: transition(existing.status, input.status, {
        PENDING: [CommitStatus.COMMITTED, CommitStatus.FAILED],
      }),
    }),
};

export const paymentRequestRules: ResourceRules<
  PaymentRequest,
  CreatePaymentRequestInput,
  UpdatePaymentRequestInput
> = {
  table: PAYMENT_REQUESTS,
  label: 'Payment request',
  create: async (input, { scope, reference }) => {
    checkCurrency(input.currency, { ...scope, currencyKind: null });
    if (input.expiresAt && input.expiresAt.getTime() <= Date.now()) {
      throw badInput([{ field: 'expiresAt', reason: 'must be in the future' }]);
    }
    if (input.customerId) await reference(CUSTOMERS, input.customerId, 'customerId');
    return {
      amount: input.amount,
      currency: input.currency,
      description: trimmedOrNull(input.description) ?? null,
      customerId: input.customerId ?? null,
      status: PaymentRequestStatus.PENDING,
      transactionId: null,
      expiresAt: input.expiresAt ?? null,
    };
  },
  update: async (existing, input, { reference }) => {
    const status = transition(existing.status, input.status, {
      PENDING: [
        PaymentRequestStatus.PAID,
        PaymentRequestStatus.CANCELLED,
        PaymentRequestStatus.EXPIRED,
      ],
    });
    let transactionId: string | undefined;
    if (input.transactionId) {
      const transaction = await reference(
        PAYMENT_TRANSACTIONS,
        input.transactionId,
        'transactionId',
      );
      if (transaction.currency !== existing.currency || transaction.amount !== existing.amount) {
        throw badInput([
          { field: 'transactionId', reason: 'amount and currency must match the request' },
        ]);
      }
      transactionId = transaction.id;
    }
    if (status === PaymentRequestStatus.PAID && !transactionId && !existing.transactionId) {
      throw badInput([
        { field: 'transactionId', reason: 'a PAID request needs the transaction that paid it' },
      ]);
    }
    return defined({ status, transactionId, description: trimmedOrNull(input.description) });
  },
  events: {
    created: (row) => ({
      type: WebhookEventType.PAYMENT_REQUEST_CREATED,
      data: {
        paymentRequest: {
          id: row.id,
          amount: row.amount,
          currency: row.currency,
          description: row.description,
          customerId: row.customerId,
          status: row.status,
          expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
          createdAt: row.createdAt.toISOString(),
        },
      },
    }),
  },
};

const COMMAND_NEEDS: Readonly<Record<CommandType, readonly TransactionStatus[]>> = {
  CAPTURE: [TransactionStatus.PENDING],
  VOID: [TransactionStatus.PENDING],
  REFUND: [TransactionStatus.SUCCEEDED],
  PAYOUT: [TransactionStatus.SUCCEEDED],
};

export const paymentCommandRules: ResourceRules<
  PaymentCommand,
  CreatePaymentCommandInput,
  UpdatePaymentCommandInput
> = {
  table: PAYMENT_COMMANDS,
  label: 'Payment command',
  create: async (input, { reference }) => {
    const transaction = await reference(PAYMENT_TRANSACTIONS, input.transactionId, 'transactionId');
    if (!COMMAND_NEEDS[input.type].includes(transaction.status)) {
      throw badInput([
        {
          field: 'type',
          reason: `${input.type} needs a ${COMMAND_NEEDS[input.type].join(' or ')} transaction`,
        },
      ]);
    }
    if (input.amount && input.amount > transaction.amount) {
      throw badInput([{ field: 'amount', reason: 'exceeds the transaction amount' }]);
    }
    return {
      type: input.type,
      transactionId: transaction.id,
      amount: input.amount ?? null,
      status: CommandStatus.QUEUED,
      reason: trimmedOrNull(input.reason) ?? null,
    };
  },
  update: (existing, input) =>
    defined({
      status: transition(existing.status, input.status, {
        QUEUED: [CommandStatus.EXECUTED, CommandStatus.FAILED],
      }),
    }),
};
