import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { MemoryRateLimiter, RateDecision, RateLimiter } from './rate-limiter';

const HIT = `local c = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {c, ttl}`;
const PEEK = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
return {c, ttl}`;
const REFUND = `if redis.call('EXISTS', KEYS[1]) == 1 then
  local c = redis.call('DECRBY', KEYS[1], ARGV[1])
  if c < 0 then redis.call('INCRBY', KEYS[1], -c) end
end
return 0`;

export interface RedisRateLimiterOptions {
  /** `redis://[user:password@]host:port[/db]` */
  url: string;
  /** Prefix of every Redis key this limiter writes. */
  prefix?: string;
  /** A command slower than this counts as Redis being unreachable. */
  timeoutMs?: number;
  /** After a failure, count locally this long before trying Redis again. */
  retryAfterMs?: number;
  logger?: Logger;
}

/**
 * Rate limits shared by every instance through Redis: one atomic Lua script per event (INCRBY +
 * PEXPIRE fixed window). When Redis is unreachable or slow it falls back to counting in this
 * process (logging one warning per outage) and tries Redis again after `retryAfterMs`: limits
 * stay on, only per instance, rather than failing open or refusing every request.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly redis: Redis;
  private readonly local = new MemoryRateLimiter();
  private readonly prefix: string;
  private readonly retryAfterMs: number;
  private downUntil = 0;
  /** How many operations were answered by the local fallback (tests read this). */
  fallbacks = 0;

  constructor(private readonly options: RedisRateLimiterOptions) {
    // Commands queue while connecting, and fail after the timeout while Redis is away, so that a
    // request never waits longer than that for its count.
    this.redis = new Redis(options.url, {
      commandTimeout: options.timeoutMs ?? 250,
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 200, 2000),
    });
    // Outages are reported by `run` (one warning each), not by ioredis' own error events.
    this.redis.on('error', () => undefined);
    this.prefix = options.prefix ?? 'mks:rl:';
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
  }

  private async run<T>(remote: () => Promise<T>, local: () => Promise<T>): Promise<T> {
    if (Date.now() < this.downUntil) {
      this.fallbacks++;
      return local();
    }
    try {
      return await remote();
    } catch (error) {
      if (this.downUntil === 0 || Date.now() >= this.downUntil) {
        this.options.logger?.warn(
          { err: error },
          'Redis unreachable: counting rate limits in this process until it answers again',
        );
      }
      this.downUntil = Date.now() + this.retryAfterMs;
      this.fallbacks++;
      return local();
    }
  }

  private decision(reply: unknown, limit: number, peek: boolean): RateDecision {
    if (!Array.isArray(reply)) throw new Error('unexpected Redis reply');
    const count = Number(reply[0]);
    const ttl = Number(reply[1]);
    return {
      allowed: peek ? count < limit : count <= limit,
      count,
      limit,
      retryAfterSeconds: Math.max(1, Math.ceil((ttl > 0 ? ttl : 0) / 1000)),
    };
  }

  hit(bucket: string, limit: number, windowMs: number, cost = 1): Promise<RateDecision> {
    return this.run(
      async () =>
        this.decision(
          await this.redis.eval(HIT, 1, this.prefix + bucket, windowMs, cost),
          limit,
          false,
        ),
      () => this.local.hit(bucket, limit, windowMs, cost),
    );
  }

  peek(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.run(
      async () => this.decision(await this.redis.eval(PEEK, 1, this.prefix + bucket), limit, true),
      () => this.local.peek(bucket, limit, windowMs),
    );
  }

  refund(bucket: string, cost = 1): Promise<void> {
    return this.run(
      async () => {
        await this.redis.eval(REFUND, 1, this.prefix + bucket, cost);
      },
      () => this.local.refund(bucket, cost),
    );
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
