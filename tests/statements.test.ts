import { insertRows, selectRows, selection } from '../src/db/statements';
import { newId } from '../src/domain/ids';
import { CurrencyKind, Mode } from '../src/domain/enums';
import { TransactionStatus } from '../src/domain/resource-enums';
import { WebhookEventType } from '../src/domain/webhook-enums';
import { PaymentTransaction } from '../src/entities/payment-transaction.entity';
import { WebhookEndpoint } from '../src/entities/webhook-endpoint.entity';
import { createMerchant, createOwner } from './helpers/fixtures';
import { startTestServer, TestServer } from './helpers/test-server';

/*
 * The plain statements of the request path (src/db/statements.ts) must store and read exactly what
 * TypeORM does: every column type the entities use (dates to the millisecond, booleans, simple
 * arrays, enums, BIGINT money, nulls, column defaults), on SQLite and on MariaDB.
 */

let t: TestServer;
let merchantId: string;
beforeAll(async () => {
  t = await startTestServer();
  merchantId = await createMerchant(t, await createOwner(t));
});
afterAll(() => t.close());

const manager = () => t.server.dataSource.manager;

function endpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  const now = new Date(Date.UTC(2026, 10, 22, 23, 59, 58, 123));
  return manager().create(WebhookEndpoint, {
    id: newId('whe'),
    merchantId,
    mode: Mode.TEST,
    url: 'https://hooks.example/in',
    eventTypes: [WebhookEventType.PAYMENT_REQUEST_CREATED, WebhookEventType.API_KEY_EXPIRING],
    description: null,
    enabled: true,
    secretCiphertext: 'ciphertext',
    previousSecretCiphertext: null,
    previousSecretExpiresAt: new Date(now.getTime() + 86_400_000),
    consecutiveFailures: 3,
    disabledReason: null,
    disabledAt: null,
    createdById: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  });
}

describe('plain request-path statements', () => {
  it('insertRows writes rows TypeORM reads back unchanged, several in one statement', async () => {
    const rows = [endpoint(), endpoint({ enabled: false, description: 'second', mode: Mode.LIVE })];
    t.queries.reset();
    await insertRows(manager(), WebhookEndpoint, rows);
    expect(t.queries.count).toBe(1);
    for (const row of rows) {
      const stored = await manager().findOneByOrFail(WebhookEndpoint, { id: row.id });
      expect({ ...stored }).toEqual({ ...row });
    }
  });

  it('insertRows stores a column default for a property left undefined', async () => {
    const row = endpoint();
    delete (row as Partial<WebhookEndpoint>).consecutiveFailures;
    delete (row as Partial<WebhookEndpoint>).description;
    await insertRows(manager(), WebhookEndpoint, [row]);
    const stored = await manager().findOneByOrFail(WebhookEndpoint, { id: row.id });
    expect(stored.consecutiveFailures).toBe(0);
    expect(stored.description).toBeNull();
  });

  it('selectRows answers what find answers, with equality, boolean and IN conditions', async () => {
    const rows = [endpoint(), endpoint({ enabled: false }), endpoint()];
    await insertRows(manager(), WebhookEndpoint, rows);
    const ids = rows.map((row) => row.id);
    const where = { merchantId, mode: Mode.TEST, enabled: true };
    const plain = await selectRows(manager(), WebhookEndpoint, { ...where, id: ids });
    const viaOrm = await manager().find(WebhookEndpoint, {
      where: ids.map((id) => ({ ...where, id })),
    });
    expect(plain).toHaveLength(2);
    expect(plain.every((row) => row instanceof WebhookEndpoint)).toBe(true);
    const byId = (a: WebhookEndpoint, b: WebhookEndpoint) => a.id.localeCompare(b.id);
    expect(plain.sort(byId).map((row) => ({ ...row }))).toEqual(
      viaOrm.sort(byId).map((row) => ({ ...row })),
    );
  });

  it('selectRows with an empty IN list answers nothing without SQL', async () => {
    t.queries.reset();
    expect(await selectRows(manager(), WebhookEndpoint, { merchantId, id: [] })).toEqual([]);
    expect(t.queries.count).toBe(0);
  });

  it('round-trips BIGINT money through its transformer as a number', async () => {
    const now = new Date();
    const row = manager().create(PaymentTransaction, {
      id: newId('ptx'),
      merchantId,
      mode: Mode.TEST,
      createdAt: now,
      updatedAt: now,
      amount: 9_007_199_254_740_991,
      currency: 'EUR',
      currencyKind: CurrencyKind.FIAT,
      status: TransactionStatus.PENDING,
      customerId: null,
      routeId: null,
      paymentRequestId: null,
      description: null,
    });
    await insertRows(manager(), PaymentTransaction, [row]);
    const [plain] = await selectRows(manager(), PaymentTransaction, { id: row.id });
    const viaOrm = await manager().findOneByOrFail(PaymentTransaction, { id: row.id });
    expect(plain.amount).toBe(9_007_199_254_740_991);
    expect({ ...plain }).toEqual({ ...viaOrm });
  });

  it('selection reads the chosen columns of a join under their alias', async () => {
    const row = endpoint();
    await insertRows(manager(), WebhookEndpoint, [row]);
    const s = selection(manager(), WebhookEndpoint, 'e', ['id', 'eventTypes', 'enabled']);
    const raws = (await manager().query(
      `SELECT ${s.sql} FROM ${s.table} e WHERE ${s.column('id')} = ?`,
      [row.id],
    )) as Record<string, unknown>[];
    expect({ ...s.read(raws[0]) }).toEqual({
      id: row.id,
      eventTypes: row.eventTypes,
      enabled: true,
    });
  });
});
