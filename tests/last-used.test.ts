import { createLogger } from '../src/logger';
import { Services } from '../src/services';
import { LastUsedBatcher } from '../src/workers/last-used-batcher';
import { Workers } from '../src/workers/workers';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  CreatedKey,
  TestAccount,
  WHO_AM_I,
} from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
let owner: TestAccount;
let merchantId: string;

beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
});
afterAll(() => t.close());

const isKeyUpdate = (sql: string) => /^\s*UPDATE\s+[`"]?api_keys[`"]?\s/i.test(sql);

async function lastUsedAt(key: CreatedKey): Promise<string | null> {
  const res = await t.gql(`query($id: ID!) { apiKey(id: $id) { lastUsedAt } }`, {
    token: owner.token,
    variables: { id: key.apiKey.id },
  });
  return res.data.apiKey.lastUsedAt;
}

describe('lastUsedAt', () => {
  it('is set on the next flush, never by the request itself', async () => {
    const key = await createKey(t, owner, { merchantId });
    expect(await lastUsedAt(key)).toBeNull();
    const before = Date.now();
    t.queries.reset();
    for (let i = 0; i < 5; i++)
      expect((await t.gql(WHO_AM_I, { apiKey: key.secret })).status).toBe(200);
    expect(t.queries.statements.filter(isKeyUpdate)).toEqual([]);
    expect(await lastUsedAt(key)).toBeNull();

    t.queries.reset();
    await t.server.workers.flush();
    expect(t.queries.statements.filter(isKeyUpdate)).toHaveLength(1);
    const stamped = await lastUsedAt(key);
    expect(stamped).not.toBeNull();
    expect(Date.parse(stamped as string)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(stamped as string)).toBeLessThanOrEqual(Date.now());
  });

  it('is not rewritten within a minute however often the key is used', async () => {
    const key = await createKey(t, owner, { merchantId });
    await t.gql(WHO_AM_I, { apiKey: key.secret });
    await t.server.workers.flush();
    const first = await lastUsedAt(key);

    t.queries.reset();
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) await t.gql(WHO_AM_I, { apiKey: key.secret });
      await t.server.workers.flush();
    }
    expect(t.queries.statements.filter(isKeyUpdate)).toEqual([]);
    expect(await lastUsedAt(key)).toBe(first);
  });

  it('updates every key used in the same tick with one UPDATE', async () => {
    const keys = await Promise.all([0, 1, 2].map(() => createKey(t, owner, { merchantId })));
    for (const key of keys) await t.gql(WHO_AM_I, { apiKey: key.secret });
    t.queries.reset();
    await t.server.workers.flush();
    expect(t.queries.statements.filter(isKeyUpdate)).toHaveLength(1);
    for (const key of keys) expect(await lastUsedAt(key)).not.toBeNull();
  });

  it('is counted for refused operations of a valid key, not for refused keys', async () => {
    const used = await createKey(t, owner, { merchantId });
    const refusedOp = await t.gql(`{ apiKeys(merchantId: "x") { id } }`, { apiKey: used.secret });
    expect(refusedOp.status).toBe(403);
    const dead = await createKey(t, owner, { merchantId });
    await t.gql(`mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`, {
      token: owner.token,
      variables: { id: dead.apiKey.id },
    });
    expect((await t.gql(WHO_AM_I, { apiKey: dead.secret })).status).toBe(403);
    await t.server.workers.flush();
    expect(await lastUsedAt(used)).not.toBeNull();
    expect(await lastUsedAt(dead)).toBeNull();
  });
});

describe('LastUsedBatcher', () => {
  const logger = createLogger('silent');

  function setup(sink?: (ids: string[], at: Date) => Promise<void>) {
    let now = 1_000_000;
    const calls: Array<{ ids: string[]; at: number }> = [];
    const batcher = new LastUsedBatcher(
      sink ??
        (async (ids, at) => {
          calls.push({ ids: [...ids].sort(), at: at.getTime() });
        }),
      logger,
      { now: () => now },
    );
    return { batcher, calls, advance: (ms: number) => (now += ms) };
  }

  it('schedules a key at most once per minute', async () => {
    const { batcher, calls, advance } = setup();
    batcher.touch('key_a');
    advance(30_000);
    batcher.touch('key_a');
    batcher.touch('key_b');
    expect(batcher.depth).toBe(2);
    await batcher.flush();
    expect(calls).toEqual([{ ids: ['key_a', 'key_b'], at: 1_030_000 }]);

    advance(29_999);
    batcher.touch('key_a');
    await batcher.flush();
    expect(calls).toHaveLength(1);

    advance(1);
    batcher.touch('key_a');
    batcher.touch('key_b');
    await batcher.flush();
    expect(calls[1]).toEqual({ ids: ['key_a'], at: 1_060_000 });
    expect(batcher.depth).toBe(0);
  });

  it('retries a failed update on the next flush', async () => {
    let fail = true;
    const written: string[] = [];
    const { batcher } = setup(async (ids) => {
      if (fail) throw new Error('database down');
      written.push(...ids);
    });
    batcher.touch('key_a');
    await batcher.flush();
    expect(batcher.depth).toBe(1);
    fail = false;
    await batcher.flush();
    expect(written).toEqual(['key_a']);
  });
});

describe('Workers', () => {
  it('flushes both on an unref()d timer tick, and everything on stop()', async () => {
    const rows: string[] = [];
    const used: string[] = [];
    const sinks = {
      requestLogs: {
        insertMany: async (batch: Array<{ requestId: string }>) => {
          rows.push(...batch.map((row) => row.requestId));
        },
        markKeysUsed: async (ids: string[]) => {
          used.push(...ids);
        },
      },
    };
    const workers = new Workers(sinks as unknown as Services, createLogger('silent'), {
      flushIntervalMs: 20,
    });
    workers.start();
    expect(workers.timerState).toBe('unref');
    workers.requestLogs.enqueue({
      keyId: 'key_1',
      keyPrefix: null,
      merchantId: 'mer_1',
      mode: null,
      operationName: null,
      outcome: 'OK',
      requestId: 'req_1',
      durationMs: 1,
      httpStatus: 200,
      clientIp: '::1',
    });
    workers.lastUsed.touch('key_1');
    // The timer, not a call, writes them: wait for it (up to 2 s, it fires every 20 ms).
    for (let i = 0; i < 100 && (rows.length === 0 || used.length === 0); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect({ rows, used }).toEqual({ rows: ['req_1'], used: ['key_1'] });

    workers.lastUsed.touch('key_2');
    await workers.stop();
    expect(workers.timerState).toBe('stopped');
    expect(used).toEqual(['key_1', 'key_2']);
  });
});
