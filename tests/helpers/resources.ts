import { DataScope } from '../../src/db/scope';

import { CommandType, PaymentMethod, PaymentRequestStatus } from '../../src/domain/resource-enums';
import { Services } from '../../src/services';
import { Refs } from './matrix';

/**
 * Creates one linked row of every resource in a scope, through the services (the same rules as
 * the API): a route on a scheme, a transaction of a customer through the route paying a request,
 * a commit and a command on the transaction, a statement of a currency account.
 */
export async function seedScope(
  services: Services,
  scope: DataScope,
  currency = 'EUR',
): Promise<Refs> {
  const r = services.resources;
  const s: DataScope = { ...scope, currencyKind: null };
  const scheme = await r.paymentSchemes.create(s, {
    name: 'Cards',
    code: 'VISA',
    method: PaymentMethod.CARD,
    enabled: true,
    feeBps: 150,
    fixedFee: 25,
  });
  const route = await r.paymentRoutes.create(s, {
    name: 'Main',
    schemeId: scheme.id,
    currency,
    acquirer: 'Acme Acquiring',
    priority: 10,
    enabled: true,
  });
  const customer = await r.customers.create(s, {
    name: 'Grace Hopper',
    email: 'grace@example.com',
  });
  const account = await r.currencyAccounts.create(s, { name: 'Main', currency, balance: 10_000 });
  const merchantAccount = await r.merchantAccounts.create(s, {
    legalName: 'Example Ltd',
    country: 'GB',
    defaultCurrency: 'GBP',
  });
  const statement = await r.paymentStatements.create(s, {
    currencyAccountId: account.id,
    periodStart: new Date('2026-09-01T00:00:00Z'),
    periodEnd: new Date('2026-10-01T00:00:00Z'),
    openingBalance: 0,
    closingBalance: 10_000,
  });
  const request = await r.paymentRequests.create(s, {
    amount: 1999,
    currency,
    customerId: customer.id,
  });
  const transaction = await r.paymentTransactions.create(s, {
    amount: 1999,
    currency,
    customerId: customer.id,
    routeId: route.id,
    paymentRequestId: request.id,
  });
  await r.paymentRequests.update(s, request.id, {
    status: PaymentRequestStatus.PAID,
    transactionId: transaction.id,
  });
  const commit = await r.paymentCommits.create(s, { transactionId: transaction.id, amount: 1000 });
  const command = await r.paymentCommands.create(s, {
    type: CommandType.CAPTURE,
    transactionId: transaction.id,
  });
  return {
    customerId: customer.id,
    currencyAccountId: account.id,
    merchantAccountId: merchantAccount.id,
    paymentSchemeId: scheme.id,
    paymentRouteId: route.id,
    paymentStatementId: statement.id,
    paymentTransactionId: transaction.id,
    paymentCommitId: commit.id,
    paymentRequestId: request.id,
    paymentCommandId: command.id,
  };
}
