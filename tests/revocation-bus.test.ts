import { randomBytes } from 'node:crypto';
import { createServer, Server, Socket } from 'node:net';
import { Writable } from 'node:stream';
import { KeyVerifier } from '../src/auth/keys/key-verifier';
import { RevocationBus } from '../src/auth/keys/revocation-bus';
import { createLogger } from '../src/logger';

/**
 * The revocation bus against a real Redis (TEST_REDIS_URL or 127.0.0.1:6379, as in CI), with a
 * TCP proxy in between that the test cuts and restores to play a Redis outage.
 */
const REDIS = new URL(process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379');
const CHANNEL = `keys:revocations:test:${randomBytes(6).toString('hex')}`;

/** Records what the bus asks of the verifier. */
class RecordingVerifier {
  calls: string[] = [];
  maxAge: number | null = null;
  keyChanged(id: string) {
    this.calls.push(`key:${id}`);
  }
  merchantChanged(id: string) {
    this.calls.push(`merchant:${id}`);
  }
  ownerChanged(id: string) {
    this.calls.push(`owner:${id}`);
  }
  clear() {
    this.calls.push('clear');
  }
  setMaxAge(ms: number | null) {
    this.maxAge = ms;
  }
  asVerifier(): KeyVerifier {
    return this as unknown as KeyVerifier;
  }
}

class Proxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = new Socket();
      upstream.connect(Number(REDIS.port || 6379), REDIS.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(this.port, '127.0.0.1', resolve));
    const address = this.server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  async cut(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }
}

async function until(check: () => boolean, limitMs = 5000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > limitMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const logs: string[] = [];
const logger = createLogger(
  'debug',
  new Writable({
    write(chunk: Buffer, _encoding, callback) {
      logs.push(chunk.toString('utf8'));
      callback();
    },
  }),
);

const proxy = new Proxy();
const viaProxy = new RecordingVerifier();
const direct = new RecordingVerifier();
let busViaProxy: RevocationBus;
let busDirect: RevocationBus;

beforeAll(async () => {
  await proxy.open();
  busViaProxy = new RevocationBus(viaProxy.asVerifier(), {
    redisUrl: `redis://127.0.0.1:${proxy.port}`,
    logger,
    channel: CHANNEL,
    fallbackMaxAgeMs: 1234,
  });
  busDirect = new RevocationBus(direct.asVerifier(), {
    redisUrl: REDIS.toString(),
    logger,
    channel: CHANNEL,
  });
  await Promise.all([busViaProxy.start(), busDirect.start()]);
});

afterAll(async () => {
  await Promise.all([busViaProxy.close(), busDirect.close()]);
  await proxy.cut().catch(() => undefined);
});

describe('revocation bus', () => {
  it('applies a change locally and on every other instance, not twice on its own', async () => {
    expect(busViaProxy.connected && busDirect.connected).toBe(true);
    expect(viaProxy.maxAge).toBeNull();
    busDirect.keyChanged('key_1');
    busDirect.merchantChanged('mer_1');
    busDirect.ownerChanged('acc_1');
    expect(direct.calls).toEqual(['key:key_1', 'merchant:mer_1', 'owner:acc_1']);
    await until(() => viaProxy.calls.length === 3);
    expect(viaProxy.calls).toEqual(['key:key_1', 'merchant:mer_1', 'owner:acc_1']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(direct.calls).toHaveLength(3);
  });

  it('bounds the cache age while Redis is unreachable, and clears the cache when it is back', async () => {
    viaProxy.calls = [];
    direct.calls = [];
    await proxy.cut();
    await until(() => !busViaProxy.connected);
    expect(viaProxy.maxAge).toBe(1234);
    expect(await busViaProxy.ping(200)).toBe(false);
    expect(logs.join('')).toMatch(/Redis unreachable/);
    // Still applied locally while down; the publish fails and is counted.
    busViaProxy.keyChanged('key_2');
    expect(viaProxy.calls).toEqual(['key:key_2']);

    await proxy.open();
    await until(() => busViaProxy.connected, 10_000);
    expect(viaProxy.maxAge).toBeNull();
    expect(viaProxy.calls).toContain('clear');
    // The instance that was away tells the others to drop what it may have failed to publish.
    await until(() => direct.calls.includes('clear'));
    expect(await busViaProxy.ping()).toBe(true);
    expect(logs.join('')).toMatch(/Redis reachable again/);
  });

  it('ignores malformed messages', async () => {
    direct.calls = [];
    const { Redis } = await import('ioredis');
    const raw = new Redis(REDIS.toString());
    try {
      await raw.publish(CHANNEL, 'not json');
      await raw.publish(CHANNEL, JSON.stringify({ kind: 'everything', id: 'x', origin: 'y' }));
      await raw.publish(CHANNEL, JSON.stringify({ kind: 'key', id: 'key_3', origin: 'y' }));
    } finally {
      await raw.quit();
    }
    await until(() => direct.calls.length > 0);
    expect(direct.calls).toEqual(['key:key_3']);
  });
});
