import { Account } from './account.entity';
import { ApiKey } from './api-key.entity';
import { CurrencyAccount } from './currency-account.entity';
import { Customer } from './customer.entity';
import { MerchantAccount } from './merchant-account.entity';
import { ApiRequestLog } from './api-request-log.entity';
import { AuditEvent } from './audit-event.entity';
import { Merchant } from './merchant.entity';
import { PaymentCommand } from './payment-command.entity';
import { PaymentCommit } from './payment-commit.entity';
import { PaymentRequest } from './payment-request.entity';
import { PaymentRoute } from './payment-route.entity';
import { PaymentScheme } from './payment-scheme.entity';
import { PaymentStatement } from './payment-statement.entity';
import { PaymentTransaction } from './payment-transaction.entity';
import { Session } from './session.entity';
import { WebhookDelivery, WebhookDeliveryAttempt } from './webhook-delivery.entity';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { WebhookEvent } from './webhook-event.entity';

export const RESOURCE_ENTITIES = [
  Customer,
  CurrencyAccount,
  MerchantAccount,
  PaymentRoute,
  PaymentStatement,
  PaymentTransaction,
  PaymentCommit,
  PaymentRequest,
  PaymentCommand,
  PaymentScheme,
];

export const WEBHOOK_ENTITIES = [
  WebhookEndpoint,
  WebhookEvent,
  WebhookDelivery,
  WebhookDeliveryAttempt,
];

export const ENTITIES = [
  Account,
  Session,
  Merchant,
  ApiKey,
  ApiRequestLog,
  AuditEvent,
  ...RESOURCE_ENTITIES,
  ...WEBHOOK_ENTITIES,
];
