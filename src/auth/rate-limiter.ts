/** The outcome of counting one event against a limit. */
export interface RateDecision {
  allowed: boolean;
  /** Events counted in the current window, this one included. */
  count: number;
  limit: number;
  /** Whole seconds until the window resets (for `Retry-After`); at least 1. */
  retryAfterSeconds: number;
}

/**
 * Counts events per bucket in fixed windows. Implementations must be safe under concurrency: two
 * simultaneous `hit`s on one bucket count as two. A Redis-backed implementation (shared by every
 * instance, atomic INCR + PEXPIRE) can replace the in-process one behind this interface.
 */
export interface RateLimiter {
  /** Counts `cost` events (default 1) in `bucket` and says whether the total is within `limit`. */
  hit(bucket: string, limit: number, windowMs: number, cost?: number): Promise<RateDecision>;
  /** Reads the bucket without counting. */
  peek(bucket: string, limit: number, windowMs: number): Promise<RateDecision>;
  /** Takes back `cost` events, e.g. a login attempt that succeeded. Never goes below zero. */
  refund(bucket: string, cost?: number): Promise<void>;
  /** Releases connections, if any. */
  close?(): Promise<void>;
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * The in-process fixed-window limiter: a map of buckets, swept of expired windows when it grows.
 * It cannot fail. Counts are per process; with several instances set `REDIS_URL` to share them
 * (`RedisRateLimiter`).
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly maxBuckets = 100_000,
  ) {}

  private current(bucket: string, windowMs: number, create: boolean): Window | undefined {
    const now = this.now();
    let window = this.windows.get(bucket);
    if (window && window.resetAt <= now) {
      this.windows.delete(bucket);
      window = undefined;
    }
    if (!window && create) {
      if (this.windows.size >= this.maxBuckets) this.sweep(now);
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(bucket, window);
    }
    return window;
  }

  private sweep(now: number): void {
    for (const [bucket, window] of this.windows) {
      if (window.resetAt <= now) this.windows.delete(bucket);
    }
    // Still full: drop the oldest buckets (Map keeps insertion order) rather than grow unbounded.
    for (const bucket of this.windows.keys()) {
      if (this.windows.size < this.maxBuckets) break;
      this.windows.delete(bucket);
    }
  }

  private decide(window: Window | undefined, limit: number): RateDecision {
    const count = window?.count ?? 0;
    const retryAfterMs = window ? window.resetAt - this.now() : 0;
    return {
      allowed: count <= limit,
      count,
      limit,
      retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)),
    };
  }

  async hit(bucket: string, limit: number, windowMs: number, cost = 1): Promise<RateDecision> {
    const window = this.current(bucket, windowMs, true) as Window;
    window.count += cost;
    return this.decide(window, limit);
  }

  async peek(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
    const window = this.current(bucket, windowMs, false);
    // A bucket at its limit refuses the next event.
    const decision = this.decide(window, limit);
    return { ...decision, allowed: decision.count < limit };
  }

  async refund(bucket: string, cost = 1): Promise<void> {
    const window = this.windows.get(bucket);
    if (window) window.count = Math.max(0, window.count - cost);
  }

  get size(): number {
    return this.windows.size;
  }
}

/** The limits the service applies; see `config.ts` for their environment variables. */
export interface RateLimitSettings {
  /** Requests per API key per minute. */
  keyPerMinute: number;
  /** Failed authentications (bad key, failed login) and leak reports per client address per minute. */
  authFailuresPerMinute: number;
}

export const MINUTE_MS = 60_000;

export const rateBuckets = {
  key: (apiKeyId: string) => `key:${apiKeyId}`,
  authFailures: (clientIp: string) => `authfail:${clientIp}`,
  leakReports: (clientIp: string) => `leak:${clientIp}`,
};
