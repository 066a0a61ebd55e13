/**
 * The permission model as plain data and pure functions: the 20 permissions of the matrix, the two
 * scopes, presets, CUSTOM detection, key-type rules and a bitset representation for O(1) checks.
 *
 * This module imports nothing (no GraphQL, no database) so that it can be read and tested alone.
 */

export enum Permission {
  CUSTOMER_VIEW = 'CUSTOMER_VIEW',
  CUSTOMER_EDIT = 'CUSTOMER_EDIT',
  CURRENCY_ACCOUNT_VIEW = 'CURRENCY_ACCOUNT_VIEW',
  CURRENCY_ACCOUNT_EDIT = 'CURRENCY_ACCOUNT_EDIT',
  MERCHANT_ACCOUNT_VIEW = 'MERCHANT_ACCOUNT_VIEW',
  MERCHANT_ACCOUNT_EDIT = 'MERCHANT_ACCOUNT_EDIT',
  PAYMENT_ROUTE_VIEW = 'PAYMENT_ROUTE_VIEW',
  PAYMENT_ROUTE_EDIT = 'PAYMENT_ROUTE_EDIT',
  PAYMENT_STATEMENT_VIEW = 'PAYMENT_STATEMENT_VIEW',
  PAYMENT_STATEMENT_EDIT = 'PAYMENT_STATEMENT_EDIT',
  PAYMENT_TRANSACTION_VIEW = 'PAYMENT_TRANSACTION_VIEW',
  PAYMENT_TRANSACTION_EDIT = 'PAYMENT_TRANSACTION_EDIT',
  PAYMENT_COMMIT_VIEW = 'PAYMENT_COMMIT_VIEW',
  PAYMENT_COMMIT_EDIT = 'PAYMENT_COMMIT_EDIT',
  PAYMENT_REQUEST_VIEW = 'PAYMENT_REQUEST_VIEW',
  PAYMENT_REQUEST_EDIT = 'PAYMENT_REQUEST_EDIT',
  PAYMENT_COMMAND_VIEW = 'PAYMENT_COMMAND_VIEW',
  PAYMENT_COMMAND_EDIT = 'PAYMENT_COMMAND_EDIT',
  PAYMENT_SCHEME_VIEW = 'PAYMENT_SCHEME_VIEW',
  PAYMENT_SCHEME_EDIT = 'PAYMENT_SCHEME_EDIT',
}

export enum Scope {
  MERCHANT = 'MERCHANT',
  PAYMENTS = 'PAYMENTS',
}

export enum Entity {
  CUSTOMER = 'CUSTOMER',
  CURRENCY_ACCOUNT = 'CURRENCY_ACCOUNT',
  MERCHANT_ACCOUNT = 'MERCHANT_ACCOUNT',
  PAYMENT_ROUTE = 'PAYMENT_ROUTE',
  PAYMENT_STATEMENT = 'PAYMENT_STATEMENT',
  PAYMENT_TRANSACTION = 'PAYMENT_TRANSACTION',
  PAYMENT_COMMIT = 'PAYMENT_COMMIT',
  PAYMENT_REQUEST = 'PAYMENT_REQUEST',
  PAYMENT_COMMAND = 'PAYMENT_COMMAND',
  PAYMENT_SCHEME = 'PAYMENT_SCHEME',
}

export enum Action {
  VIEW = 'VIEW',
  EDIT = 'EDIT',
}

/** What a caller asks for, per scope, when creating a key. */
export enum PermissionPreset {
  NONE = 'NONE',
  READ_ONLY = 'READ_ONLY',
  WRITE = 'WRITE',
  FULL_ACCESS = 'FULL_ACCESS',
}

/** What a key's permissions in one scope amount to: a preset, or CUSTOM when none matches. */
export enum ScopePreset {
  NONE = 'NONE',
  READ_ONLY = 'READ_ONLY',
  WRITE = 'WRITE',
  FULL_ACCESS = 'FULL_ACCESS',
  CUSTOM = 'CUSTOM',
}

export enum KeyType {
  PUBLIC = 'PUBLIC',
  PRIVATE = 'PRIVATE',
  REPORTING = 'REPORTING',
}

export const SCOPE_ENTITIES: Readonly<Record<Scope, readonly Entity[]>> = {
  [Scope.MERCHANT]: [Entity.CUSTOMER, Entity.CURRENCY_ACCOUNT, Entity.MERCHANT_ACCOUNT],
  [Scope.PAYMENTS]: [
    Entity.PAYMENT_ROUTE,
    Entity.PAYMENT_STATEMENT,
    Entity.PAYMENT_TRANSACTION,
    Entity.PAYMENT_COMMIT,
    Entity.PAYMENT_REQUEST,
    Entity.PAYMENT_COMMAND,
    Entity.PAYMENT_SCHEME,
  ],
};

export const ALL_SCOPES: readonly Scope[] = [Scope.MERCHANT, Scope.PAYMENTS];

/** Every permission, in the matrix's order (scope, entity, VIEW before EDIT). */
export const ALL_PERMISSIONS: readonly Permission[] = ALL_SCOPES.flatMap((scope) =>
  SCOPE_ENTITIES[scope].flatMap((entity) => [
    permissionOf(entity, Action.VIEW),
    permissionOf(entity, Action.EDIT),
  ]),
);

export function permissionOf(entity: Entity, action: Action): Permission {
  return `${entity}_${action}` as Permission;
}

interface PermissionInfo {
  readonly entity: Entity;
  readonly action: Action;
  readonly scope: Scope;
  readonly bit: number;
}

const INFO = new Map<Permission, PermissionInfo>();
ALL_PERMISSIONS.forEach((permission, bit) => {
  const action = permission.endsWith('_VIEW') ? Action.VIEW : Action.EDIT;
  const entity = permission.slice(0, -(action.length + 1)) as Entity;
  const scope = ALL_SCOPES.find((s) => SCOPE_ENTITIES[s].includes(entity)) as Scope;
  INFO.set(permission, { entity, action, scope, bit });
});

function info(permission: Permission): PermissionInfo {
  const found = INFO.get(permission);
  if (!found) throw new TypeError(`Unknown permission: ${String(permission)}`);
  return found;
}

export function isPermission(value: string): value is Permission {
  return INFO.has(value as Permission);
}

export function entityOf(permission: Permission): Entity {
  return info(permission).entity;
}

export function actionOf(permission: Permission): Action {
  return info(permission).action;
}

export function scopeOf(permission: Permission): Scope {
  return info(permission).scope;
}

/** The VIEW permission of the same entity (a VIEW permission maps to itself). */
export function viewOf(permission: Permission): Permission {
  return permissionOf(entityOf(permission), Action.VIEW);
}

/**
 * A set of permissions as a 20-bit integer: membership, union and difference are single operations,
 * which is what makes a scope check O(1) per field.
 */
export type PermissionSet = number & { readonly __permissionSet: unique symbol };

export const EMPTY_SET = 0 as PermissionSet;

export function toSet(permissions: Iterable<Permission>): PermissionSet {
  let bits = 0;
  for (const permission of permissions) bits |= 1 << info(permission).bit;
  return bits as PermissionSet;
}

export function toList(set: PermissionSet): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => (set & (1 << info(permission).bit)) !== 0);
}

export function bitOf(permission: Permission): number {
  return 1 << info(permission).bit;
}

export function union(a: PermissionSet, b: PermissionSet): PermissionSet {
  return (a | b) as PermissionSet;
}

/** True when `granted` holds `permission`. */
export function matches(granted: PermissionSet, permission: Permission): boolean {
  return (granted & bitOf(permission)) !== 0;
}

/** True when `granted` holds every permission of `required`. */
export function requires(granted: PermissionSet, required: PermissionSet): boolean {
  return (required & ~granted) === 0;
}

/** The permissions of `required` that `granted` lacks, in matrix order. */
export function missing(granted: PermissionSet, required: PermissionSet): Permission[] {
  return toList((required & ~granted) as PermissionSet);
}

function scopePermissions(scope: Scope, action?: Action): Permission[] {
  return SCOPE_ENTITIES[scope].flatMap((entity) =>
    action
      ? [permissionOf(entity, action)]
      : [Action.VIEW, Action.EDIT].map((a) => permissionOf(entity, a)),
  );
}

/** The permissions a preset stands for in one scope. */
export function presetPermissions(scope: Scope, preset: PermissionPreset): Permission[] {
  switch (preset) {
    case PermissionPreset.NONE:
      return [];
    case PermissionPreset.READ_ONLY:
      return scopePermissions(scope, Action.VIEW);
    case PermissionPreset.WRITE:
      return scopePermissions(scope, Action.EDIT);
    case PermissionPreset.FULL_ACCESS:
      return scopePermissions(scope);
  }
}

const PRESET_MATCHES: ReadonlyArray<[PermissionPreset, ScopePreset]> = [
  [PermissionPreset.NONE, ScopePreset.NONE],
  [PermissionPreset.READ_ONLY, ScopePreset.READ_ONLY],
  [PermissionPreset.WRITE, ScopePreset.WRITE],
  [PermissionPreset.FULL_ACCESS, ScopePreset.FULL_ACCESS],
];

/** Which preset a set of permissions matches within one scope, or CUSTOM when none does. */
export function detectPreset(scope: Scope, permissions: Iterable<Permission>): ScopePreset {
  const inScope = toList(toSet(permissions)).filter((p) => scopeOf(p) === scope);
  const set = toSet(inScope);
  for (const [preset, match] of PRESET_MATCHES) {
    if (toSet(presetPermissions(scope, preset)) === set) return match;
  }
  return ScopePreset.CUSTOM;
}

export interface ScopeSummary {
  scope: Scope;
  preset: ScopePreset;
  permissions: Permission[];
}

/** Per scope: the preset matched (or CUSTOM) and the permissions held in that scope. */
export function summarize(permissions: Iterable<Permission>): ScopeSummary[] {
  const list = toList(toSet(permissions));
  return ALL_SCOPES.map((scope) => ({
    scope,
    preset: detectPreset(scope, list),
    permissions: list.filter((p) => scopeOf(p) === scope),
  }));
}

export interface PermissionRequest {
  merchant?: PermissionPreset | null;
  payments?: PermissionPreset | null;
  permissions?: readonly Permission[] | null;
}

/** The union of both scope presets and the explicit list, without duplicates, in matrix order. */
export function resolveRequested(request: PermissionRequest): Permission[] {
  return toList(
    toSet([
      ...presetPermissions(Scope.MERCHANT, request.merchant ?? PermissionPreset.NONE),
      ...presetPermissions(Scope.PAYMENTS, request.payments ?? PermissionPreset.NONE),
      ...(request.permissions ?? []),
    ]),
  );
}

/** The only permission a PUBLIC key ever holds: safe in browser code. */
export const PUBLIC_KEY_PERMISSIONS: readonly Permission[] = [Permission.PAYMENT_REQUEST_EDIT];

export type KeyTypeRuleResult =
  | { ok: true; permissions: Permission[] }
  | { ok: false; code: 'EDIT_NOT_ALLOWED'; permissions: Permission[] }
  | { ok: false; code: 'NO_PERMISSIONS' };

/**
 * Applies the key-type rules to a requested permission list.
 * PUBLIC keys get PAYMENT_REQUEST_EDIT whatever was asked; REPORTING keys may hold only VIEW
 * permissions (fails with EDIT_NOT_ALLOWED naming the EDITs asked for); PRIVATE keys keep the
 * request. Fails with NO_PERMISSIONS when a PRIVATE or REPORTING key would hold nothing.
 */
export function applyKeyTypeRules(
  type: KeyType,
  requested: readonly Permission[],
): KeyTypeRuleResult {
  if (type === KeyType.PUBLIC) return { ok: true, permissions: [...PUBLIC_KEY_PERMISSIONS] };
  const permissions = toList(toSet(requested));
  if (type === KeyType.REPORTING) {
    const edits = permissions.filter((p) => actionOf(p) === Action.EDIT);
    if (edits.length > 0) return { ok: false, code: 'EDIT_NOT_ALLOWED', permissions: edits };
  }
  if (permissions.length === 0) return { ok: false, code: 'NO_PERMISSIONS' };
  return { ok: true, permissions };
}
