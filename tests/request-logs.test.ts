import { issueKey } from '../src/auth/keys/key-format';
import { encodeCursor } from '../src/db/pagination';
import { Mode } from '../src/domain/enums';
import { firstIdAt, idTime, newId } from '../src/domain/ids';
import { ApiKey } from '../src/entities/api-key.entity';
import { ApiRequestLog } from '../src/entities/api-request-log.entity';
import { KeyType } from '../src/permissions/permissions';
import { createLogger } from '../src/logger';
import { RequestLogEntry, RequestLogWriter } from '../src/workers/request-log-writer';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  CreatedKey,
  setMerchantStatus,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { GqlResponse, Json, startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
let admin: TestAccount;
let owner: TestAccount;

beforeAll(async () => {
  t = await startTestServer();
  admin = await createAdmin(t);
  owner = await createOwner(t);
});
afterAll(() => t.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const LOGS = `query Logs($merchantId: ID!, $filter: ApiRequestLogFilter, $first: Int = 20, $after: String) {
  apiRequestLogs(merchantId: $merchantId, filter: $filter, first: $first, after: $after) {
    edges { cursor node { id } }
    nodes {
      id keyId keyPrefix merchantId mode operationName outcome requestId durationMs httpStatus
      clientIp createdAt
    }
    pageInfo { hasNextPage endCursor }
  }
}`;

function listLogs(
  merchantId: string,
  options: {
    filter?: Record<string, unknown>;
    first?: number;
    after?: string;
    as?: TestAccount;
  } = {},
): Promise<GqlResponse> {
  const { as = owner, ...variables } = options;
  return t.gql(LOGS, { token: as.token, variables: { merchantId, ...variables } });
}

async function allLogs(merchantId: string): Promise<Json[]> {
  const res = await listLogs(merchantId, { first: 100 });
  if (!res.data?.apiRequestLogs) throw new Error(`apiRequestLogs failed: ${res.raw}`);
  return res.data.apiRequestLogs.nodes;
}

const isLogInsert = (sql: string) => /^\s*INSERT INTO\s+[`"]?api_request_logs/i.test(sql);
const isWrite = (sql: string) => /^\s*(INSERT|UPDATE|DELETE)\b/i.test(sql);

async function activeMerchant(name = 'Shop'): Promise<string> {
  return createMerchant(t, owner, { activateWith: admin, name });
}

async function fullKey(merchantId: string, mode: 'LIVE' | 'TEST' = 'LIVE'): Promise<CreatedKey> {
  return createKey(t, owner, { merchantId, mode });
}

describe('request logs are written off the request path', () => {
  it('queues during the request (no SQL write) and writes one row per request on flush', async () => {
    const merchantId = await activeMerchant();
    const key = await fullKey(merchantId);
    await t.server.workers.flush();

    t.queries.reset();
    const res = await t.gql(WHO_AM_I, { apiKey: key.secret });
    expect(res.status).toBe(200);
    expect(t.queries.statements.filter(isWrite)).toEqual([]);
    expect(t.server.workers.requestLogs.depth).toBe(1);
    expect(await allLogs(merchantId)).toEqual([]);

    t.queries.reset();
    await t.server.workers.flush();
    expect(t.queries.statements.filter(isLogInsert)).toHaveLength(1);
    expect(t.server.workers.requestLogs.depth).toBe(0);

    const [row] = await allLogs(merchantId);
    expect(row).toMatchObject({
      keyId: key.apiKey.id,
      keyPrefix: key.apiKey.prefix,
      merchantId,
      mode: 'LIVE',
      operationName: 'WhoAmI',
      outcome: 'OK',
      requestId: res.headers.get('x-request-id'),
      httpStatus: 200,
      clientIp: expect.stringContaining('127.0.0.1'),
    });
    expect(row.id).toMatch(/^log_/);
    expect(row.durationMs).toBeGreaterThanOrEqual(0);
    expect(Math.abs(Date.parse(row.createdAt) - Date.now())).toBeLessThan(60_000);
  });

  it('writes a whole batch with a single multi-row INSERT', async () => {
    const merchantId = await activeMerchant();
    const key = await fullKey(merchantId);
    await t.server.workers.flush();
    await Promise.all(Array.from({ length: 12 }, () => t.gql(WHO_AM_I, { apiKey: key.secret })));
    t.queries.reset();
    await t.server.workers.flush();
    expect(t.queries.statements.filter(isLogInsert)).toHaveLength(1);
    expect(await allLogs(merchantId)).toHaveLength(12);
  });

  it('does not log account (Bearer) requests', async () => {
    const merchantId = await activeMerchant();
    await t.server.workers.flush();
    await listLogs(merchantId);
    expect(t.server.workers.requestLogs.depth).toBe(0);
  });

  it('flushes the queue on close, before the database is closed', async () => {
    const t2 = await startTestServer();
    try {
      const o = await createOwner(t2);
      const a = await createAdmin(t2);
      const merchantId = await createMerchant(t2, o, { activateWith: a });
      const key = await createKey(t2, o, { merchantId });
      await t2.gql(WHO_AM_I, { apiKey: key.secret });
      expect(t2.server.workers.requestLogs.depth).toBe(1);
      const dataSource = t2.server.dataSource;
      const destroy = dataSource.destroy.bind(dataSource);
      let rowsAtClose = -1;
      dataSource.destroy = async () => {
        rowsAtClose = await dataSource.getRepository(ApiRequestLog).count();
        return destroy();
      };
      await t2.close();
      expect(rowsAtClose).toBe(1);
    } finally {
      if (t2.server.dataSource.isInitialized) await t2.close();
    }
  });
});

describe('what is logged', () => {
  let merchantId: string;
  let key: CreatedKey;

  beforeAll(async () => {
    merchantId = await activeMerchant();
    key = await fullKey(merchantId);
  });

  async function lastRow(): Promise<Json> {
    await t.server.workers.flush();
    const [row] = await allLogs(merchantId);
    return row;
  }

  it('logs FORBIDDEN (an account-only operation called with a key)', async () => {
    const res = await t.gql(
      `query KeyTriesAccountField($id: ID!) { apiKeys(merchantId: $id) { id } }`,
      {
        apiKey: key.secret,
        variables: { id: merchantId },
      },
    );
    expect(res.status).toBe(403);
    expect(await lastRow()).toMatchObject({
      keyId: key.apiKey.id,
      outcome: 'FORBIDDEN',
      httpStatus: 403,
      operationName: 'KeyTriesAccountField',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('logs BAD_USER_INPUT from a resolver', async () => {
    const res = await t.gql(
      `query Explain { currentApiKey { missingPermissions(document: "{") } }`,
      { apiKey: key.secret },
    );
    expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await lastRow()).toMatchObject({
      keyId: key.apiKey.id,
      outcome: 'BAD_USER_INPUT',
      httpStatus: res.status,
      operationName: 'Explain',
    });
  });

  it('logs a document that fails validation', async () => {
    const res = await t.gql(`query Broken { currentApiKey { noSuchField } }`, {
      apiKey: key.secret,
    });
    expect(res.status).toBe(400);
    expect(await lastRow()).toMatchObject({
      keyId: key.apiKey.id,
      outcome: 'GRAPHQL_VALIDATION_FAILED',
      httpStatus: 400,
    });
  });

  it('logs API_KEY_INVALID for a deactivated key, with its id and merchant', async () => {
    const old = await fullKey(merchantId);
    await t.gql(`mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`, {
      token: owner.token,
      variables: { id: old.apiKey.id },
    });
    const res = await t.gql(WHO_AM_I, { apiKey: old.secret, operationName: 'WhoAmI' });
    expect(res.errors?.[0].extensions.code).toBe('API_KEY_INVALID');
    expect(await lastRow()).toMatchObject({
      keyId: old.apiKey.id,
      keyPrefix: old.apiKey.prefix,
      merchantId,
      mode: 'LIVE',
      outcome: 'API_KEY_INVALID',
      httpStatus: 403,
      operationName: 'WhoAmI',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('logs API_KEY_EXPIRED', async () => {
    const expiring = await fullKey(merchantId);
    await t.server.dataSource
      .getRepository(ApiKey)
      .update({ id: expiring.apiKey.id }, { expiresAt: new Date(Date.now() - 1000) });
    t.server.services.verifier.keyChanged(expiring.apiKey.id);
    const res = await t.gql(WHO_AM_I, { apiKey: expiring.secret });
    expect(res.errors?.[0].extensions.code).toBe('API_KEY_EXPIRED');
    expect(await lastRow()).toMatchObject({
      keyId: expiring.apiKey.id,
      outcome: 'API_KEY_EXPIRED',
      httpStatus: 403,
    });
  });

  it('logs MERCHANT_BLOCKED and MERCHANT_NOT_ACTIVE under the merchant', async () => {
    const shop = await activeMerchant('to-ban');
    const live = await fullKey(shop);
    await setMerchantStatus(t, admin, shop, 'BANNED');
    expect((await t.gql(WHO_AM_I, { apiKey: live.secret })).status).toBe(403);
    await setMerchantStatus(t, admin, shop, 'PENDING');
    expect((await t.gql(WHO_AM_I, { apiKey: live.secret })).status).toBe(403);
    await t.server.workers.flush();
    const outcomes = (await allLogs(shop)).map((row: Json) => [row.keyId, row.outcome]);
    expect(outcomes).toEqual([
      [live.apiKey.id, 'MERCHANT_NOT_ACTIVE'],
      [live.apiKey.id, 'MERCHANT_BLOCKED'],
    ]);
  });

  it('logs a well-formed unknown key by its prefix only, and a malformed key not at all', async () => {
    const unknown = issueKey(KeyType.PRIVATE, Mode.LIVE);
    await t.server.workers.flush();
    await t.gql(WHO_AM_I, { apiKey: unknown.secret });
    await t.gql(WHO_AM_I, { apiKey: 'kprv_live_not-a-key' });
    expect(t.server.workers.requestLogs.depth).toBe(1);
    await t.server.workers.flush();
    const rows = await t.server.dataSource
      .getRepository(ApiRequestLog)
      .find({ where: { keyPrefix: unknown.prefix } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      keyId: null,
      merchantId: null,
      outcome: 'API_KEY_INVALID',
      httpStatus: 403,
    });
  });

  it('never stores the secret, in any column of any row', async () => {
    await t.server.workers.flush();
    const rows = await t.server.dataSource.getRepository(ApiRequestLog).find();
    const stored = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(5);
    const secretPart = key.secret.slice(key.apiKey.prefix.length + 1);
    expect(stored).not.toContain(key.secret);
    expect(stored).not.toContain(secretPart);
    expect(t.logs.join('')).not.toContain(secretPart);
  });
});

describe('apiRequestLogs: filters', () => {
  let merchantId: string;
  let a: CreatedKey;
  let b: CreatedKey;
  let boundary: Date;

  beforeAll(async () => {
    merchantId = await activeMerchant('filters');
    a = await fullKey(merchantId);
    b = await fullKey(merchantId, 'TEST');
    await t.gql(WHO_AM_I, { apiKey: a.secret });
    await t.gql(`{ apiKeys(merchantId: "x") { id } }`, { apiKey: a.secret });
    await t.server.workers.flush();
    await sleep(20);
    boundary = new Date();
    await sleep(20);
    await t.gql(WHO_AM_I, { apiKey: b.secret });
    await t.gql(WHO_AM_I, { apiKey: a.secret });
    await t.server.workers.flush();
  });

  it('filters by key', async () => {
    const res = await listLogs(merchantId, { filter: { keyId: b.apiKey.id } });
    expect(res.data.apiRequestLogs.nodes.map((n: Json) => [n.keyId, n.mode])).toEqual([
      [b.apiKey.id, 'TEST'],
    ]);
    const ofA = await listLogs(merchantId, { filter: { keyId: a.apiKey.id } });
    expect(ofA.data.apiRequestLogs.nodes).toHaveLength(3);
  });

  it('filters by outcome', async () => {
    const res = await listLogs(merchantId, { filter: { outcome: 'FORBIDDEN' } });
    expect(res.data.apiRequestLogs.nodes.map((n: Json) => n.outcome)).toEqual(['FORBIDDEN']);
    const ok = await listLogs(merchantId, { filter: { outcome: 'OK', keyId: a.apiKey.id } });
    expect(ok.data.apiRequestLogs.nodes).toHaveLength(2);
  });

  it('filters by time: from is inclusive, to exclusive', async () => {
    const after = await listLogs(merchantId, { filter: { from: boundary.toISOString() } });
    expect(after.data.apiRequestLogs.nodes.map((n: Json) => n.keyId)).toEqual([
      a.apiKey.id,
      b.apiKey.id,
    ]);
    const before = await listLogs(merchantId, { filter: { to: boundary.toISOString() } });
    expect(before.data.apiRequestLogs.nodes.map((n: Json) => n.outcome)).toEqual([
      'FORBIDDEN',
      'OK',
    ]);
    const exact = after.data.apiRequestLogs.nodes[1].createdAt;
    const from = await listLogs(merchantId, { filter: { from: exact, to: exact } });
    expect(from.data.apiRequestLogs.nodes).toEqual([]);
    const one = await listLogs(merchantId, {
      filter: { from: exact, to: new Date(Date.parse(exact) + 1).toISOString() },
    });
    expect(one.data.apiRequestLogs.nodes.map((n: Json) => n.keyId)).toEqual([b.apiKey.id]);
  });

  it('refuses from after to with BAD_USER_INPUT', async () => {
    const res = await listLogs(merchantId, {
      filter: { from: new Date().toISOString(), to: boundary.toISOString() },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'filter.to' }],
    });
  });
});

describe('apiRequestLogs: cursor pages', () => {
  let merchantId: string;
  let key: CreatedKey;

  beforeAll(async () => {
    merchantId = await activeMerchant('pages');
    key = await fullKey(merchantId);
    for (let i = 0; i < 25; i++) await t.gql(WHO_AM_I, { apiKey: key.secret });
    await t.server.workers.flush();
  });

  it('pages newest first, completely and without duplicates, stable while rows arrive', async () => {
    const all = (await allLogs(merchantId)).map((n: Json) => n.id as string);
    expect(all).toHaveLength(25);
    expect([...all].sort().reverse()).toEqual(all);

    const seen: string[] = [];
    let after: string | undefined;
    const pages: boolean[] = [];
    for (;;) {
      const res = await listLogs(merchantId, { first: 10, after });
      const connection = res.data.apiRequestLogs;
      const ids = connection.nodes.map((n: Json) => n.id);
      expect(connection.edges.map((e: Json) => e.node.id)).toEqual(ids);
      expect(connection.edges.map((e: Json) => e.cursor)).toEqual(ids.map(encodeCursor));
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      seen.push(...ids);
      pages.push(connection.pageInfo.hasNextPage);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
      // New requests between pages must not shift the pages still to come.
      await t.gql(WHO_AM_I, { apiKey: key.secret });
      await t.server.workers.flush();
    }
    expect(pages).toEqual([true, true, false]);
    expect(seen).toEqual(all);
  });

  it('answers an empty last page with a null endCursor', async () => {
    const res = await listLogs(merchantId, { filter: { outcome: 'NOPE' } });
    expect(res.data.apiRequestLogs).toEqual({
      edges: [],
      nodes: [],
      pageInfo: { hasNextPage: false, endCursor: null },
    });
  });

  it.each([0, -1, 101])('refuses first: %d with BAD_USER_INPUT', async (first) => {
    const res = await listLogs(merchantId, { first });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field: 'first' }],
    });
  });

  it.each(['nonsense', encodeCursor('log_123'), 'bG9nXzAxSkQ'])(
    'refuses the cursor %s with BAD_USER_INPUT',
    async (after) => {
      const res = await listLogs(merchantId, { after });
      expect(res.status).toBe(400);
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: [{ field: 'after' }],
      });
    },
  );
});

describe('apiRequestLogs: who may read', () => {
  let merchantId: string;
  let key: CreatedKey;

  beforeAll(async () => {
    merchantId = await activeMerchant('private');
    key = await fullKey(merchantId);
    await t.gql(WHO_AM_I, { apiKey: key.secret });
    await t.server.workers.flush();
  });

  it("answers another owner's merchant exactly like a missing one (NOT_FOUND)", async () => {
    const stranger = await createOwner(t, 'stranger');
    const theirs = await listLogs(merchantId, { as: stranger });
    const missing = await listLogs('mer_01JD0000000000000000000000', { as: stranger });
    for (const res of [theirs, missing]) {
      expect(res.status).toBe(404);
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
      expect(res.data).toBeNull();
    }
    expect(theirs.errors?.[0].message).toBe(missing.errors?.[0].message);
  });

  it('lets admins read any merchant', async () => {
    const res = await listLogs(merchantId, { as: admin });
    expect(res.data.apiRequestLogs.nodes).toHaveLength(1);
  });

  it('refuses API keys (accounts only)', async () => {
    const res = await t.gql(LOGS, { apiKey: key.secret, variables: { merchantId } });
    expect(res.status).toBe(403);
    expect(res.errors?.[0].extensions.code).toBe('FORBIDDEN');
  });

  it('refuses anonymous callers', async () => {
    const res = await t.gql(LOGS, { variables: { merchantId } });
    expect(res.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('RequestLogWriter', () => {
  const logger = createLogger('silent');
  const entry = (n: number): RequestLogEntry => ({
    keyId: `key_${n}`,
    keyPrefix: 'kprv_live_abc',
    merchantId: 'mer_1',
    mode: Mode.LIVE,
    operationName: 'x'.repeat(300),
    outcome: 'OK',
    requestId: `req_${n}`,
    durationMs: 1.6,
    httpStatus: 200,
    clientIp: '::1',
  });

  it('keeps at most maxQueue rows, dropping the oldest and counting them', async () => {
    const written: ApiRequestLog[][] = [];
    const writer = new RequestLogWriter(async (rows) => void written.push(rows), logger, {
      maxQueue: 5,
      batchSize: 100,
    });
    for (let i = 0; i < 8; i++) writer.enqueue(entry(i));
    expect(writer.depth).toBe(5);
    expect(writer.dropped).toBe(3);
    await writer.flush();
    expect(written.flat().map((row) => row.requestId)).toEqual(
      [3, 4, 5, 6, 7].map((n) => `req_${n}`),
    );
    expect(written[0][0].operationName).toHaveLength(100);
    expect(written[0][0].durationMs).toBe(2);
  });

  it('flushes by itself once a batch is full, one sink call per batch', async () => {
    const written: ApiRequestLog[][] = [];
    const writer = new RequestLogWriter(async (rows) => void written.push(rows), logger, {
      batchSize: 3,
    });
    for (let i = 0; i < 2; i++) writer.enqueue(entry(i));
    await sleep(0);
    expect(written).toEqual([]);
    writer.enqueue(entry(2));
    await sleep(0);
    expect(written.map((batch) => batch.length)).toEqual([3]);
    for (let i = 3; i < 10; i++) writer.enqueue(entry(i));
    await writer.flush();
    expect(written.flat()).toHaveLength(10);
    expect(Math.max(...written.map((batch) => batch.length))).toBe(3);
  });

  it('keeps a failed batch and writes it on the next flush', async () => {
    let fail = true;
    const written: ApiRequestLog[] = [];
    const writer = new RequestLogWriter(async (rows) => {
      if (fail) throw new Error('database down');
      written.push(...rows);
    }, logger);
    writer.enqueue(entry(1));
    await writer.flush();
    expect(writer.depth).toBe(1);
    fail = false;
    writer.enqueue(entry(2));
    await writer.flush();
    expect(written.map((row) => row.requestId)).toEqual(['req_1', 'req_2']);
    expect(writer.depth).toBe(0);
  });
});

describe('time bounds as id bounds', () => {
  it('firstIdAt(t) <= every id made at t < firstIdAt(t + 1); idTime reads the time back', () => {
    // Later than any id made so far in this process: newId never goes back in time.
    let time = Date.now() + 60_000;
    for (let i = 0; i < 200; i++) {
      time += Math.floor(Math.random() * 5000) + 1;
      const id = newId('log', time);
      expect(idTime(id)).toBe(time);
      expect(id >= firstIdAt('log', time)).toBe(true);
      expect(id < firstIdAt('log', time + 1)).toBe(true);
    }
  });

  it("stores the id's time as createdAt", async () => {
    const written: ApiRequestLog[] = [];
    const writer = new RequestLogWriter(
      async (rows) => void written.push(...rows),
      createLogger('silent'),
    );
    writer.enqueue({
      keyId: null,
      keyPrefix: null,
      merchantId: null,
      mode: null,
      operationName: null,
      outcome: 'OK',
      requestId: 'req_1',
      durationMs: 0,
      httpStatus: 200,
      clientIp: '',
    });
    await writer.flush();
    expect(written[0].createdAt.getTime()).toBe(idTime(written[0].id));
  });
});
