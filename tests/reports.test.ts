import { main as reportExample } from '../examples/report';
import { seedMerchantData } from '../seeds/merchant-data.seed';
import { CurrencyKind, Mode } from '../src/domain/enums';
import { PaymentTransaction } from '../src/entities/payment-transaction.entity';
import {
  createAdmin,
  createKey,
  createMerchant,
  createOwner,
  TestAccount,
} from './helpers/fixtures';
import { Json, startTestServer, TestServer } from './helpers/test-server';

const DAY = 86_400_000;
const REPORT = `query Report($from: DateTimeISO!, $to: DateTimeISO!, $groupBy: [ReportDimension!]!,
  $merchantId: ID, $mode: Mode) {
  paymentReport(from: $from, to: $to, groupBy: $groupBy, merchantId: $merchantId, mode: $mode) {
    from to groupBy count rows { day currency status count totalAmount }
  }
}`;
const EXPORT = `query Export($from: DateTimeISO!, $to: DateTimeISO!, $first: Int, $after: String) {
  paymentTransactionExport(from: $from, to: $to, first: $first, after: $after) {
    nodes { id amount currency currencyKind status createdAt }
    edges { cursor node { id } }
    pageInfo { hasNextPage endCursor }
  }
}`;

let t: TestServer;
let owner: TestAccount;
let merchantId: string;
let reportingKey: string;
let rows: PaymentTransaction[];
const now = Date.now();
const from = new Date(Math.floor((now - 30 * DAY) / DAY) * DAY + 3_600_000);
const to = new Date(now - 2 * 3_600_000);

interface Row {
  day: string | null;
  currency: string;
  status: string | null;
  count: number;
  totalAmount: number;
}

/** The report computed in JavaScript from the rows themselves: what the SQL must agree with. */
function expected(
  source: PaymentTransaction[],
  groupBy: string[],
  range: { from: Date; to: Date } = { from, to },
): Row[] {
  const groups = new Map<string, Row>();
  for (const tx of source) {
    const time = tx.createdAt.getTime();
    if (time < range.from.getTime() || time >= range.to.getTime()) continue;
    const row: Row = {
      day: groupBy.includes('DAY') ? tx.createdAt.toISOString().slice(0, 10) : null,
      currency: tx.currency,
      status: groupBy.includes('STATUS') ? tx.status : null,
      count: 0,
      totalAmount: 0,
    };
    const key = `${row.day}|${row.currency}|${row.status}`;
    const group = groups.get(key) ?? row;
    group.count += 1;
    group.totalAmount += tx.amount;
    groups.set(key, group);
  }
  const cmp = (a: string | null, b: string | null) =>
    (a ?? '') < (b ?? '') ? -1 : a === b ? 0 : 1;
  return [...groups.values()].sort(
    (a, b) => cmp(a.day, b.day) || cmp(a.currency, b.currency) || cmp(a.status, b.status),
  );
}

beforeAll(async () => {
  t = await startTestServer();
  const admin = await createAdmin(t);
  owner = await createOwner(t);
  merchantId = await createMerchant(t, owner, { activateWith: admin });
  const other = await createMerchant(t, owner, { activateWith: admin });
  reportingKey = (
    await createKey(t, owner, {
      merchantId,
      type: 'REPORTING',
      permissions: { payments: 'READ_ONLY' },
    })
  ).secret;
  const ds = t.server.services.dataSource;
  const live = { merchantId, mode: Mode.LIVE, currencyKind: null };
  await seedMerchantData(ds, live, { customers: 20, transactions: 1500, days: 40, seed: 7 });
  // Rows the reports must never count: another mode, another merchant.
  await seedMerchantData(
    ds,
    { ...live, mode: Mode.TEST },
    { customers: 5, transactions: 300, days: 40, seed: 8 },
  );
  await seedMerchantData(
    ds,
    { ...live, merchantId: other },
    { customers: 5, transactions: 300, days: 40, seed: 9 },
  );
  rows = await ds
    .getRepository(PaymentTransaction)
    .find({ where: { merchantId, mode: Mode.LIVE } });
  // better-sqlite3 is synchronous: seeding held the event loop for seconds, past the server's
  // keep-alive timeout. Let the server close its idle sockets now, so the next request does not
  // race that close on a reused connection (ECONNRESET).
  await new Promise((resolve) => setTimeout(resolve, 200));
});
afterAll(() => t.close());

async function report(apiKey: string, groupBy: string[], range = { from, to }): Promise<Json> {
  const res = await t.gql(REPORT, {
    apiKey,
    variables: { from: range.from.toISOString(), to: range.to.toISOString(), groupBy },
  });
  expect(res.errors).toBeUndefined();
  return res.data.paymentReport;
}

describe('paymentReport', () => {
  it.each([
    [[]],
    [['DAY']],
    [['CURRENCY']],
    [['STATUS']],
    [['DAY', 'CURRENCY']],
    [['DAY', 'STATUS']],
    [['CURRENCY', 'STATUS']],
    [['STATUS', 'CURRENCY', 'DAY']],
  ])('groups by %j with the same totals as the rows themselves', async (groupBy) => {
    const result = await report(reportingKey, groupBy);
    const want = expected(rows, groupBy);
    expect(result.rows).toEqual(want);
    expect(result.count).toBe(want.reduce((sum, r) => sum + r.count, 0));
    expect(result.count).toBeGreaterThan(500);
    expect(result.groupBy).toEqual(
      ['DAY', 'CURRENCY', 'STATUS'].filter((d) => d === 'CURRENCY' || groupBy.includes(d)),
    );
  });

  it('counts exactly the transactions in [from, to)', async () => {
    const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const a = sorted[100].createdAt;
    const b = sorted[200].createdAt;
    const result = await report(reportingKey, ['STATUS'], { from: a, to: b });
    expect(result.count).toBe(
      sorted.filter((r) => r.createdAt.getTime() >= a.getTime() && r.createdAt < b).length,
    );
    expect(result.rows).toEqual(expected(rows, ['STATUS'], { from: a, to: b }));
  });

  it('answers accounts for the merchant and mode they name', async () => {
    const res = await t.gql(REPORT, {
      token: owner.token,
      variables: {
        from: from.toISOString(),
        to: to.toISOString(),
        groupBy: ['DAY'],
        merchantId,
        mode: 'LIVE',
      },
    });
    expect(res.data.paymentReport.rows).toEqual(expected(rows, ['DAY']));
  });

  it('shows currency-kind restricted keys only their kind', async () => {
    for (const kind of [CurrencyKind.CRYPTO, CurrencyKind.FIAT]) {
      const key = (
        await createKey(t, owner, {
          merchantId,
          type: 'REPORTING',
          permissions: { payments: 'READ_ONLY' },
          currencyKind: kind,
        })
      ).secret;
      const result = await report(key, ['STATUS']);
      const own = rows.filter((r) => r.currencyKind === kind);
      expect(result.rows).toEqual(expected(own, ['STATUS']));
      expect(result.count).toBeLessThan(expected(rows, []).reduce((s, r) => s + r.count, 0));

      const page = await t.gql(EXPORT, {
        apiKey: key,
        variables: { from: from.toISOString(), to: to.toISOString(), first: 1000 },
      });
      const kinds = new Set(
        page.data.paymentTransactionExport.nodes.map((n: Json) => n.currencyKind),
      );
      expect(kinds).toEqual(new Set([kind]));
    }
  });

  it('refuses keys without PAYMENT_TRANSACTION_VIEW (403 FORBIDDEN)', async () => {
    const key = (
      await createKey(t, owner, {
        merchantId,
        type: 'REPORTING',
        permissions: { permissions: ['CUSTOMER_VIEW', 'PAYMENT_ROUTE_VIEW'] },
      })
    ).secret;
    const variables = { from: from.toISOString(), to: to.toISOString(), groupBy: ['DAY'] };
    for (const query of [REPORT, EXPORT]) {
      const res = await t.gql(query, { apiKey: key, variables });
      expect(res.status).toBe(403);
      expect(res.data ?? null).toBeNull();
      expect(res.errors?.[0].extensions).toMatchObject({
        code: 'FORBIDDEN',
        requiredPermission: 'PAYMENT_TRANSACTION_VIEW',
      });
    }
  });

  it.each([
    ['to before from', { from: to, to: from }, ['DAY'], 'to'],
    ['an empty range', { from, to: from }, ['DAY'], 'to'],
    ['a range over 366 days', { from: new Date(now - 400 * DAY), to }, [], 'to'],
    ['a dimension twice', { from, to }, ['DAY', 'STATUS', 'DAY'], 'groupBy'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, range, groupBy, field) => {
    const res = await t.gql(REPORT, {
      apiKey: reportingKey,
      variables: { from: range.from.toISOString(), to: range.to.toISOString(), groupBy },
    });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field }],
    });
  });
});

describe('paymentTransactionExport', () => {
  async function page(variables: Record<string, unknown>): Promise<Json> {
    const res = await t.gql(EXPORT, { apiKey: reportingKey, variables });
    expect(res.errors).toBeUndefined();
    return res.data.paymentTransactionExport;
  }

  it('walks every transaction of the range once, oldest first, while new ones arrive', async () => {
    const inRange = (time: number) => time >= from.getTime() && time < to.getTime();
    const want = rows
      .filter((r) => inRange(r.createdAt.getTime()))
      .map((r) => r.id)
      .sort();
    const services = t.server.services;
    const scope = { merchantId, mode: Mode.LIVE, currencyKind: null };
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const result: Json = await page({
        from: from.toISOString(),
        to: to.toISOString(),
        first: 97,
        after,
      });
      seen.push(...result.nodes.map((n: Json) => n.id));
      expect(result.edges.map((e: Json) => e.node.id)).toEqual(result.nodes.map((n: Json) => n.id));
      // A concurrent writer: new transactions (now, after the range) between pages.
      await services.resources.paymentTransactions.create(scope, {
        amount: 100 + i,
        currency: 'EUR',
      });
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toEqual(want);
  });

  it('includes transactions added during the walk when the range reaches the future', async () => {
    const services = t.server.services;
    const scope = { merchantId, mode: Mode.LIVE, currencyKind: null };
    const end = new Date(Date.now() + DAY);
    const start = new Date(Date.now() - 3 * DAY);
    const before = await services.dataSource
      .getRepository(PaymentTransaction)
      .find({ where: { merchantId, mode: Mode.LIVE } });
    const initial = before.filter((r) => r.createdAt.getTime() >= start.getTime()).map((r) => r.id);
    const added: string[] = [];
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const result: Json = await page({
        from: start.toISOString(),
        to: end.toISOString(),
        first: 50,
        after,
      });
      seen.push(...result.nodes.map((n: Json) => n.id));
      if (!result.pageInfo.hasNextPage) break;
      added.push(
        (await services.resources.paymentTransactions.create(scope, { amount: 1, currency: 'GBP' }))
          .id,
      );
      after = result.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expect.arrayContaining([...initial, ...added]));
  });

  it.each([
    ['to before from', { from: to.toISOString(), to: from.toISOString() }, 'to'],
    ['a page over 1000', { from: from.toISOString(), to: to.toISOString(), first: 1001 }, 'first'],
    ['a page of 0', { from: from.toISOString(), to: to.toISOString(), first: 0 }, 'first'],
    ['a foreign cursor', { from: from.toISOString(), to: to.toISOString(), after: 'abc' }, 'after'],
  ])('refuses %s with BAD_USER_INPUT', async (_label, variables, field) => {
    const res = await t.gql(EXPORT, { apiKey: reportingKey, variables });
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      fields: [{ field }],
    });
  });
});

describe('examples/report.ts against a running server', () => {
  async function run(args: string[], apiKey: string | undefined) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await reportExample(
      args,
      { API_URL: t.url, ...(apiKey ? { API_KEY: apiKey } : {}) },
      { out: (line) => out.push(line), err: (line) => err.push(line) },
    );
    return { code, out, err };
  }
  const range = ['--from', from.toISOString(), '--to', to.toISOString()];

  it('prints the report as CSV with the typed documents', async () => {
    const { code, out, err } = await run(
      [...range, '--group-by', 'DAY,STATUS', '--csv'],
      reportingKey,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toBe('day,currency,status,count,total_minor_units');
    expect(out.slice(1)).toEqual(
      expected(rows, ['DAY', 'STATUS']).map(
        (r) => `${r.day},${r.currency},${r.status},${r.count},${r.totalAmount}`,
      ),
    );
  });

  it('prints an aligned table', async () => {
    const { code, out } = await run([...range, '--group-by', 'currency'], reportingKey);
    expect(code).toBe(0);
    const want = expected(rows, []);
    expect(out[0]).toContain(`${want.reduce((s, r) => s + r.count, 0)} transactions`);
    const table = out.slice(2);
    expect(table[0]).toMatch(/^currency\s+count\s+total_minor_units$/);
    expect(table).toHaveLength(want.length + 2);
    expect(new Set(table.map((line) => line.length)).size).toBe(1);
  });

  it('exports every transaction of the range as CSV', async () => {
    const narrow = [
      '--from',
      new Date(to.getTime() - 3 * DAY).toISOString(),
      '--to',
      to.toISOString(),
    ];
    const { code, out } = await run([...narrow, '--export'], reportingKey);
    expect(code).toBe(0);
    const want = rows.filter(
      (r) => r.createdAt.getTime() >= to.getTime() - 3 * DAY && r.createdAt < to,
    );
    expect(out.slice(1).map((line) => line.split(',')[0])).toEqual(want.map((r) => r.id).sort());
  });

  it('exits non-zero with the error code on errors', async () => {
    const forbidden = (
      await createKey(t, owner, {
        merchantId,
        type: 'REPORTING',
        permissions: { permissions: ['CUSTOMER_VIEW'] },
      })
    ).secret;
    const refused = await run(range, forbidden);
    expect(refused.code).toBe(2);
    expect(refused.err.join('\n')).toMatch(/^error FORBIDDEN \(HTTP 403\)/);

    const invalid = await run(['--from', '2026-11-01', '--to', '2026-10-01'], reportingKey);
    expect(invalid.code).toBe(2);
    expect(invalid.err.join('\n')).toContain('BAD_USER_INPUT');
    expect(invalid.err.join('\n')).toContain('to: must be after from');

    expect((await run(range, undefined)).code).toBe(1);
    expect((await run([...range, '--group-by', 'WEEK'], reportingKey)).code).toBe(1);
  });
});
