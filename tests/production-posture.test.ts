import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Json, startTestServer, TestServer } from './helpers/test-server';
import { createOwner } from './helpers/fixtures';

const ROOT = join(__dirname, '..');
const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('production posture (NODE_ENV=production)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { env: 'production', introspection: false } });
  });
  afterAll(() => t.close());

  it('refuses introspection', async () => {
    const res = await t.gql(INTROSPECTION);
    expect(res.status).toBe(400);
    expect(res.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0].message).toMatch(/introspection/i);
    expect(res.data).toBeUndefined();
  });

  it('serves no landing page to a browser', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(res.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    const body = await res.text();
    expect(body).not.toMatch(/<html|sandbox/i);
  });

  it('gives no field suggestions in validation errors', async () => {
    const res = await t.gql('{ merchnts { id } }');
    expect(res.status).toBe(400);
    expect(res.raw).not.toMatch(/Did you mean/i);
    expect(res.raw).not.toContain('merchants');
  });

  it('masks internal errors: no message, stack or SQL', async () => {
    const owner = await createOwner(t);
    // Break the database under the running server: the next merchant query fails in the driver.
    await t.server.dataSource.query('ALTER TABLE merchants RENAME TO merchants_gone');
    try {
      const res = await t.gql('{ merchants { id } }', { token: owner.token });
      expect(res.errors?.[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
      expect(res.errors?.[0].message).toBe('Internal server error.');
      expect(res.errors?.[0].extensions.stacktrace).toBeUndefined();
      expect(res.raw).not.toMatch(/select|sqlite|mysql|maria|merchants_gone|no such table|at /i);
      expect(res.errors?.[0].extensions.requestId).toMatch(/^req_/);
    } finally {
      await t.server.dataSource.query('ALTER TABLE merchants_gone RENAME TO merchants');
    }
  });

  it('sends security headers fit for an API, HSTS included', async () => {
    const res = await t.gql('{ __typename }');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('keeps CSRF prevention on', async () => {
    const res = await fetch(`${t.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(res.status).toBe(400);
    const body: Json = await res.json();
    expect(body.errors[0].message).toMatch(/CSRF/i);
  });
});

describe('production posture with INTROSPECTION=true', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { env: 'production', introspection: true } });
  });
  afterAll(() => t.close());

  it('answers introspection when explicitly enabled', async () => {
    const res = await t.gql(INTROSPECTION);
    expect(res.status).toBe(200);
    expect(res.data.__schema.queryType.name).toBe('Query');
  });
});

describe('development posture', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ config: { env: 'development', introspection: true } });
  });
  afterAll(() => t.close());

  it('serves the Sandbox landing page without the strict CSP that would break it', async () => {
    const res = await fetch(t.url, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toMatch(/sandbox/i);
    expect(res.headers.get('content-security-policy')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('still suggests field names while developing', async () => {
    const res = await t.gql('{ merchnts { id } }');
    expect(res.raw).toMatch(/Did you mean/);
  });
});

describe('start-up configuration checks (node dist/src/index.js)', () => {
  beforeAll(() => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: ROOT,
        stdio: 'pipe',
      },
    );
  }, 120_000);

  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, [join(ROOT, 'dist/src/index.js')], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each([
    [
      { NODE_ENV: 'production', KEY_PEPPER: 'p'.repeat(40) },
      /DATABASE_URL is required in production/,
    ],
    [
      { NODE_ENV: 'production', KEY_PEPPER: 'p'.repeat(40), DATABASE_URL: 'sqlite::memory:' },
      /must be a MySQL\/MariaDB URL/,
    ],
    [
      { NODE_ENV: 'production', DATABASE_URL: 'mysql://u:p@127.0.0.1:1/app' },
      /KEY_PEPPER is required in production/,
    ],
  ])('exits 1 with a clear message for %j', (env, message) => {
    const result = start(env);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^Configuration error: /);
    expect(result.stderr).toMatch(message);
  });
});
