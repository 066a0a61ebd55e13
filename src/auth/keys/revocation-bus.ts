import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { KeyRevocations, KeyVerifier } from './key-verifier';

export const DEFAULT_REVOCATION_CHANNEL = 'keys:revocations';
/** Oldest a cached key may be while the bus is down, in ms (see README, Deployment). */
export const DEFAULT_FALLBACK_MAX_AGE_MS = 5000;

type RevocationKind = 'key' | 'merchant' | 'owner' | 'reset';

/** What travels on the channel: ids only, never a secret or a hash. */
export interface RevocationMessage {
  kind: RevocationKind;
  /** Key, merchant or account id; empty for `reset`. */
  id: string;
  /** The publishing instance: it has applied the change already and ignores its own message. */
  origin: string;
}

export interface RevocationBusOptions {
  redisUrl: string;
  logger: Logger;
  channel?: string;
  /** Max age of cached keys while the bus is down; defaults to DEFAULT_FALLBACK_MAX_AGE_MS. */
  fallbackMaxAgeMs?: number;
  instanceId?: string;
}

export interface RevocationBusStats {
  published: number;
  publishFailures: number;
  received: number;
}

function parseMessage(raw: string): RevocationMessage | undefined {
  try {
    const value = JSON.parse(raw) as Partial<RevocationMessage>;
    const kinds: RevocationKind[] = ['key', 'merchant', 'owner', 'reset'];
    if (!value || typeof value !== 'object') return undefined;
    if (!kinds.includes(value.kind as RevocationKind)) return undefined;
    if (typeof value.id !== 'string' || typeof value.origin !== 'string') return undefined;
    return value as RevocationMessage;
  } catch {
    return undefined;
  }
}

/**
 * Broadcasts key revocations to every instance over Redis pub/sub. Each change is applied to the
 * local verifier first, then published; every instance subscribes and drops the matching cache
 * entries as soon as the message arrives.
 *
 * While the bus is down (not yet connected, or Redis unreachable) the verifier re-verifies cached
 * keys older than `fallbackMaxAgeMs` against the database, so a revocation made on another
 * instance is honoured here within that bound. When the subscriber is ready again the whole cache
 * is cleared (messages may have been missed) and a `reset` is published, so instances that stayed
 * connected also drop what this instance may have failed to publish meanwhile.
 */
export class RevocationBus implements KeyRevocations {
  readonly instanceId: string;
  readonly channel: string;
  readonly stats: RevocationBusStats = { published: 0, publishFailures: 0, received: 0 };
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly fallbackMaxAgeMs: number;
  private readonly logger: Logger;
  private up = false;
  private closed = false;
  private everUp = false;
  /** The latest SUBSCRIBE, awaited by `start()`. */
  private subscribed: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly verifier: KeyVerifier,
    options: RevocationBusOptions,
  ) {
    this.instanceId = options.instanceId ?? randomUUID();
    this.channel = options.channel ?? DEFAULT_REVOCATION_CHANNEL;
    this.fallbackMaxAgeMs = options.fallbackMaxAgeMs ?? DEFAULT_FALLBACK_MAX_AGE_MS;
    this.logger = options.logger.child({ component: 'revocation-bus' });
    const retryStrategy = (attempt: number) => Math.min(attempt * 200, 2000);
    // Publishes fail at once while disconnected instead of piling up: the reset on reconnect
    // covers them. The subscriber waits for its connection and resubscribes by itself.
    this.publisher = new Redis(options.redisUrl, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy,
      connectionName: `keys-pub-${this.instanceId}`,
    });
    this.subscriber = new Redis(options.redisUrl, {
      maxRetriesPerRequest: null,
      retryStrategy,
      connectionName: `keys-sub-${this.instanceId}`,
    });
    // Until the subscription is confirmed, revocations from elsewhere may be missed.
    this.verifier.setMaxAge(this.fallbackMaxAgeMs);
    this.publisher.on('error', () => undefined);
    this.subscriber.on('error', (error: Error) => this.down(error.message));
    this.subscriber.on('close', () => this.down('connection closed'));
    this.subscriber.on('ready', () => this.onReady());
    this.subscriber.on('message', (channel: string, raw: string) => {
      if (channel === this.channel) this.receive(raw);
    });
  }

  /** Waits up to `timeoutMs` for the first subscription; serves in fallback mode after that. */
  async start(timeoutMs = 2000): Promise<void> {
    if (this.up) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.logger.warn(
          { maxAgeMs: this.fallbackMaxAgeMs },
          'Redis not reachable at start: key cache entries are re-verified after maxAgeMs',
        );
        resolve();
      }, timeoutMs);
      timer.unref();
      this.subscriber.once('ready', () => {
        clearTimeout(timer);
        // The 'ready' listener subscribes: give it a moment to be confirmed.
        setImmediate(resolve);
      });
    });
    if (this.subscriber.status === 'ready') await this.subscribed;
  }

  private onReady(): void {
    this.subscribed = this.subscriber.subscribe(this.channel).then(
      () => {
        const recovering = this.everUp;
        this.up = true;
        this.everUp = true;
        this.verifier.setMaxAge(null);
        if (recovering) {
          // Revocations may have been published while we were away: start from a clean cache,
          // and tell the others to do the same for what we failed to publish.
          this.verifier.clear();
          this.publish({ kind: 'reset', id: '' });
          this.logger.warn('Redis reachable again: key cache cleared, revocation bus resumed');
        } else {
          this.logger.info({ channel: this.channel }, 'revocation bus subscribed');
        }
      },
      (error: Error) => this.down(error.message),
    );
  }

  private down(reason: string): void {
    if (this.closed) return;
    if (this.up || !this.everUp) this.verifier.setMaxAge(this.fallbackMaxAgeMs);
    if (!this.up) return;
    this.up = false;
    this.logger.warn(
      { reason, maxAgeMs: this.fallbackMaxAgeMs },
      'Redis unreachable: revocations from other instances may be missed; ' +
        'cached keys older than maxAgeMs are re-verified against the database',
    );
  }

  private receive(raw: string): void {
    const message = parseMessage(raw);
    if (!message || message.origin === this.instanceId) return;
    this.stats.received++;
    switch (message.kind) {
      case 'key':
        return this.verifier.keyChanged(message.id);
      case 'merchant':
        return this.verifier.merchantChanged(message.id);
      case 'owner':
        return this.verifier.ownerChanged(message.id);
      case 'reset':
        return this.verifier.clear();
    }
  }

  private publish(message: Omit<RevocationMessage, 'origin'>): void {
    const body = JSON.stringify({ ...message, origin: this.instanceId });
    this.publisher.publish(this.channel, body).then(
      () => {
        this.stats.published++;
      },
      (error: Error) => {
        this.stats.publishFailures++;
        this.logger.warn(
          { kind: message.kind, id: message.id, err: error.message },
          'revocation not published: other instances rely on the cache age bound',
        );
      },
    );
  }

  identify(raw: string): Promise<{ id: string; merchantId: string } | null> {
    return this.verifier.identify(raw);
  }

  keyChanged(apiKeyId: string): void {
    this.verifier.keyChanged(apiKeyId);
    this.publish({ kind: 'key', id: apiKeyId });
  }

  merchantChanged(merchantId: string): void {
    this.verifier.merchantChanged(merchantId);
    this.publish({ kind: 'merchant', id: merchantId });
  }

  ownerChanged(accountId: string): void {
    this.verifier.ownerChanged(accountId);
    this.publish({ kind: 'owner', id: accountId });
  }

  /** Whether the subscription is live (revocations from other instances arrive at once). */
  get connected(): boolean {
    return this.up;
  }

  /** Readiness: whether Redis answers a PING within `timeoutMs`. */
  async ping(timeoutMs = 1000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const reply = await Promise.race([
        this.publisher.ping(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return reply === 'PONG';
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    await Promise.all(
      [this.publisher, this.subscriber].map((client) =>
        client.status === 'ready' ? client.quit().then(() => undefined) : client.disconnect(),
      ),
    );
  }
}
