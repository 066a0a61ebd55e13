import { parse } from 'graphql';
import { DEFAULT_QUERY_LIMITS, measureOperation } from '../src/graphql/query-limits';
import { getSchema } from '../src/graphql/schema';
import { Json, startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

/** Runs `query` anonymously and asserts it ran no SQL at all. */
async function noSql(query: string) {
  t.queries.reset();
  const res = await t.gql(query);
  expect(t.queries.count).toBe(0);
  return res;
}

function expectRefused(res: Json, limit: string) {
  expect(res.status).toBe(400);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors[0].extensions).toMatchObject({ code: 'BAD_REQUEST', limit });
  expect(res.errors[0].message).toContain(`${limit} limit`);
  expect(res.errors[0].extensions.requestId).toMatch(/^req_/);
}

async function cost(query: string): Promise<number> {
  const document = parse(query);
  const operation = document.definitions.find((d) => d.kind === 'OperationDefinition');
  if (!operation || operation.kind !== 'OperationDefinition') throw new Error('no operation');
  return measureOperation(await getSchema(), document, operation).cost;
}

describe('depth limit (8)', () => {
  // __schema types fields type ofType ofType ofType name: 8 levels.
  const deep = (ofTypes: number) =>
    `{ __schema { types { fields { type { ${'ofType { '.repeat(ofTypes)}name${' }'.repeat(ofTypes)} } } } } }`;

  it('runs an operation exactly 8 deep', async () => {
    const res = await noSql(deep(3));
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('refuses one 9 deep before running it', async () => {
    expectRefused(await noSql(deep(4)), 'depth');
  });

  it('counts through fragment spreads: reusing fragments cannot hide depth', async () => {
    const within = `{ __schema { types { fields { type { ...A } } } } }
      fragment A on __Type { ofType { ...B } }
      fragment B on __Type { ofType { ofType { name } } }`;
    const res = await noSql(within);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const beyond = `{ __schema { types { fields { type { ...A } } } } }
      fragment A on __Type { ofType { ...B } ...B }
      fragment B on __Type { ofType { ofType { ...C } } }
      fragment C on __Type { ofType { name } }`;
    const refused = await noSql(beyond);
    expectRefused(refused, 'depth');
    expect(refused.errors?.[0].extensions).toMatchObject({ max: 8, found: 9 });
  });
});

describe('cost limit (5000)', () => {
  const base = `__schema { types { fields { args { name description } type { name kind } } } }`;
  /** A document of exactly `target` cost: the base plus __typename padding at three levels. */
  async function ofCost(target: number): Promise<string> {
    const baseCost = await cost(`{ ${base} }`);
    let rest = target - baseCost;
    expect(rest).toBeGreaterThan(0);
    // Inside `types { fields { ... } }` a leaf costs 100, inside `types` 10, at the root 1.
    const hundreds = Math.floor(rest / 100);
    rest -= hundreds * 100;
    const tens = Math.floor(rest / 10);
    const ones = rest - tens * 10;
    const pad = (n: number) => ' __typename'.repeat(n);
    const query = `{ __schema { types {${pad(tens)} fields {${pad(hundreds)} args { name description } type { name kind } } } }${pad(ones)} }`;
    expect(await cost(query)).toBe(target);
    return query;
  }

  it('runs an operation costing exactly 5000', async () => {
    const res = await noSql(await ofCost(DEFAULT_QUERY_LIMITS.maxCost));
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('refuses one costing 5001', async () => {
    const res = await noSql(await ofCost(DEFAULT_QUERY_LIMITS.maxCost + 1));
    expectRefused(res, 'cost');
    expect(res.errors?.[0].extensions).toMatchObject({ max: 5000, found: 5001 });
  });

  it('counts list fields ten times and fragments at every use', async () => {
    expect(await cost('{ __typename }')).toBe(1);
    expect(await cost('{ __schema { types { name } } }')).toBe(2 + 1 * (2 + 10 * 1));
    expect(
      await cost(
        '{ __schema { types { ...F } queryType { ...F } } } fragment F on __Type { name }',
      ),
    ).toBe(2 + (2 + 10 * 1) + (2 + 1));
  });
});

describe('alias limit (15)', () => {
  const aliases = (n: number) =>
    `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`;

  it('runs 15 aliases', async () => {
    const res = await noSql(aliases(15));
    expect(res.status).toBe(200);
    expect(Object.keys(res.data)).toHaveLength(15);
  });

  it('refuses 16, also when hidden in a fragment', async () => {
    expectRefused(await noSql(aliases(16)), 'aliases');
    const inFragment = `{ ...F a15: __typename } fragment F on Query { ${Array.from(
      { length: 15 },
      (_, i) => `a${i}: __typename`,
    ).join(' ')} }`;
    expectRefused(await noSql(inFragment), 'aliases');
  });
});

describe('directive limit (50)', () => {
  const directives = (n: number) => `{ __typename${' @include(if: true)'.repeat(n)} }`;

  it('runs 50 directives', async () => {
    // Repeating @include on one field is invalid GraphQL; spread them over fields instead.
    const query = `{ ${Array.from({ length: 50 }, () => '__typename @include(if: true)').join(' ')} }`;
    const res = await noSql(query);
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('refuses 51', async () => {
    const query = `{ ${Array.from({ length: 51 }, () => '__typename @include(if: true)').join(' ')} }`;
    expectRefused(await noSql(query), 'directives');
    // Many directives on one field are refused too (validation or the limit, never executed).
    const repeated = await noSql(directives(60));
    expect(repeated.status).toBe(400);
  });
});

describe('token limit (1000)', () => {
  // 8 tokens of structure plus the padding fields, spread over three selection sets (graphql-js
  // budgets the comparisons of same-named fields; one set of 998 would hit that budget instead).
  const tokens = (n: number) => {
    const fields = n - 8;
    const a = Math.floor(fields / 3);
    const b = Math.floor(fields / 3);
    const c = fields - a - b;
    const pad = (k: number) => ' __typename'.repeat(k);
    return `{${pad(a)} __schema {${pad(b)} types {${pad(c)} } } }`;
  };

  it('parses and runs a document of exactly 1000 tokens', async () => {
    const res = await noSql(tokens(1000));
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
  });

  it('refuses 1001 tokens while parsing, naming the limit', async () => {
    const res = await noSql(tokens(1001));
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(res.errors?.[0].message).toMatch(/more tha[nt] 1000 tokens/);
  });
});

describe('HTTP batching', () => {
  it('refuses a JSON array body with 400, running nothing', async () => {
    t.queries.reset();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }]),
    });
    expect(res.status).toBe(400);
    const body: Json = await res.json();
    expect(body.errors[0].extensions.code).toBe('BAD_REQUEST');
    expect(body.errors[0].message).toMatch(/batching/i);
    expect(t.queries.count).toBe(0);
  });

  it('still answers a single operation object', async () => {
    const res = await noSql('{ __typename }');
    expect(res.status).toBe(200);
  });
});

describe('body size limit (BODY_LIMIT_BYTES, 102400 by default)', () => {
  const limit = 102400;
  /** A JSON body of exactly `size` bytes. */
  const bodyOf = (size: number) => {
    const empty = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
    return JSON.stringify({
      query: '{ __typename }',
      variables: { pad: 'x'.repeat(size - empty.length) },
    });
  };

  it('accepts a body of exactly the limit', async () => {
    const body = bodyOf(limit);
    expect(Buffer.byteLength(body)).toBe(limit);
    t.queries.reset();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    expect(t.queries.count).toBe(0);
  });

  it('refuses one byte more with 413 PAYLOAD_TOO_LARGE', async () => {
    t.queries.reset();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: bodyOf(limit + 1),
    });
    expect(res.status).toBe(413);
    const body: Json = await res.json();
    expect(body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(t.queries.count).toBe(0);
  });
});
