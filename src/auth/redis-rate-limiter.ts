import { createConnection, Socket } from 'node:net';
import type { Logger } from 'pino';
import { MemoryRateLimiter, RateDecision, RateLimiter } from './rate-limiter';

type Reply = number | string | null | Error | Reply[];

/** Parses one RESP2 reply from `buffer` at `offset`; undefined when it is not complete yet. */
function parseReply(buffer: Buffer, offset: number): [Reply, number] | undefined {
  const end = buffer.indexOf('\r\n', offset);
  if (end < 0) return undefined;
  const type = String.fromCharCode(buffer[offset]);
  const line = buffer.toString('utf8', offset + 1, end);
  const next = end + 2;
  switch (type) {
    case '+':
      return [line, next];
    case '-':
      return [new Error(line), next];
    case ':':
      return [Number(line), next];
    case '$': {
      const length = Number(line);
      if (length < 0) return [null, next];
      if (buffer.length < next + length + 2) return undefined;
      return [buffer.toString('utf8', next, next + length), next + length + 2];
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return [null, next];
      const items: Reply[] = [];
      let position = next;
      for (let i = 0; i < count; i++) {
        const parsed = parseReply(buffer, position);
        if (!parsed) return undefined;
        items.push(parsed[0]);
        position = parsed[1];
      }
      return [items, position];
    }
    default:
      throw new Error(`unexpected RESP reply type ${JSON.stringify(type)}`);
  }
}

function encode(args: ReadonlyArray<string | number>): string {
  let out = `*${args.length}\r\n`;
  for (const arg of args) {
    const text = String(arg);
    out += `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  }
  return out;
}

/**
 * A minimal Redis connection (RESP2 over TCP, pipelined, one socket) for the few commands the
 * limiter needs. Every pending command fails when the socket errors, closes or times out.
 */
class RedisConnection {
  private socket?: Socket;
  private ready?: Promise<void>;
  private buffer = Buffer.alloc(0);
  private readonly pending: Array<{ resolve: (r: Reply) => void; reject: (e: Error) => void }> = [];

  constructor(
    private readonly url: URL,
    private readonly timeoutMs: number,
  ) {}

  private fail(error: Error): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.ready = undefined;
    this.buffer = Buffer.alloc(0);
    for (const waiter of this.pending.splice(0)) waiter.reject(error);
  }

  private connect(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const socket = createConnection({
        host: this.url.hostname || '127.0.0.1',
        port: Number(this.url.port || 6379),
      });
      this.socket = socket;
      socket.setNoDelay(true);
      socket.setTimeout(this.timeoutMs, () => this.fail(new Error('redis timeout')));
      socket.once('connect', () => {
        socket.setTimeout(0);
        resolve();
      });
      socket.on('error', (error) => {
        reject(error);
        this.fail(error);
      });
      socket.on('close', () => this.fail(new Error('redis connection closed')));
      socket.on('data', (chunk) => {
        this.buffer = Buffer.concat([this.buffer, chunk]);
        let offset = 0;
        for (;;) {
          const parsed = parseReply(this.buffer, offset);
          if (!parsed) break;
          offset = parsed[1];
          const waiter = this.pending.shift();
          if (parsed[0] instanceof Error) waiter?.reject(parsed[0]);
          else waiter?.resolve(parsed[0]);
        }
        this.buffer = this.buffer.subarray(offset);
      });
    }).then(async () => {
      const password = decodeURIComponent(this.url.password);
      const username = decodeURIComponent(this.url.username);
      if (password) await this.send(username ? ['AUTH', username, password] : ['AUTH', password]);
      const db = this.url.pathname.replace(/^\//, '');
      if (db) await this.send(['SELECT', db]);
    });
    return this.ready;
  }

  private send(args: ReadonlyArray<string | number>): Promise<Reply> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('redis not connected'));
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error('redis timeout')), this.timeoutMs);
      this.pending.push({
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      socket.write(encode(args));
    });
  }

  async command(args: ReadonlyArray<string | number>): Promise<Reply> {
    await this.connect();
    return this.send(args);
  }

  close(): void {
    this.socket?.end();
    this.socket = undefined;
    this.ready = undefined;
  }
}

/** Atomic fixed window: count, set the expiry on the first event, answer [count, ms left]. */
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
  private readonly connection: RedisConnection;
  private readonly local = new MemoryRateLimiter();
  private readonly prefix: string;
  private readonly retryAfterMs: number;
  private downUntil = 0;
  /** How many operations were answered by the local fallback (tests read this). */
  fallbacks = 0;

  constructor(private readonly options: RedisRateLimiterOptions) {
    this.connection = new RedisConnection(new URL(options.url), options.timeoutMs ?? 250);
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

  private decision(reply: Reply, limit: number, peek: boolean): RateDecision {
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
          await this.connection.command(['EVAL', HIT, 1, this.prefix + bucket, windowMs, cost]),
          limit,
          false,
        ),
      () => this.local.hit(bucket, limit, windowMs, cost),
    );
  }

  peek(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
    return this.run(
      async () =>
        this.decision(
          await this.connection.command(['EVAL', PEEK, 1, this.prefix + bucket]),
          limit,
          true,
        ),
      () => this.local.peek(bucket, limit, windowMs),
    );
  }

  refund(bucket: string, cost = 1): Promise<void> {
    return this.run(
      async () => {
        await this.connection.command(['EVAL', REFUND, 1, this.prefix + bucket, cost]);
      },
      () => this.local.refund(bucket, cost),
    );
  }

  async close(): Promise<void> {
    this.connection.close();
  }
}
