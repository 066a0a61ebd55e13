import { Mode } from '../src/domain/enums';
import {
  ALL_PERMISSIONS,
  Permission,
  PermissionPreset,
  presetPermissions,
  Scope,
} from '../src/permissions/permissions';
import { createAdmin, createMerchant, createOwner, TestAccount } from './helpers/fixtures';
import { MatrixOperation, matrixOperations, Refs } from './helpers/matrix';
import { seedScope } from './helpers/resources';
import { GqlResponse, startTestServer, stateEntities, TestServer } from './helpers/test-server';

/**
 * Generated from the matrix table (tests/helpers/matrix.ts): for every operation and relation of
 * the ten entities, keys holding exactly the permissions it needs, all but each one of them, each
 * preset combination and each key type are asserted allowed or FORBIDDEN.
 */

let t: TestServer;
let owner: TestAccount;
let merchantId: string;
let refs: Refs;
const keys = new Map<string, string>();
const OPS = matrixOperations();

interface Profile {
  label: string;
  type: 'PUBLIC' | 'PRIVATE' | 'REPORTING';
  permissions: Permission[];
}

async function keyFor(profile: Profile): Promise<string> {
  const id = `${profile.type}:${[...profile.permissions].sort().join(',')}`;
  const cached = keys.get(id);
  if (cached) return cached;
  const res = await t.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret apiKey { permissions } } }`,
    {
      token: owner.token,
      variables: {
        input: {
          merchantId,
          type: profile.type,
          mode: 'LIVE',
          name: profile.label,
          permissions: { permissions: profile.permissions },
        },
      },
    },
  );
  const secret = res.data?.createApiKey?.secret as string;
  if (!secret) throw new Error(`key for ${profile.label}: ${res.raw}`);
  keys.set(id, secret);
  return secret;
}

const PRESETS = [
  PermissionPreset.NONE,
  PermissionPreset.READ_ONLY,
  PermissionPreset.WRITE,
  PermissionPreset.FULL_ACCESS,
];

function profilesFor(
  op: MatrixOperation,
): Array<Profile & { allowed: boolean; expectPermission?: Permission }> {
  const profiles: Array<Profile & { allowed: boolean; expectPermission?: Permission }> = [];
  profiles.push({
    label: `exactly ${op.needs.join('+')}`,
    type: 'PRIVATE',
    permissions: op.needs,
    allowed: true,
  });
  for (const lacking of op.needs) {
    profiles.push({
      label: `all but ${lacking}`,
      type: 'PRIVATE',
      permissions: ALL_PERMISSIONS.filter((p) => p !== lacking),
      allowed: false,
      expectPermission: lacking,
    });
  }
  for (const merchant of PRESETS) {
    for (const payments of PRESETS) {
      if (merchant === PermissionPreset.NONE && payments === PermissionPreset.NONE) continue;
      const permissions = [
        ...presetPermissions(Scope.MERCHANT, merchant),
        ...presetPermissions(Scope.PAYMENTS, payments),
      ];
      profiles.push({
        label: `MERCHANT ${merchant} + PAYMENTS ${payments}`,
        type: 'PRIVATE',
        permissions,
        allowed: op.needs.every((p) => permissions.includes(p)),
      });
    }
  }
  profiles.push({
    label: 'PUBLIC key',
    type: 'PUBLIC',
    permissions: [Permission.PAYMENT_REQUEST_EDIT],
    allowed: op.needs.every((p) => p === Permission.PAYMENT_REQUEST_EDIT),
  });
  const views = ALL_PERMISSIONS.filter((p) => p.endsWith('_VIEW'));
  profiles.push({
    label: 'REPORTING key, read-only everything',
    type: 'REPORTING',
    permissions: views,
    allowed: !op.mutation && op.needs.every((p) => views.includes(p)),
  });
  return profiles;
}

async function tableCounts(): Promise<number[]> {
  return Promise.all(stateEntities().map((e) => t.server.dataSource.getRepository(e).count()));
}

function assertAllowed(op: MatrixOperation, res: GqlResponse, label: string): void {
  const context = `${op.name} with ${label}: ${res.raw.slice(0, 300)}`;
  expect([context, res.status, res.errors]).toEqual([context, 200, undefined]);
  const root = res.data[op.root];
  expect([context, root]).toEqual([context, expect.anything()]);
  if (op.relation)
    expect([context, root[op.relation]]).toEqual([
      context,
      expect.objectContaining({ id: expect.any(String) }),
    ]);
}

beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
  refs = await seedScope(t.server.services, { merchantId, mode: Mode.LIVE, currencyKind: null });
});
afterAll(() => t.close());

describe('the permission matrix', () => {
  it('covers every operation of the ten entities', () => {
    expect(OPS.filter((o) => o.kind === 'list')).toHaveLength(10);
    expect(new Set(OPS.map((o) => o.root)).size).toBe(40);
    // Nine relations, each read from a query and from the result of an update mutation.
    expect(OPS.length).toBe(40 + 2 * 9);
  });

  it('allows or refuses every cell exactly as the table says', async () => {
    let cells = 0;
    for (const op of OPS) {
      const profiles = profilesFor(op);
      const withKeys = [];
      for (const profile of profiles) withKeys.push({ ...profile, apiKey: await keyFor(profile) });
      const refused = withKeys.filter((p) => !p.allowed);
      const allowed = withKeys.filter((p) => p.allowed);

      // The refused cells run together, and no table may change across the whole batch.
      const before = await tableCounts();
      const refusals = await Promise.all(
        refused.map((p) => t.gql(op.document, { apiKey: p.apiKey, variables: op.variables(refs) })),
      );
      refusals.forEach((res, i) => {
        const context = `${op.name} with ${refused[i].label}`;
        expect([context, res.status, res.errors?.[0]?.extensions.code, res.data ?? null]).toEqual([
          context,
          403,
          'FORBIDDEN',
          null,
        ]);
        if (refused[i].expectPermission) {
          expect([context, res.errors?.[0]?.extensions.requiredPermission]).toEqual([
            context,
            refused[i].expectPermission,
          ]);
        }
      });
      expect([op.name, await tableCounts()]).toEqual([op.name, before]);

      const results = await Promise.all(
        allowed.map((p) => t.gql(op.document, { apiKey: p.apiKey, variables: op.variables(refs) })),
      );
      results.forEach((res, i) => assertAllowed(op, res, allowed[i].label));
      cells += withKeys.length;
    }
    console.log(
      `permission matrix (${t.databaseKind}): ${cells} cells verified over ${OPS.length} operations`,
    );
    expect(cells).toBeGreaterThan(OPS.length * 19);
  }, 300_000);

  it('explains every operation with exactly the permissions of the table', async () => {
    for (const op of OPS) {
      const res = await t.gql(`query($d: String!) { requiredPermissions(document: $d) }`, {
        variables: { d: op.document },
      });
      expect([op.name, [...res.data.requiredPermissions].sort()]).toEqual([
        op.name,
        [...op.needs].sort(),
      ]);
    }
  });

  it('tells a key which permissions it lacks for each operation, agreeing with enforcement', async () => {
    const held = presetPermissions(Scope.PAYMENTS, PermissionPreset.READ_ONLY);
    const apiKey = await keyFor({ label: 'views of payments', type: 'PRIVATE', permissions: held });
    for (const op of OPS) {
      const explained = await t.gql(
        `query($d: String!) { currentApiKey { missingPermissions(document: $d) } }`,
        {
          apiKey,
          variables: { d: op.document },
        },
      );
      const lacking: Permission[] = explained.data.currentApiKey.missingPermissions;
      const run = await t.gql(op.document, { apiKey, variables: op.variables(refs) });
      expect([op.name, [...lacking].sort()]).toEqual([
        op.name,
        op.needs.filter((p) => !held.includes(p)).sort(),
      ]);
      if (lacking.length === 0) expect([op.name, run.errors]).toEqual([op.name, undefined]);
      else expect(lacking).toContain(run.errors?.[0].extensions.requiredPermission);
    }
  });
});
