import { ENTITIES } from '../src/entities';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  login,
  PASSWORD,
  WHO_AM_I,
} from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

async function databaseDump(): Promise<string> {
  const rows = await Promise.all(
    ENTITIES.map((entity) => t.server.dataSource.getRepository(entity).find()),
  );
  return JSON.stringify(rows);
}

describe('secrets at rest and in logs', () => {
  it('stores and logs no key secret, session token or password in clear', async () => {
    const admin = await createAdmin(t);
    const owner = await createOwner(t);
    const again = await login(t, owner.email);
    const merchantId = await createMerchant(t, owner, { activateWith: admin });
    const secrets: string[] = [];
    for (const type of ['PUBLIC', 'PRIVATE', 'REPORTING'] as const) {
      for (const mode of ['LIVE', 'TEST'] as const) {
        const key = await createKey(t, owner, {
          merchantId,
          type,
          mode,
          permissions: { payments: 'READ_ONLY' },
        });
        secrets.push(key.secret);
        await t.gql(WHO_AM_I, { apiKey: key.secret });
      }
    }
    const rotated = await t.gql(
      `mutation($id: ID!) { rotateApiKey(id: $id, gracePeriodSeconds: 60) { secret } }`,
      {
        token: owner.token,
        variables: { id: (await createKey(t, owner, { merchantId })).apiKey.id },
      },
    );
    secrets.push(rotated.data.rotateApiKey.secret);
    // Failing requests carry near-miss secrets too: they must not be logged either.
    for (const secret of [...secrets]) {
      const typo = secret.slice(0, -3) + 'zzz';
      await t.gql(WHO_AM_I, { apiKey: typo });
      secrets.push(typo);
    }
    await t.gql(
      `mutation { login(email: "${owner.email}", password: "a wrong password") { token } }`,
    );

    const tokens = [admin.token, owner.token, again.token];
    const dump = await databaseDump();
    const logs = t.logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    expect(logs).toContain('auth_failed');
    for (const secret of [...secrets, ...tokens]) {
      const randomPart = secret.slice(-30);
      expect(dump).not.toContain(randomPart);
      expect(logs).not.toContain(randomPart);
    }
    for (const word of [PASSWORD, 'a wrong password']) {
      expect(dump).not.toContain(word);
      expect(logs).not.toContain(word);
    }
  });
});
