import fc from 'fast-check';
import { Mode } from '../src/domain/enums';
import { ALL_PERMISSIONS, Permission } from '../src/permissions/permissions';
import { createAdmin, createMerchant, createOwner, TestAccount } from './helpers/fixtures';
import { matrixOperations, Refs } from './helpers/matrix';
import { seedScope } from './helpers/resources';
import { startTestServer, TestServer } from './helpers/test-server';

/**
 * Property: for a random key profile (type and permission set), a random operation of the matrix
 * and a random target (own merchant and mode, the other mode, another merchant), the operation is
 * allowed if and only if the matrix allows it AND the target is the key's own merchant and mode
 * (for creates: the objects the input links to).
 */

let t: TestServer;
let owner: TestAccount;
let merchantA: string;
const targets: Record<'own' | 'otherMode' | 'otherMerchant', Refs> = {} as never;
const keys = new Map<string, string>();
const OPS = matrixOperations().filter((op) => op.kind !== 'list');

beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  const other = await createOwner(t, 'other');
  merchantA = await createMerchant(t, owner, { activateWith: admin });
  const merchantB = await createMerchant(t, other, { activateWith: admin });
  const s = t.server.services;
  targets.own = await seedScope(s, { merchantId: merchantA, mode: Mode.LIVE, currencyKind: null });
  targets.otherMode = await seedScope(s, {
    merchantId: merchantA,
    mode: Mode.TEST,
    currencyKind: null,
  });
  targets.otherMerchant = await seedScope(s, {
    merchantId: merchantB,
    mode: Mode.LIVE,
    currencyKind: null,
  });
});
afterAll(() => t.close());

async function keyFor(
  type: 'PUBLIC' | 'PRIVATE' | 'REPORTING',
  permissions: Permission[],
): Promise<string> {
  const id = `${type}:${[...permissions].sort().join(',')}`;
  const cached = keys.get(id);
  if (cached) return cached;
  const res = await t.gql(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { secret } }`,
    {
      token: owner.token,
      variables: {
        input: {
          merchantId: merchantA,
          type,
          mode: 'LIVE',
          name: 'p',
          permissions: { permissions },
        },
      },
    },
  );
  const secret = res.data?.createApiKey?.secret as string;
  if (!secret) throw new Error(res.raw);
  keys.set(id, secret);
  return secret;
}

const profile = fc.oneof(
  fc.record({
    type: fc.constant('PRIVATE' as const),
    permissions: fc.subarray([...ALL_PERMISSIONS], { minLength: 1 }),
  }),
  fc.record({
    type: fc.constant('REPORTING' as const),
    permissions: fc.subarray(
      ALL_PERMISSIONS.filter((p) => p.endsWith('_VIEW')),
      { minLength: 1 },
    ),
  }),
  fc.constant({
    type: 'PUBLIC' as const,
    permissions: [Permission.PAYMENT_REQUEST_EDIT] as Permission[],
  }),
);

describe('permission property', () => {
  it('allows exactly when the matrix allows and the target is the key’s own scope', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        profile,
        fc.constantFrom(...OPS),
        fc.constantFrom('own' as const, 'otherMode' as const, 'otherMerchant' as const),
        async (p, op, target) => {
          runs++;
          const apiKey = await keyFor(p.type, p.permissions);
          const res = await t.gql(op.document, {
            apiKey,
            variables: op.variables(targets[target]),
          });
          const permitted =
            op.needs.every((n) => p.permissions.includes(n)) &&
            !(p.type === 'REPORTING' && op.mutation);
          if (!permitted) {
            expect(res.status).toBe(403);
            expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
            return;
          }
          if (target === 'own') {
            expect(res.errors).toBeUndefined();
            expect(res.data[op.root]).not.toBeNull();
            return;
          }
          if (op.kind === 'create') {
            // A create targets no id: only the objects it links to are out of scope.
            const links = Object.keys(op.variables(targets.own).input).some((k) =>
              k.endsWith('Id'),
            );
            if (links) {
              expect(res.errors?.[0].extensions).toMatchObject({
                code: 'BAD_USER_INPUT',
                fields: [{ reason: 'no such object' }],
              });
            } else {
              expect(res.errors).toBeUndefined();
            }
          } else if (op.mutation) {
            expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
          } else {
            expect(res.data[op.root]).toBeNull();
          }
        },
      ),
      { numRuns: 300, seed: Number(process.env.FC_SEED ?? Date.now() % 100000) },
    );
    console.log(`permission property: ${runs} random cases`);
    expect(runs).toBeGreaterThanOrEqual(300);
  });
});
