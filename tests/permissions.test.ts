import {
  ALL_PERMISSIONS,
  applyKeyTypeRules,
  detectPreset,
  KeyType,
  matches,
  missing,
  Permission,
  PermissionPreset,
  presetPermissions,
  requires,
  resolveRequested,
  Scope,
  ScopePreset,
  summarize,
  toList,
  toSet,
} from '../src/permissions/permissions';

const P = Permission;

describe('the permission matrix', () => {
  it('has 20 permissions named ENTITY_ACTION, a VIEW and an EDIT per entity', () => {
    expect(ALL_PERMISSIONS).toHaveLength(20);
    expect(new Set(ALL_PERMISSIONS).size).toBe(20);
    for (const p of ALL_PERMISSIONS) expect(p).toMatch(/^[A-Z_]+_(VIEW|EDIT)$/);
    expect([...ALL_PERMISSIONS].sort()).toEqual(Object.values(Permission).sort());
  });
});

describe('presets', () => {
  const merchantView = [P.CUSTOMER_VIEW, P.CURRENCY_ACCOUNT_VIEW, P.MERCHANT_ACCOUNT_VIEW];
  const merchantEdit = [P.CUSTOMER_EDIT, P.CURRENCY_ACCOUNT_EDIT, P.MERCHANT_ACCOUNT_EDIT];
  const paymentsView = [
    P.PAYMENT_ROUTE_VIEW,
    P.PAYMENT_STATEMENT_VIEW,
    P.PAYMENT_TRANSACTION_VIEW,
    P.PAYMENT_COMMIT_VIEW,
    P.PAYMENT_REQUEST_VIEW,
    P.PAYMENT_COMMAND_VIEW,
    P.PAYMENT_SCHEME_VIEW,
  ];
  const paymentsEdit = paymentsView.map((p) => p.replace('_VIEW', '_EDIT') as Permission);

  it.each([
    [Scope.MERCHANT, PermissionPreset.NONE, []],
    [Scope.MERCHANT, PermissionPreset.READ_ONLY, merchantView],
    [Scope.MERCHANT, PermissionPreset.WRITE, merchantEdit],
    [Scope.MERCHANT, PermissionPreset.FULL_ACCESS, [...merchantView, ...merchantEdit]],
    [Scope.PAYMENTS, PermissionPreset.NONE, []],
    [Scope.PAYMENTS, PermissionPreset.READ_ONLY, paymentsView],
    [Scope.PAYMENTS, PermissionPreset.WRITE, paymentsEdit],
    [Scope.PAYMENTS, PermissionPreset.FULL_ACCESS, [...paymentsView, ...paymentsEdit]],
  ])('%s %s stands for its permissions', (scope, preset, expected) => {
    expect(new Set(presetPermissions(scope, preset))).toEqual(new Set(expected));
  });

  it.each([
    [Scope.MERCHANT, [], ScopePreset.NONE],
    [Scope.MERCHANT, merchantView, ScopePreset.READ_ONLY],
    [Scope.MERCHANT, merchantEdit, ScopePreset.WRITE],
    [Scope.MERCHANT, [...merchantEdit, ...merchantView], ScopePreset.FULL_ACCESS],
    [Scope.MERCHANT, [P.CUSTOMER_VIEW], ScopePreset.CUSTOM],
    [Scope.MERCHANT, [...merchantView, P.CUSTOMER_EDIT], ScopePreset.CUSTOM],
    [Scope.MERCHANT, paymentsView, ScopePreset.NONE],
    [Scope.PAYMENTS, paymentsView, ScopePreset.READ_ONLY],
    [Scope.PAYMENTS, [...paymentsView, ...merchantView], ScopePreset.READ_ONLY],
    [Scope.PAYMENTS, paymentsEdit.slice(1), ScopePreset.CUSTOM],
    [Scope.PAYMENTS, [P.PAYMENT_REQUEST_EDIT], ScopePreset.CUSTOM],
    [Scope.PAYMENTS, [...paymentsView, ...paymentsEdit], ScopePreset.FULL_ACCESS],
  ])('%s with %j is %s', (scope, permissions, expected) => {
    expect(detectPreset(scope, permissions)).toBe(expected);
  });

  it('summarizes both scopes of a key', () => {
    expect(summarize([...merchantView, P.PAYMENT_REQUEST_EDIT])).toEqual([
      { scope: Scope.MERCHANT, preset: ScopePreset.READ_ONLY, permissions: merchantView },
      { scope: Scope.PAYMENTS, preset: ScopePreset.CUSTOM, permissions: [P.PAYMENT_REQUEST_EDIT] },
    ]);
  });

  it.each([
    [{}, []],
    [{ merchant: PermissionPreset.READ_ONLY }, merchantView],
    [
      { merchant: PermissionPreset.NONE, permissions: [P.PAYMENT_SCHEME_EDIT] },
      [P.PAYMENT_SCHEME_EDIT],
    ],
    [
      { payments: PermissionPreset.WRITE, permissions: [P.PAYMENT_ROUTE_EDIT, P.CUSTOMER_VIEW] },
      [P.CUSTOMER_VIEW, ...paymentsEdit],
    ],
    [
      { merchant: PermissionPreset.FULL_ACCESS, payments: PermissionPreset.FULL_ACCESS },
      [...ALL_PERMISSIONS],
    ],
  ])('resolves request %j to the union of presets and list', (request, expected) => {
    expect(new Set(resolveRequested(request))).toEqual(new Set(expected));
    expect(resolveRequested(request)).toHaveLength(expected.length);
  });
});

describe('key-type rules', () => {
  it.each([
    [KeyType.PUBLIC, [], { ok: true, permissions: [P.PAYMENT_REQUEST_EDIT] }],
    [KeyType.PUBLIC, [...ALL_PERMISSIONS], { ok: true, permissions: [P.PAYMENT_REQUEST_EDIT] }],
    [KeyType.PUBLIC, [P.CUSTOMER_VIEW], { ok: true, permissions: [P.PAYMENT_REQUEST_EDIT] }],
    [KeyType.PRIVATE, [P.CUSTOMER_EDIT], { ok: true, permissions: [P.CUSTOMER_EDIT] }],
    [KeyType.PRIVATE, [...ALL_PERMISSIONS], { ok: true, permissions: [...ALL_PERMISSIONS] }],
    [KeyType.PRIVATE, [], { ok: false, code: 'NO_PERMISSIONS' }],
    [KeyType.REPORTING, [P.CUSTOMER_VIEW], { ok: true, permissions: [P.CUSTOMER_VIEW] }],
    [KeyType.REPORTING, [], { ok: false, code: 'NO_PERMISSIONS' }],
    [
      KeyType.REPORTING,
      [P.CUSTOMER_VIEW, P.CUSTOMER_EDIT, P.PAYMENT_COMMAND_EDIT],
      {
        ok: false,
        code: 'EDIT_NOT_ALLOWED',
        permissions: [P.CUSTOMER_EDIT, P.PAYMENT_COMMAND_EDIT],
      },
    ],
  ])('%s asking for %j gets %j', (type, requested, expected) => {
    expect(applyKeyTypeRules(type, requested)).toEqual(expected);
  });
});

describe('permission sets', () => {
  const set = toSet([P.CUSTOMER_VIEW, P.PAYMENT_SCHEME_EDIT]);

  it.each(ALL_PERMISSIONS.map((p) => [p]))('%s round-trips through a set', (p) => {
    expect(toList(toSet([p]))).toEqual([p]);
    expect(matches(toSet([p]), p)).toBe(true);
    expect(matches(toSet(ALL_PERMISSIONS.filter((q) => q !== p)), p)).toBe(false);
  });

  it('answers requires and missing', () => {
    expect(requires(set, toSet([P.CUSTOMER_VIEW]))).toBe(true);
    expect(requires(set, toSet([]))).toBe(true);
    expect(requires(set, toSet([P.CUSTOMER_VIEW, P.CUSTOMER_EDIT]))).toBe(false);
    expect(missing(set, toSet([P.CUSTOMER_EDIT, P.CUSTOMER_VIEW, P.PAYMENT_ROUTE_VIEW]))).toEqual([
      P.CUSTOMER_EDIT,
      P.PAYMENT_ROUTE_VIEW,
    ]);
  });
});
