import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDatabaseUrl } from '../ormconfig';
import { createDatabase, dropDatabase, withDatabase } from '../scripts/mysql-admin';
import { seedMerchantData } from '../seeds/merchant-data.seed';
import { AccountPrincipal } from '../src/auth/caller';
import { AccountRole, MerchantStatus, Mode } from '../src/domain/enums';
import { createLogger } from '../src/logger';
import { PermissionPreset, KeyType } from '../src/permissions/permissions';
import { openDatabase } from '../src/server';
import { createServices } from '../src/services';
import { benchConfig, BenchFixture } from './common';

export interface PreparedFixture {
  fixture: BenchFixture;
  /** A directory of this run (logs, SQLite files); removed by `cleanup`. */
  dir: string;
  /** Drops the throwaway database (MySQL) and removes the temp directory. */
  cleanup(): Promise<void>;
}

/**
 * Creates a fresh database (a SQLite file in a temp dir, or a throwaway database on the MySQL
 * server of `serverUrl`) with one active merchant, seeded LIVE data (500 customers, 3,000
 * transactions) and `keyCount + 1` keys with full access, the way the service itself creates them.
 */
export async function prepareFixture(
  serverUrl: string | undefined,
  keyCount = 1000,
  seedData = true,
): Promise<PreparedFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'mks-bench-'));
  let databaseUrl = `sqlite:${join(dir, 'bench.sqlite')}`;
  let dropMysql: (() => Promise<void>) | undefined;
  if (serverUrl && parseDatabaseUrl(serverUrl).kind === 'mysql') {
    const name = await createDatabase(serverUrl, 'bench');
    databaseUrl = withDatabase(serverUrl, name);
    dropMysql = () => dropDatabase(serverUrl, name);
  }
  const keyPepper = randomBytes(32).toString('base64url');
  const config = benchConfig({ databaseUrl, keyPepper, merchantId: '', mainKey: '', keys: [] });
  const logger = createLogger('warn');
  const dataSource = await openDatabase(config, logger);
  try {
    const services = createServices(dataSource, config);
    const owner = await services.accounts.create(
      'bench-owner@example.com',
      randomBytes(12).toString('base64url'),
      AccountRole.OWNER,
    );
    const actor: AccountPrincipal = {
      id: owner.id,
      email: owner.email,
      role: owner.role,
      status: owner.status,
    };
    const merchant = await services.merchants.create(actor, 'Bench Shop');
    await services.merchants.setStatus(actor, merchant.id, MerchantStatus.ACTIVE);
    if (seedData) {
      await seedMerchantData(
        dataSource,
        { merchantId: merchant.id, mode: Mode.LIVE, currencyKind: null },
        { customers: 500, transactions: 3000, seed: 6 },
      );
    }
    const keys: string[] = [];
    for (let i = 0; i <= keyCount; i++) {
      const created = await services.apiKeys.create(actor, {
        merchantId: merchant.id,
        type: KeyType.PRIVATE,
        mode: Mode.LIVE,
        name: `bench ${i}`,
        permissions: {
          merchant: PermissionPreset.FULL_ACCESS,
          payments: PermissionPreset.FULL_ACCESS,
        },
      });
      keys.push(created.secret);
    }
    const [mainKey, ...rotation] = keys;
    return {
      fixture: { databaseUrl, keyPepper, merchantId: merchant.id, mainKey, keys: rotation },
      dir,
      async cleanup() {
        await dropMysql?.();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } finally {
    await dataSource.destroy();
  }
}
