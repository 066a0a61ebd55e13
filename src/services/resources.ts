import { DataSource } from 'typeorm';
import { currencyAccountRules, customerRules, merchantAccountRules } from './merchant-resources';
import {
  paymentCommandRules,
  paymentCommitRules,
  paymentRequestRules,
  paymentRouteRules,
  paymentSchemeRules,
  paymentStatementRules,
  paymentTransactionRules,
} from './payment-resources';
import { ResourceRules, ResourceService } from './resource.service';
import type { WebhookEmitter } from './webhook.service';

type ServiceOf<R> =
  R extends ResourceRules<infer T, infer C, infer U> ? ResourceService<T, C, U> : never;

const RULES = {
  customers: customerRules,
  currencyAccounts: currencyAccountRules,
  merchantAccounts: merchantAccountRules,
  paymentRoutes: paymentRouteRules,
  paymentStatements: paymentStatementRules,
  paymentTransactions: paymentTransactionRules,
  paymentCommits: paymentCommitRules,
  paymentRequests: paymentRequestRules,
  paymentCommands: paymentCommandRules,
  paymentSchemes: paymentSchemeRules,
};

/** One service per merchant resource, keyed like the GraphQL list fields. */
export type ResourceServices = { [K in keyof typeof RULES]: ServiceOf<(typeof RULES)[K]> };

/** `emitter` records the webhook events the rules declare, in the transaction of each write. */
export function createResourceServices(
  dataSource: DataSource,
  emitter?: WebhookEmitter,
): ResourceServices {
  return Object.fromEntries(
    Object.entries(RULES).map(([name, rules]) => [
      name,
      new ResourceService(dataSource, rules as ResourceRules<never, never, never>, emitter),
    ]),
  ) as unknown as ResourceServices;
}
