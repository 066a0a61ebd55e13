import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITIES } from '../src/entities';
import { checkWebhookUrl } from '../src/services/webhook.service';
import { verifyWebhookSignature } from '../src/webhooks/verify-signature';
import { retryDelayMs, WebhookDeliverer } from '../src/workers/webhook-deliverer';
import { createKey, createMerchant, createOwner, TestAccount } from './helpers/fixtures';
import { Json, startTestServer, TestServer, TestServerOptions } from './helpers/test-server';

/** A webhook receiver on 127.0.0.1 that records every request. */
interface Receiver {
  url: string;
  requests: { headers: IncomingHttpHeaders; body: string }[];
  /** Status to answer the n-th request (0-based) with; 200 by default. */
  answer: (index: number) => number;
  close(): Promise<void>;
}

async function startReceiver(answer: (index: number) => number = () => 200): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    requests: [],
    answer,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = receiver.requests.length;
      receiver.requests.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.statusCode = receiver.answer(index);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return receiver;
}

/** The same secret with its last character changed. */
function otherSecret(secret: string): string {
  return secret.slice(0, -1) + (secret.endsWith('x') ? 'y' : 'x');
}

async function waitFor(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const CREATE_ENDPOINT = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint { id url eventTypes enabled mode merchantId disabledReason }
  }
}`;

const DELIVERIES = `query($id: ID!, $filter: WebhookDeliveryFilter, $first: Int, $after: String) {
  webhookDeliveries(endpointId: $id, filter: $filter, first: $first, after: $after) {
    nodes { id eventId eventType status attemptCount lastStatusCode
            attempts { attempt statusCode durationMs error createdAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function createEndpoint(
  t: TestServer,
  owner: TestAccount,
  input: Record<string, unknown>,
): Promise<{ secret: string; endpoint: Json }> {
  const res = await t.gql(CREATE_ENDPOINT, {
    token: owner.token,
    variables: { input: { mode: 'TEST', eventTypes: ALL_EVENTS, ...input } },
  });
  if (!res.data?.createWebhookEndpoint) throw new Error(`createWebhookEndpoint: ${res.raw}`);
  return res.data.createWebhookEndpoint;
}

const ALL_EVENTS = [
  'PAYMENT_REQUEST_CREATED',
  'PAYMENT_TRANSACTION_STATUS_CHANGED',
  'API_KEY_CREATED',
  'API_KEY_ROTATED',
  'API_KEY_DEACTIVATED',
  'API_KEY_EXPIRING',
];

function testKey(t: TestServer, owner: TestAccount, merchantId: string, extra = {}) {
  return createKey(t, owner, { merchantId, mode: 'TEST', ...extra });
}

async function deliveries(
  t: TestServer,
  owner: TestAccount,
  endpointId: string,
  filter?: Record<string, unknown>,
): Promise<Json[]> {
  const res = await t.gql(DELIVERIES, {
    token: owner.token,
    variables: { id: endpointId, filter },
  });
  if (!res.data?.webhookDeliveries) throw new Error(`webhookDeliveries: ${res.raw}`);
  return res.data.webhookDeliveries.nodes;
}

describe('webhooks', () => {
  let t: TestServer;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestServer({ config: { webhookRetryBaseMs: 20, webhookTimeoutMs: 2000 } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  it('signs each delivery so that the helper verifies it; tampering or an old timestamp fails', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const { secret, endpoint } = await createEndpoint(t, owner, { merchantId, url: receiver.url });
    expect(secret).toMatch(/^whsec_[0-9A-Za-z]{32}$/);
    expect(endpoint).toMatchObject({ enabled: true, mode: 'TEST', disabledReason: null });
    const key = await testKey(t, owner, merchantId);

    await t.server.workers.webhooks.runOnce();
    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    const payload = JSON.parse(request.body);
    expect(payload).toMatchObject({
      type: 'api_key.created',
      merchantId,
      mode: 'TEST',
      data: {
        apiKey: {
          id: key.apiKey.id,
          prefix: key.apiKey.prefix,
          name: key.apiKey.name,
          type: 'PRIVATE',
          mode: 'TEST',
          expiresAt: null,
        },
      },
    });
    expect(payload.id).toMatch(/^evt_/);
    expect(request.headers['webhook-id']).toBe(payload.id);
    expect(request.body).not.toContain(key.secret);
    const header = request.headers['webhook-signature'] as string;
    const timestamp = Number(request.headers['webhook-timestamp']);
    expect(header).toMatch(new RegExp(`^t=${timestamp},v1=[0-9a-f]{64}$`));

    expect(verifyWebhookSignature({ payload: request.body, header, secret })).toBe(true);
    expect(verifyWebhookSignature({ payload: Buffer.from(request.body), header, secret })).toBe(
      true,
    );
    const tampered = request.body.replace('api_key.created', 'api_key.rotated');
    expect(verifyWebhookSignature({ payload: tampered, header, secret })).toBe(false);
    expect(
      verifyWebhookSignature({
        payload: request.body,
        header,
        secret,
        now: (timestamp + 301) * 1000,
      }),
    ).toBe(false);
    expect(
      verifyWebhookSignature({ payload: request.body, header, secret: otherSecret(secret) }),
    ).toBe(false);
    expect(verifyWebhookSignature({ payload: request.body, header: 'garbage', secret })).toBe(
      false,
    );
    expect(verifyWebhookSignature({ payload: request.body, header: undefined, secret })).toBe(
      false,
    );

    const [delivery] = await deliveries(t, owner, endpoint.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 1, lastStatusCode: 200 });
  });

  it('retries a 500 with backoff; the event arrives twice at most and both attempts are logged', async () => {
    receiver.answer = (index) => (index === 0 ? 500 : 200);
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const { endpoint } = await createEndpoint(t, owner, { merchantId, url: receiver.url });
    await testKey(t, owner, merchantId);

    expect(await t.server.workers.webhooks.runOnce()).toBe(1);
    const [pending] = await deliveries(t, owner, endpoint.id);
    expect(pending).toMatchObject({ status: 'PENDING', attemptCount: 1, lastStatusCode: 500 });
    // The retry is due after about 20 ms (base delay, with jitter).
    for (let i = 0; i < 100 && receiver.requests.length < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await t.server.workers.webhooks.runOnce();
    }
    for (let i = 0; i < 3; i++) await t.server.workers.webhooks.runOnce();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[0].headers['webhook-id']).toBe(
      receiver.requests[1].headers['webhook-id'],
    );

    const [delivery] = await deliveries(t, owner, endpoint.id);
    expect(delivery).toMatchObject({ status: 'SUCCEEDED', attemptCount: 2, lastStatusCode: 200 });
    expect(delivery.attempts).toEqual([
      expect.objectContaining({ attempt: 1, statusCode: 500, error: 'HTTP 500' }),
      expect.objectContaining({ attempt: 2, statusCode: 200, error: null }),
    ]);
  });

  it('sends an endpoint only the event types it subscribes to', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const createdOnly = await createEndpoint(t, owner, {
      merchantId,
      url: receiver.url + '/created',
      eventTypes: ['API_KEY_CREATED'],
    });
    const everything = await createEndpoint(t, owner, { merchantId, url: receiver.url + '/all' });
    const live = await createEndpoint(t, owner, {
      merchantId,
      mode: 'LIVE',
      url: receiver.url + '/live',
    });
    const key = await testKey(t, owner, merchantId);
    const rotated = await t.gql(`mutation($id: ID!) { rotateApiKey(id: $id) { apiKey { id } } }`, {
      token: owner.token,
      variables: { id: key.apiKey.id },
    });
    const newId = rotated.data.rotateApiKey.apiKey.id;
    await t.gql(`mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`, {
      token: owner.token,
      variables: { id: newId },
    });
    // Deactivating again changes nothing and emits nothing.
    await t.gql(`mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`, {
      token: owner.token,
      variables: { id: newId },
    });
    await t.server.workers.webhooks.runOnce();

    const byEndpoint = async (id: string) =>
      (await deliveries(t, owner, id)).map((d: Json) => d.eventType).sort();
    expect(await byEndpoint(createdOnly.endpoint.id)).toEqual(['API_KEY_CREATED']);
    expect(await byEndpoint(everything.endpoint.id)).toEqual([
      'API_KEY_CREATED',
      'API_KEY_DEACTIVATED',
      'API_KEY_ROTATED',
    ]);
    expect(await byEndpoint(live.endpoint.id)).toEqual([]);
    expect(receiver.requests).toHaveLength(4);
    const rotatedPayload = receiver.requests
      .map((r) => JSON.parse(r.body))
      .find((p) => p.type === 'api_key.rotated');
    expect(rotatedPayload.data).toMatchObject({
      apiKey: { id: newId },
      previousApiKey: { id: key.apiKey.id },
    });

    const filtered = await deliveries(t, owner, everything.endpoint.id, {
      eventType: 'API_KEY_ROTATED',
      status: 'SUCCEEDED',
    });
    expect(filtered).toHaveLength(1);
    expect(await deliveries(t, owner, everything.endpoint.id, { status: 'FAILED' })).toEqual([]);
  });

  it('announces a deleted key as deactivated, once', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const { endpoint } = await createEndpoint(t, owner, {
      merchantId,
      url: receiver.url,
      eventTypes: ['API_KEY_DEACTIVATED'],
    });
    const active = await testKey(t, owner, merchantId);
    const stopped = await testKey(t, owner, merchantId);
    const run = (query: string, id: string) =>
      t.gql(query, { token: owner.token, variables: { id } });
    await run(`mutation($id: ID!) { deactivateApiKey(id: $id) { id } }`, stopped.apiKey.id);
    await run(`mutation($id: ID!) { deleteApiKey(id: $id) }`, stopped.apiKey.id);
    await run(`mutation($id: ID!) { deleteApiKey(id: $id) }`, active.apiKey.id);
    await t.server.workers.webhooks.runOnce();
    const keyIds = receiver.requests.map((r) => JSON.parse(r.body).data.apiKey.id).sort();
    expect(keyIds).toEqual([active.apiKey.id, stopped.apiKey.id].sort());
    expect(await deliveries(t, owner, endpoint.id)).toHaveLength(2);
  });

  it('emits payment request and transaction status events in the transaction of the change', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    await createEndpoint(t, owner, {
      merchantId,
      url: receiver.url,
      eventTypes: ['PAYMENT_REQUEST_CREATED', 'PAYMENT_TRANSACTION_STATUS_CHANGED'],
    });
    const key = await testKey(t, owner, merchantId);
    const request = await t.gql(
      `mutation { createPaymentRequest(input: { amount: 1500, currency: "EUR" }) { id } }`,
      { apiKey: key.secret },
    );
    const tx = await t.gql(
      `mutation { createPaymentTransaction(input: { amount: 1500, currency: "EUR" }) { id } }`,
      { apiKey: key.secret },
    );
    const txId = tx.data.createPaymentTransaction.id;
    const setStatus = (status: string) =>
      t.gql(
        `mutation($id: ID!, $status: TransactionStatus) {
        updatePaymentTransaction(id: $id, input: { status: $status }) { id status } }`,
        {
          apiKey: key.secret,
          variables: { id: txId, status },
        },
      );
    expect((await setStatus('SUCCEEDED')).data.updatePaymentTransaction.status).toBe('SUCCEEDED');
    // A refused change (SUCCEEDED -> FAILED) records no event.
    expect((await setStatus('FAILED')).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    await t.server.workers.webhooks.runOnce();

    const payloads = receiver.requests.map((r) => JSON.parse(r.body));
    expect(payloads.map((p) => p.type)).toEqual([
      'payment_request.created',
      'payment_transaction.status_changed',
    ]);
    expect(payloads[0].data.paymentRequest).toMatchObject({
      id: request.data.createPaymentRequest.id,
      amount: 1500,
      currency: 'EUR',
    });
    expect(payloads[1].data).toMatchObject({
      paymentTransaction: { id: txId, status: 'SUCCEEDED' },
      previousStatus: 'PENDING',
    });
  });

  it('signs with both secrets during a rotation overlap, and only the new one without', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const { secret: oldSecret, endpoint } = await createEndpoint(t, owner, {
      merchantId,
      url: receiver.url,
    });
    const rotate = (overlapSeconds: number) =>
      t.gql(
        `mutation($id: ID!, $s: Int) { rotateWebhookSecret(id: $id, overlapSeconds: $s) { secret endpoint { previousSecretExpiresAt } } }`,
        { token: owner.token, variables: { id: endpoint.id, s: overlapSeconds } },
      );
    const first = (await rotate(3600)).data.rotateWebhookSecret;
    expect(first.endpoint.previousSecretExpiresAt).not.toBeNull();
    await testKey(t, owner, merchantId);
    await t.server.workers.webhooks.runOnce();
    const during = receiver.requests[0];
    const header = during.headers['webhook-signature'] as string;
    expect(header.match(/v1=/g)).toHaveLength(2);
    for (const secret of [oldSecret, first.secret]) {
      expect(verifyWebhookSignature({ payload: during.body, header, secret })).toBe(true);
    }

    const second = (await rotate(0)).data.rotateWebhookSecret;
    await testKey(t, owner, merchantId);
    await t.server.workers.webhooks.runOnce();
    const after = receiver.requests[1];
    const afterHeader = after.headers['webhook-signature'] as string;
    expect(afterHeader.match(/v1=/g)).toHaveLength(1);
    expect(
      verifyWebhookSignature({ payload: after.body, header: afterHeader, secret: second.secret }),
    ).toBe(true);
    expect(
      verifyWebhookSignature({ payload: after.body, header: afterHeader, secret: first.secret }),
    ).toBe(false);

    expect((await rotate(8 * 24 * 3600)).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
  });

  it('stores no signing secret in clear and logs none', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const created = await createEndpoint(t, owner, { merchantId, url: receiver.url });
    const rotated = await t.gql(
      `mutation($id: ID!) { rotateWebhookSecret(id: $id, overlapSeconds: 60) { secret } }`,
      { token: owner.token, variables: { id: created.endpoint.id } },
    );
    await testKey(t, owner, merchantId);
    await t.server.workers.webhooks.runOnce();
    expect(receiver.requests).toHaveLength(1);
    const rows = await Promise.all(
      ENTITIES.map((entity) => t.server.dataSource.getRepository(entity).find()),
    );
    const dump = JSON.stringify(rows);
    const logs = t.logs.join('');
    for (const secret of [created.secret, rotated.data.rotateWebhookSecret.secret]) {
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice('whsec_'.length));
      expect(logs).not.toContain(secret.slice('whsec_'.length));
    }
  });

  it('validates URLs, keeps endpoints to their owners, and refuses API keys', async () => {
    const owner = await createOwner(t);
    const other = await createOwner(t, 'other');
    const merchantId = await createMerchant(t, owner);
    const create = (who: TestAccount, input: Record<string, unknown>) =>
      t.gql(CREATE_ENDPOINT, {
        token: who.token,
        variables: { input: { merchantId, mode: 'TEST', eventTypes: ALL_EVENTS, ...input } },
      });
    for (const url of [
      'ftp://127.0.0.1/x',
      'http://example.com/hook',
      'not a url',
      'https://user:pass@example.com/',
      'javascript:alert(1)',
    ]) {
      const res = await create(owner, { url });
      expect(res.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(
      (await create(owner, { url: 'https://example.com/', eventTypes: [] })).errors?.[0].extensions
        .code,
    ).toBe('BAD_USER_INPUT');
    expect((await create(other, { url: 'https://example.com/' })).errors?.[0].extensions.code).toBe(
      'NOT_FOUND',
    );
    const { endpoint } = await createEndpoint(t, owner, {
      merchantId,
      url: 'https://example.com/hooks',
    });
    for (const query of [
      `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { id } }`,
      `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
      `mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`,
      `query($id: ID!) { webhookDeliveries(endpointId: $id) { nodes { id } } }`,
    ]) {
      const res = await t.gql(query, { token: other.token, variables: { id: endpoint.id } });
      expect(res.errors?.[0].extensions.code).toBe('NOT_FOUND');
    }
    const listed = await t.gql(
      `query($m: ID!) { webhookEndpoints(merchantId: $m, mode: TEST) { id url } }`,
      { token: owner.token, variables: { m: merchantId } },
    );
    expect(listed.data.webhookEndpoints).toEqual([
      { id: endpoint.id, url: 'https://example.com/hooks' },
    ]);
    const key = await testKey(t, owner, merchantId);
    const byKey = await t.gql(
      `query($m: ID!) { webhookEndpoints(merchantId: $m, mode: TEST) { id } }`,
      { apiKey: key.secret, variables: { m: merchantId } },
    );
    expect(byKey.errors?.[0].extensions.code).toBe('FORBIDDEN');

    const updated = await t.gql(
      `mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { url: "https://example.org/x", eventTypes: [API_KEY_CREATED], description: "d" }) { url eventTypes description enabled } }`,
      { token: owner.token, variables: { id: endpoint.id } },
    );
    expect(updated.data.updateWebhookEndpoint).toEqual({
      url: 'https://example.org/x',
      eventTypes: ['API_KEY_CREATED'],
      description: 'd',
      enabled: true,
    });
    const deleted = await t.gql(`mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }`, {
      token: owner.token,
      variables: { id: endpoint.id },
    });
    expect(deleted.data.deleteWebhookEndpoint).toBe(true);
  });

  it('never sends a delivery twice when two deliverers claim at the same time', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    await createEndpoint(t, owner, { merchantId, url: receiver.url });
    for (let i = 0; i < 6; i++) await testKey(t, owner, merchantId, { name: `key ${i}` });
    const instances = [1, 2, 3].map(
      () =>
        new WebhookDeliverer(t.server.services.webhooks, t.server.logger, {
          intervalMs: 0,
          batchSize: 6,
        }),
    );
    const sent = await Promise.all(instances.map((d) => d.runOnce()));
    expect(sent.reduce((a, b) => a + b, 0)).toBe(6);
    expect(receiver.requests).toHaveLength(6);
    expect(new Set(receiver.requests.map((r) => r.headers['webhook-id'])).size).toBe(6);
  });

  it('redelivers an event by hand', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const { endpoint } = await createEndpoint(t, owner, { merchantId, url: receiver.url });
    await testKey(t, owner, merchantId);
    await t.server.workers.webhooks.runOnce();
    const [first] = await deliveries(t, owner, endpoint.id);
    const res = await t.gql(
      `mutation($e: ID!, $w: ID!) { redeliverWebhookEvent(eventId: $e, endpointId: $w) { id status eventId } }`,
      { token: owner.token, variables: { e: first.eventId, w: endpoint.id } },
    );
    expect(res.data.redeliverWebhookEvent).toMatchObject({
      status: 'PENDING',
      eventId: first.eventId,
    });
    await t.server.workers.webhooks.runOnce();
    expect(receiver.requests.map((r) => r.headers['webhook-id'])).toEqual([
      first.eventId,
      first.eventId,
    ]);
    const missing = await t.gql(
      `mutation($w: ID!) { redeliverWebhookEvent(eventId: "evt_01JD0000000000000000000000", endpointId: $w) { id } }`,
      { token: owner.token, variables: { w: endpoint.id } },
    );
    expect(missing.errors?.[0].extensions.code).toBe('NOT_FOUND');
  });

  it('emits api_key.expiring once per key, some days before it expires', async () => {
    const owner = await createOwner(t);
    const merchantId = await createMerchant(t, owner);
    const { endpoint } = await createEndpoint(t, owner, {
      merchantId,
      url: receiver.url,
      eventTypes: ['API_KEY_EXPIRING'],
    });
    const soon = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const expiring = await testKey(t, owner, merchantId, { expiresAt: soon });
    await testKey(t, owner, merchantId, { expiresAt: later });
    expect(await t.server.workers.webhooks.scanExpiring()).toBeGreaterThanOrEqual(1);
    expect(await t.server.workers.webhooks.scanExpiring()).toBe(0);
    await t.server.workers.webhooks.runOnce();
    const found = await deliveries(t, owner, endpoint.id);
    expect(found).toHaveLength(1);
    expect(JSON.parse(receiver.requests[0].body).data.apiKey).toMatchObject({
      id: expiring.apiKey.id,
      expiresAt: soon,
    });
  });
});

describe('webhook endpoints that keep failing', () => {
  it('are disabled after the configured number of failed deliveries, with a reason', async () => {
    const t = await startTestServer({
      config: { webhookMaxAttempts: 1, webhookDisableAfterFailures: 2 },
    });
    const receiver = await startReceiver(() => 503);
    try {
      const owner = await createOwner(t);
      const merchantId = await createMerchant(t, owner);
      const { endpoint } = await createEndpoint(t, owner, { merchantId, url: receiver.url });
      await testKey(t, owner, merchantId);
      await testKey(t, owner, merchantId);
      await t.server.workers.webhooks.runOnce();
      expect(receiver.requests).toHaveLength(2);
      const listed = await t.gql(
        `query($m: ID!) { webhookEndpoints(merchantId: $m, mode: TEST) { id enabled disabledReason consecutiveFailures } }`,
        { token: owner.token, variables: { m: merchantId } },
      );
      const [state] = listed.data.webhookEndpoints;
      expect(state).toMatchObject({ id: endpoint.id, enabled: false, consecutiveFailures: 2 });
      expect(state.disabledReason).toContain('2 failed deliveries');
      expect(await deliveries(t, owner, endpoint.id, { status: 'FAILED' })).toHaveLength(2);
      expect(t.logs.join('')).toContain('webhook endpoint disabled');

      // Disabled: new events get no delivery.
      await testKey(t, owner, merchantId);
      await t.server.workers.webhooks.runOnce();
      expect(receiver.requests).toHaveLength(2);
    } finally {
      await receiver.close();
      await t.close();
    }
  });
});

describe('webhook delivery across restarts', () => {
  it('delivers events pending at shutdown, or claimed by a crashed instance, after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'webhooks-'));
    const options: TestServerOptions = {};
    if (!/^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '')) {
      options.databaseUrl = `sqlite:${join(dir, 'db.sqlite')}`;
    }
    const receiver = await startReceiver();
    const first = await startTestServer({ ...options, config: { webhookTimeoutMs: 200 } });
    let second: TestServer | undefined;
    try {
      const owner = await createOwner(first);
      const merchantId = await createMerchant(first, owner);
      const { secret } = await createEndpoint(first, owner, { merchantId, url: receiver.url });
      for (let i = 0; i < 5; i++) await testKey(first, owner, merchantId, { name: `key ${i}` });
      // A crash right after claiming two deliveries: their lease (here 400 ms) must run out.
      const claimed = await first.server.services.webhooks.claimDue(2, 400, first.server.logger);
      expect(claimed).toHaveLength(2);
      await first.close({ keepDatabase: true });
      expect(receiver.requests).toHaveLength(0);

      second = await startTestServer({
        databaseUrl: first.databaseUrl,
        config: { webhookIntervalMs: 25 },
      });
      await waitFor(() => receiver.requests.length >= 5);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(receiver.requests).toHaveLength(5);
      const ids = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      expect(ids.size).toBe(5);
      for (const request of receiver.requests) {
        expect(
          verifyWebhookSignature({
            payload: request.body,
            header: request.headers['webhook-signature'] as string,
            secret,
          }),
        ).toBe(true);
      }
    } finally {
      await receiver.close();
      if (second) await second.close();
      else await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('webhook URLs', () => {
  const accepts = (url: string, env: 'production' | 'test') => {
    try {
      checkWebhookUrl(url, env, 'url');
      return true;
    } catch {
      return false;
    }
  };

  it('need https in production and name no local or private address there', () => {
    expect(accepts('https://hooks.example.com/x', 'production')).toBe(true);
    expect(accepts('https://93.184.216.34/x', 'production')).toBe(true);
    for (const url of [
      'http://hooks.example.com/x',
      'http://localhost:3000/x',
      'https://localhost/x',
      'https://127.0.0.1/x',
      'https://10.1.2.3/x',
      'https://172.20.0.1/x',
      'https://192.168.1.1/x',
      'https://169.254.169.254/latest',
      'https://[::1]/x',
      'https://[fd00::1]/x',
      'https://[::ffff:127.0.0.1]/x',
    ]) {
      expect([url, accepts(url, 'production')]).toEqual([url, false]);
    }
  });

  it('allow http to localhost and 127.0.0.1 outside production only', () => {
    expect(accepts('http://localhost:3000/x', 'test')).toBe(true);
    expect(accepts('http://127.0.0.1:3000/x', 'test')).toBe(true);
    expect(accepts('http://10.0.0.1/x', 'test')).toBe(false);
    expect(accepts('ws://127.0.0.1/x', 'test')).toBe(false);
  });
});

describe('retry schedule', () => {
  it('doubles from the base delay, stays under the cap, and jitters by 20%', () => {
    expect(retryDelayMs(1, 1000, 60_000, () => 0.5)).toBe(1000);
    expect(retryDelayMs(3, 1000, 60_000, () => 0.5)).toBe(4000);
    expect(retryDelayMs(20, 1000, 60_000, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(2, 1000, 60_000, () => 0)).toBe(1600);
    expect(retryDelayMs(2, 1000, 60_000, () => 1)).toBe(2400);
  });
});
