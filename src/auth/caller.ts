import { AccountRole, AccountStatus, CurrencyKind, MerchantStatus, Mode } from '../domain/enums';
import { KeyType, Permission, PermissionSet } from '../permissions/permissions';

/** A logged-in account, as the session lookup found it. */
export interface AccountPrincipal {
  id: string;
  email: string;
  role: AccountRole;
  status: AccountStatus;
}

/**
 * A key that passed verification, with everything the request path needs: identity, tenancy,
 * precomputed permission bits and the statuses that can revoke it. Never holds the secret.
 */
export interface VerifiedKey {
  id: string;
  keyId: string;
  prefix: string;
  merchantId: string;
  ownerId: string;
  type: KeyType;
  mode: Mode;
  permissions: readonly Permission[];
  grants: PermissionSet;
  currencyKind: CurrencyKind | null;
  /** Epoch milliseconds, or null. */
  expiresAt: number | null;
  /** Epoch milliseconds when the key stops working (deactivation or end of rotation grace). */
  deactivatesAt: number | null;
  deleted: boolean;
  merchantStatus: MerchantStatus;
  ownerStatus: AccountStatus;
  /** Client addresses (CIDRs) the key may be used from; null: anywhere. Fixed at creation. */
  allowedCidrs: readonly string[] | null;
}

export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'account'; account: AccountPrincipal; sessionId: string }
  | { kind: 'apiKey'; key: VerifiedKey };

export const ANONYMOUS: Caller = Object.freeze({ kind: 'anonymous' });
