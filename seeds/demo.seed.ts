import { randomBytes } from 'node:crypto';
import { AccountPrincipal } from '../src/auth/caller';
import { AccountRole, MerchantStatus, Mode } from '../src/domain/enums';
import { Account } from '../src/entities/account.entity';
import { KeyType, Permission, PermissionPreset } from '../src/permissions/permissions';
import { Services } from '../src/services';
import { seedMerchantData } from './merchant-data.seed';

export interface DemoKey {
  name: string;
  secret: string;
}

export interface DemoSeedResult {
  admin: { email: string; password: string };
  owner: { email: string; password: string };
  merchantId: string;
  keys: DemoKey[];
}

export interface DemoSeedOptions {
  adminEmail: string;
  /** Random when not given; printed once. */
  adminPassword?: string;
}

function principal(account: Account): AccountPrincipal {
  return { id: account.id, email: account.email, role: account.role, status: account.status };
}

/**
 * Creates the demo data set on an empty database: an admin, an owner with an active merchant whose
 * LIVE and TEST data (customers, accounts, routes, a few thousand transactions) Apollo Sandbox can
 * explore, and one key of each type. Returns the credentials and secrets so they can be printed once; they
 * are not stored anywhere in clear. Does nothing (returns null) when accounts already exist.
 */
export async function seedDemo(
  services: Services,
  options: DemoSeedOptions,
): Promise<DemoSeedResult | null> {
  if ((await services.dataSource.getRepository(Account).count()) > 0) return null;
  const adminPassword = options.adminPassword ?? randomBytes(12).toString('base64url');
  const ownerPassword = randomBytes(12).toString('base64url');
  const admin = await services.accounts.create(
    options.adminEmail,
    adminPassword,
    AccountRole.ADMIN,
  );
  const owner = await services.accounts.create(
    'owner@example.com',
    ownerPassword,
    AccountRole.OWNER,
  );
  const merchant = await services.merchants.create(principal(owner), 'Demo Shop');
  await services.merchants.setStatus(principal(admin), merchant.id, MerchantStatus.ACTIVE);
  for (const [mode, transactions, seed] of [
    [Mode.LIVE, 3000, 1],
    [Mode.TEST, 1000, 2],
  ] as const) {
    await seedMerchantData(
      services.dataSource,
      { merchantId: merchant.id, mode, currencyKind: null },
      { customers: 200, transactions, seed },
    );
  }

  const ownerActor = principal(owner);
  const specs = [
    {
      name: 'Checkout (browser)',
      type: KeyType.PUBLIC,
      mode: Mode.LIVE,
      permissions: {},
    },
    {
      name: 'Backend, full access',
      type: KeyType.PRIVATE,
      mode: Mode.LIVE,
      permissions: {
        merchant: PermissionPreset.FULL_ACCESS,
        payments: PermissionPreset.FULL_ACCESS,
      },
    },
    {
      name: 'Backend, test mode',
      type: KeyType.PRIVATE,
      mode: Mode.TEST,
      permissions: {
        merchant: PermissionPreset.FULL_ACCESS,
        payments: PermissionPreset.FULL_ACCESS,
      },
    },
    {
      name: 'Reports',
      type: KeyType.REPORTING,
      mode: Mode.LIVE,
      permissions: {
        payments: PermissionPreset.READ_ONLY,
        permissions: [Permission.CUSTOMER_VIEW, Permission.CURRENCY_ACCOUNT_VIEW],
      },
    },
  ];
  const keys: DemoKey[] = [];
  for (const spec of specs) {
    const created = await services.apiKeys.create(ownerActor, {
      merchantId: merchant.id,
      type: spec.type,
      mode: spec.mode,
      name: spec.name,
      permissions: spec.permissions,
    });
    keys.push({ name: `${spec.name} (${spec.type} ${spec.mode})`, secret: created.secret });
  }
  return {
    admin: { email: admin.email, password: adminPassword },
    owner: { email: owner.email, password: ownerPassword },
    merchantId: merchant.id,
    keys,
  };
}
