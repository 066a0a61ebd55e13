/** Domain enums shared by entities, services and the GraphQL layer. Plain data, no imports. */

export enum Mode {
  LIVE = 'LIVE',
  TEST = 'TEST',
}

export enum AccountRole {
  ADMIN = 'ADMIN',
  OWNER = 'OWNER',
}

export enum AccountStatus {
  ACTIVE = 'ACTIVE',
  BLOCKED = 'BLOCKED',
}

export enum MerchantStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
  BANNED = 'BANNED',
}

export enum ApiKeyStatus {
  ACTIVE = 'ACTIVE',
  DEACTIVATED = 'DEACTIVATED',
}

export enum CurrencyKind {
  FIAT = 'FIAT',
  CRYPTO = 'CRYPTO',
}

/** Who did something recorded in the audit trail. */
export enum AuditActorType {
  ACCOUNT = 'ACCOUNT',
  API_KEY = 'API_KEY',
  ANONYMOUS = 'ANONYMOUS',
  SYSTEM = 'SYSTEM',
}
