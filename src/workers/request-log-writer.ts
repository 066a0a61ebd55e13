import type { Logger } from 'pino';
import { Mode } from '../domain/enums';
import { idTime, newId } from '../domain/ids';
import {
  ApiRequestLog,
  CLIENT_IP_LENGTH,
  KEY_PREFIX_LENGTH,
  OPERATION_NAME_LENGTH,
  OUTCOME_LENGTH,
} from '../entities/api-request-log.entity';

/** What the request path reports about one API-key request. Never the secret. */
export interface RequestLogEntry {
  keyId: string | null;
  keyPrefix: string | null;
  merchantId: string | null;
  mode: Mode | null;
  operationName: string | null;
  /** `OK` or the error code of the response. */
  outcome: string;
  requestId: string;
  durationMs: number;
  httpStatus: number;
  clientIp: string;
}

/** Where batches go: one multi-row INSERT per call (`RequestLogService.insertMany`). */
export type RequestLogSink = (rows: ApiRequestLog[]) => Promise<void>;

export interface RequestLogWriterOptions {
  /** Most rows kept waiting; when full the oldest are dropped (and counted). */
  maxQueue?: number;
  /** Rows per INSERT; a queue this long also triggers a flush at once. */
  batchSize?: number;
}

export const DEFAULT_MAX_QUEUE = 10_000;
export const DEFAULT_BATCH_SIZE = 500;

function cut(value: string | null, length: number): string | null {
  return value === null ? null : value.slice(0, length);
}

/**
 * Request logs, written off the request path. `enqueue` only pushes a row onto a bounded in-memory
 * queue (no I/O, no await); `flush` writes the queue in batches of one multi-row INSERT each. A
 * timer owned by `Workers` flushes every second, and a full batch flushes at once, so a crash
 * loses at most about a second of logs; graceful shutdown flushes what is left.
 *
 * When the database is slower than the traffic, the queue stops at `maxQueue` rows and drops the
 * oldest ones (counted in `dropped`, with a warning) rather than grow without bound. A failed
 * INSERT puts its rows back at the front and is retried on the next flush.
 */
export class RequestLogWriter {
  private queue: ApiRequestLog[] = [];
  private flushing: Promise<void> | undefined;
  private readonly maxQueue: number;
  private readonly batchSize: number;
  /** Rows dropped because the queue was full, since start. */
  dropped = 0;
  /** Rows written, since start. */
  written = 0;

  constructor(
    private readonly sink: RequestLogSink,
    private readonly logger: Logger,
    options: RequestLogWriterOptions = {},
  ) {
    this.maxQueue = Math.max(1, options.maxQueue ?? DEFAULT_MAX_QUEUE);
    this.batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  /** Rows waiting to be written (for metrics). */
  get depth(): number {
    return this.queue.length;
  }

  /** Queues one row; synchronous and I/O-free, safe on the request path. */
  enqueue(entry: RequestLogEntry, now: number = Date.now()): void {
    const row = new ApiRequestLog();
    row.id = newId('log', now);
    row.keyId = entry.keyId;
    row.keyPrefix = cut(entry.keyPrefix, KEY_PREFIX_LENGTH);
    row.merchantId = entry.merchantId;
    row.mode = entry.mode;
    row.operationName = cut(entry.operationName, OPERATION_NAME_LENGTH);
    row.outcome = entry.outcome.slice(0, OUTCOME_LENGTH);
    row.requestId = entry.requestId;
    row.durationMs = Math.max(0, Math.round(entry.durationMs));
    row.httpStatus = entry.httpStatus;
    row.clientIp = entry.clientIp.slice(0, CLIENT_IP_LENGTH);
    // The time in the id, exactly (newId never goes back in time), so that time filters can
    // run as id ranges on the (merchantId, id) index.
    row.createdAt = new Date(idTime(row.id));
    this.queue.push(row);
    if (this.queue.length > this.maxQueue) this.dropOldest(this.queue.length - this.maxQueue);
    if (this.queue.length >= this.batchSize && !this.flushing) void this.flush();
  }

  private dropOldest(count: number): void {
    this.queue.splice(0, count);
    const before = this.dropped;
    this.dropped += count;
    // One warning per thousand dropped rows, so a flood does not flood the log as well.
    if (before === 0 || Math.floor(before / 1000) !== Math.floor(this.dropped / 1000)) {
      this.logger.warn(
        { dropped: this.dropped, maxQueue: this.maxQueue },
        'request log queue full: oldest rows dropped',
      );
    }
  }

  /**
   * Writes every queued row (in batches) and resolves when done. Concurrent calls share the
   * running flush and then flush again for rows queued meanwhile. Never rejects: a failed batch
   * is logged and kept for the next flush.
   */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.queue.length === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.batchSize);
      try {
        await this.sink(batch);
        this.written += batch.length;
      } catch (error) {
        this.queue.unshift(...batch);
        if (this.queue.length > this.maxQueue) {
          // Keep the newest rows, as enqueue does.
          this.dropOldest(this.queue.length - this.maxQueue);
        }
        this.logger.error(
          { err: error, rows: batch.length, depth: this.queue.length },
          'request log batch failed; will retry',
        );
        return;
      }
    }
  }
}
