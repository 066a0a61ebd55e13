import { registerEnumType } from 'type-graphql';
import {
  AccountRole,
  AccountStatus,
  ApiKeyStatus,
  AuditActorType,
  CurrencyKind,
  MerchantStatus,
  Mode,
} from '../domain/enums';
import {
  CommandStatus,
  CommandType,
  CommitStatus,
  CurrencyAccountStatus,
  PaymentMethod,
  PaymentRequestStatus,
  StatementStatus,
  TransactionStatus,
} from '../domain/resource-enums';
import { ReportDimension } from '../domain/reports';
import { WebhookDeliveryStatus, WebhookEventType } from '../domain/webhook-enums';
import {
  KeyType,
  Permission,
  PermissionPreset,
  Scope,
  ScopePreset,
} from '../permissions/permissions';

/** Registers every enum of the domain with type-graphql. Imported once, before the schema is built. */

registerEnumType(Mode, {
  name: 'Mode',
  description: 'LIVE data moves real money; TEST data is for integration work.',
});
registerEnumType(AccountRole, { name: 'AccountRole' });
registerEnumType(AccountStatus, { name: 'AccountStatus' });
registerEnumType(MerchantStatus, {
  name: 'MerchantStatus',
  description: 'New merchants are PENDING until an admin activates them.',
});
registerEnumType(ApiKeyStatus, { name: 'ApiKeyStatus' });
registerEnumType(AuditActorType, {
  name: 'AuditActorType',
  description: 'Who did what an audit event records.',
});
registerEnumType(CurrencyKind, { name: 'CurrencyKind' });
registerEnumType(Permission, {
  name: 'Permission',
  description:
    'One cell of the permission matrix: ENTITY_ACTION, where VIEW lists and reads and EDIT creates and updates.',
});
registerEnumType(Scope, {
  name: 'Scope',
  description: 'A group of entities: MERCHANT or PAYMENTS.',
});
registerEnumType(PermissionPreset, {
  name: 'PermissionPreset',
  description:
    'READ_ONLY: every VIEW of the scope; WRITE: every EDIT; FULL_ACCESS: both; NONE: nothing.',
});
registerEnumType(ScopePreset, {
  name: 'ScopePreset',
  description: 'The preset a scope of a key matches, or CUSTOM when it matches none.',
});
registerEnumType(KeyType, {
  name: 'ApiKeyType',
  description:
    'PUBLIC: browser-safe, can only create payment requests. PRIVATE: any permission. REPORTING: read-only.',
});

registerEnumType(CurrencyAccountStatus, { name: 'CurrencyAccountStatus' });
registerEnumType(PaymentMethod, { name: 'PaymentMethod' });
registerEnumType(StatementStatus, { name: 'StatementStatus' });
registerEnumType(TransactionStatus, {
  name: 'TransactionStatus',
  description: 'PENDING -> SUCCEEDED | FAILED; SUCCEEDED -> REFUNDED.',
});
registerEnumType(CommitStatus, { name: 'CommitStatus' });
registerEnumType(PaymentRequestStatus, { name: 'PaymentRequestStatus' });
registerEnumType(CommandType, { name: 'CommandType' });
registerEnumType(CommandStatus, { name: 'CommandStatus' });
registerEnumType(ReportDimension, {
  name: 'ReportDimension',
  description:
    'What a payment report groups by. DAY: UTC calendar day of createdAt. CURRENCY is always ' +
    'part of the grouping, since amounts of different currencies cannot be added up.',
});

registerEnumType(WebhookEventType, {
  name: 'WebhookEventType',
  description:
    'What a webhook event reports; the payload `type` is the dotted value, e.g. `api_key.created`.',
  valuesConfig: {
    PAYMENT_REQUEST_CREATED: { description: '`payment_request.created`' },
    PAYMENT_TRANSACTION_STATUS_CHANGED: { description: '`payment_transaction.status_changed`' },
    API_KEY_CREATED: { description: '`api_key.created`' },
    API_KEY_ROTATED: { description: '`api_key.rotated`' },
    API_KEY_DEACTIVATED: { description: '`api_key.deactivated` (also when a key is deleted)' },
    API_KEY_EXPIRING: { description: '`api_key.expiring`: once, some days before `expiresAt`' },
  },
});
registerEnumType(WebhookDeliveryStatus, {
  name: 'WebhookDeliveryStatus',
  description:
    'PENDING: waiting for an attempt; SUCCEEDED: a 2xx answer; FAILED: retries exhausted.',
});
