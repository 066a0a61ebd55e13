import { gzipSync } from 'node:zlib';
import { ConfigError, loadConfig } from '../src/config';
import { LabelBound } from '../src/http/metrics';
import { Json, startTestServer, TestServer } from './helpers/test-server';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ config: { bodyLimitBytes: 2048 } });
});
afterAll(() => t.close());

const base = () => t.url.replace(/\/graphql$/, '');

describe('HTTP layer', () => {
  it('answers GET /readyz with 200 and what it checked (no Redis configured)', async () => {
    const res = await fetch(`${base()}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', database: 'ok' });
  });

  it('serves Prometheus metrics: requests by operation and outcome, cache, queues', async () => {
    await t.gql(`query Ping { __typename }`);
    await t.gql(`{ __typename }`);
    await t.gql(`query Refused { currentApiKey { id } }`);
    const res = await fetch(`${base()}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/^graphql_requests_total\{operation="Ping",outcome="OK"\} 1$/m);
    expect(text).toMatch(/^graphql_requests_total\{operation="anonymous",outcome="OK"\} \d+$/m);
    expect(text).toMatch(
      /^graphql_requests_total\{operation="Refused",outcome="API_KEY_MISSING"\} 1$/m,
    );
    expect(text).toMatch(/^graphql_request_duration_seconds_bucket\{le="0.1",operation="Ping"/m);
    for (const name of [
      'key_cache_hits_total',
      'key_cache_misses_total',
      'key_cache_entries',
      'request_log_queue_depth',
      'webhook_backlog',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} \\d+$`, 'm'));
    }
    expect(text).not.toMatch(/revocation_bus_up/);
  });

  it('bounds the operation label: unnamed as anonymous, odd or excess names as other', () => {
    const bound = new LabelBound(2, 'anonymous');
    expect([null, '', 'A', 'B', 'C', 'A', 'not a name'].map((v) => bound.label(v))).toEqual([
      'anonymous',
      'anonymous',
      'A',
      'B',
      'other',
      'A',
      'other',
    ]);
  });

  it('puts the request id on every log line of a request', async () => {
    const res = await t.gql(`query LogMe { __typename }`);
    const id = res.headers.get('x-request-id');
    const lines = t.logs.filter((line) => line.includes('"LogMe"'));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line).requestId).toBe(id);
  });

  it('answers GET /healthz with 200 while the process serves', async () => {
    const res = await fetch(`${base()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('answers malformed JSON with 400 in the GraphQL error shape, with the request id', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const body: Json = await res.json();
    expect(body.errors[0].extensions).toEqual({
      code: 'BAD_REQUEST',
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }`, variables: { pad: 'x'.repeat(4096) } }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Json).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses an over-limit body sent without a length (chunked) with 413, running nothing', async () => {
    const piece = new TextEncoder().encode(' '.repeat(1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query": "{ __typename }"'));
        if (sent++ < 4) controller.enqueue(piece);
        else controller.close();
      },
    });
    t.queries.reset();
    const res = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const json: Json = await res.json();
    expect(json.errors[0].extensions).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      requestId: res.headers.get('x-request-id'),
    });
    expect(t.queries.count).toBe(0);
  });

  it('keeps CSRF prevention on: a simple cross-site GET is refused, with the request id', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      method: 'GET',
    });
    expect(res.status).toBe(400);
    const body: Json = await res.json();
    expect(body.errors[0].extensions.requestId).toBe(res.headers.get('x-request-id'));
  });

  it('allows browser checkouts from any origin (CORS) with the X-Api-Key header', async () => {
    const res = await fetch(t.url, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-api-key',
      },
    });
    expect(res.status).toBeLessThan(300);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers a GraphQL POST with the API headers: request id, CORS, security, no cache', async () => {
    const res = await t.gql(`{ __typename }`, { headers: { origin: 'https://shop.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id,Retry-After');
    expect(res.headers.get('vary')).toMatch(/Origin/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('takes compressed and non-UTF-8 declared bodies too (served by the Express route)', async () => {
    const body = JSON.stringify({ query: 'query Zipped { __typename }' });
    const zipped = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(body),
    });
    expect(zipped.status).toBe(200);
    expect(zipped.headers.get('x-request-id')).toMatch(/^req_/);
    expect(((await zipped.json()) as Json).data.__typename).toBe('Query');
    const latin1 = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=iso-8859-1' },
      body,
    });
    expect(latin1.status).toBe(415);
    expect(latin1.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('answers an empty POST body and a JSON scalar body with 400', async () => {
    for (const body of ['', '"query"']) {
      const res = await fetch(t.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      const json: Json = await res.json();
      expect(json.errors[0].extensions.requestId).toBe(res.headers.get('x-request-id'));
    }
  });

  it('answers GraphQL validation errors with 400 and a code', async () => {
    const res = await t.gql('{ noSuchField }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('configuration', () => {
  it('uses the embedded SQLite database and port 4000 by default', () => {
    const config = loadConfig({ NODE_ENV: 'test', KEY_PEPPER: 'p'.repeat(32) });
    expect(config).toMatchObject({
      port: 4000,
      databaseUrl: 'sqlite:data/dev.sqlite',
      bcryptRounds: 12,
    });
  });

  it.each([
    [{ NODE_ENV: 'production', KEY_PEPPER: 'p'.repeat(32) }, /DATABASE_URL is required/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'sqlite:x.db', KEY_PEPPER: 'p'.repeat(32) }, /MySQL/],
    [{ NODE_ENV: 'production', DATABASE_URL: 'mysql://u:p@db:3306/app' }, /KEY_PEPPER is required/],
    [
      { NODE_ENV: 'test', DATABASE_URL: 'postgres://x', KEY_PEPPER: 'p'.repeat(32) },
      /DATABASE_URL must be/,
    ],
    [{ NODE_ENV: 'test', KEY_PEPPER: 'short' }, /at least 32/],
    [{ NODE_ENV: 'test', KEY_PEPPER: 'p'.repeat(32), PORT: 'eighty' }, /PORT/],
    [{ NODE_ENV: 'test', KEY_PEPPER: 'p'.repeat(32), TRUST_PROXY: 'the proxy' }, /TRUST_PROXY/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it.each([
    [undefined, false],
    ['false', false],
    ['true', true],
    ['1', 1],
    ['loopback, 10.0.0.0/8', ['loopback', '10.0.0.0/8']],
  ])('reads TRUST_PROXY=%j as %j', (value, expected) => {
    const env = { NODE_ENV: 'test', KEY_PEPPER: 'p'.repeat(32), TRUST_PROXY: value };
    expect(loadConfig(env).trustProxy).toEqual(expected);
  });

  it('starts in production with MySQL and a pepper, with introspection off', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'mysql://u:p@db:3306/app',
      KEY_PEPPER: 'p'.repeat(32),
    });
    expect(config).toMatchObject({
      introspection: false,
      runMigrations: false,
      seedDemoData: false,
    });
  });
});
