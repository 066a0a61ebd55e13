import { randomBytes } from 'node:crypto';
import { AccountRole } from '../../src/domain/enums';
import { Json, TestServer } from './test-server';

export const PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  id: string;
  email: string;
  token: string;
}

function uniqueEmail(label: string): string {
  return `${label}-${randomBytes(4).toString('hex')}@example.com`;
}

const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { token expiresAt account { id email role } }
}`;

export async function login(
  t: Pick<TestServer, 'gql'>,
  email: string,
  password = PASSWORD,
): Promise<TestAccount> {
  const res = await t.gql(LOGIN, { variables: { email, password } });
  if (!res.data?.login) throw new Error(`login failed: ${res.raw}`);
  return { id: res.data.login.account.id, email, token: res.data.login.token };
}

export async function createOwner(
  t: Pick<TestServer, 'gql'>,
  label = 'owner',
): Promise<TestAccount> {
  const email = uniqueEmail(label);
  const res = await t.gql(`mutation($input: RegisterInput!) { register(input: $input) { id } }`, {
    variables: { input: { email, password: PASSWORD } },
  });
  if (!res.data?.register) throw new Error(`register failed: ${res.raw}`);
  return login(t, email);
}

export async function createAdmin(t: TestServer): Promise<TestAccount> {
  const email = uniqueEmail('admin');
  await t.server.services.accounts.create(email, PASSWORD, AccountRole.ADMIN);
  return login(t, email);
}

export async function setMerchantStatus(
  t: Pick<TestServer, 'gql'>,
  admin: TestAccount,
  id: string,
  status: 'PENDING' | 'ACTIVE' | 'BANNED',
): Promise<void> {
  const res = await t.gql(
    `mutation($id: ID!, $status: MerchantStatus!) { setMerchantStatus(id: $id, status: $status) { id status } }`,
    { token: admin.token, variables: { id, status } },
  );
  if (res.data?.setMerchantStatus?.status !== status)
    throw new Error(`setMerchantStatus: ${res.raw}`);
}

export async function createMerchant(
  t: Pick<TestServer, 'gql'>,
  owner: TestAccount,
  options: { activateWith?: TestAccount; name?: string } = {},
): Promise<string> {
  const res = await t.gql(
    `mutation($input: CreateMerchantInput!) { createMerchant(input: $input) { id status } }`,
    {
      token: owner.token,
      variables: { input: { name: options.name ?? 'Shop' } },
    },
  );
  const id = res.data?.createMerchant?.id as string | undefined;
  if (!id) throw new Error(`createMerchant failed: ${res.raw}`);
  if (options.activateWith) await setMerchantStatus(t, options.activateWith, id, 'ACTIVE');
  return id;
}

export const CREATE_KEY = `mutation CreateKey($input: CreateApiKeyInput!) {
  createApiKey(input: $input) {
    secret
    apiKey { id name type mode prefix status permissions scopes { scope preset permissions } expiresAt currencyKind }
  }
}`;

export interface KeyInput {
  merchantId: string;
  type?: 'PUBLIC' | 'PRIVATE' | 'REPORTING';
  mode?: 'LIVE' | 'TEST';
  name?: string;
  description?: string | null;
  expiresAt?: string | null;
  permissions?: { merchant?: string; payments?: string; permissions?: string[] };
  currencyKind?: 'FIAT' | 'CRYPTO' | null;
}

export interface CreatedKey {
  secret: string;
  apiKey: Json;
}

export async function createKey(
  t: Pick<TestServer, 'gql'>,
  owner: TestAccount,
  input: KeyInput,
): Promise<CreatedKey> {
  const res = await t.gql(CREATE_KEY, {
    token: owner.token,
    variables: {
      input: {
        type: 'PRIVATE',
        mode: 'LIVE',
        name: 'key',
        permissions: { merchant: 'FULL_ACCESS', payments: 'FULL_ACCESS' },
        ...input,
      },
    },
  });
  if (!res.data?.createApiKey) throw new Error(`createApiKey failed: ${res.raw}`);
  return res.data.createApiKey;
}

export const WHO_AM_I = `query WhoAmI { currentApiKey { id name type mode permissions merchant { id name status } } }`;
