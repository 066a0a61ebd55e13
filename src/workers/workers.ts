import type { Logger } from 'pino';
import type { AuthFailureEvent } from '../auth/context';
import { ERROR_STATUS } from '../domain/errors';
import type { KeyRequestReport } from '../graphql/plugins';
import { Services } from '../services';
import { LastUsedBatcher, LastUsedBatcherOptions } from './last-used-batcher';
import { RequestLogWriter, RequestLogWriterOptions } from './request-log-writer';
import { WebhookDeliverer, WebhookDelivererOptions } from './webhook-deliverer';

export interface WorkerSettings {
  /** Flush period in milliseconds; 0 runs no timer (flush by hand: tests). */
  flushIntervalMs: number;
  requestLogs?: RequestLogWriterOptions;
  lastUsed?: LastUsedBatcherOptions;
  /** The webhook deliverer runs on its own timer (`webhooks.intervalMs`). */
  webhooks?: WebhookDelivererOptions;
}

export const DEFAULT_FLUSH_INTERVAL_MS = 1000;

/**
 * The side roads off the request path: the request-log writer and the lastUsedAt batcher, flushed
 * together on one timer tick, and the webhook deliverer on its own timer. The timer is `unref()`'d so it never keeps the process alive;
 * `stop()` (graceful shutdown) clears it and flushes what is queued.
 */
export class Workers {
  readonly requestLogs: RequestLogWriter;
  readonly lastUsed: LastUsedBatcher;
  readonly webhooks: WebhookDeliverer;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;

  constructor(
    services: Services,
    logger: Logger,
    private readonly settings: WorkerSettings,
  ) {
    this.requestLogs = new RequestLogWriter(
      (rows) => services.requestLogs.insertMany(rows),
      logger,
      settings.requestLogs,
    );
    this.lastUsed = new LastUsedBatcher(
      (ids, at) => services.requestLogs.markKeysUsed(ids, at),
      logger,
      settings.lastUsed,
    );
    this.webhooks = new WebhookDeliverer(services.webhooks, logger, settings.webhooks);
  }

  /** A response to a verified key (from the response plugin): log row and lastUsedAt. */
  recordKeyRequest(report: KeyRequestReport): void {
    const { key } = report;
    this.requestLogs.enqueue({
      keyId: key.id,
      keyPrefix: key.prefix,
      merchantId: key.merchantId,
      mode: key.mode,
      operationName: report.operationName,
      outcome: report.outcome,
      requestId: report.requestId,
      durationMs: report.durationMs,
      httpStatus: report.httpStatus,
      clientIp: report.clientIp,
    });
    this.lastUsed.touch(key.id);
  }

  /**
   * A refused credential (from the context builder). A key with a valid shape is logged, under
   * its merchant when the key exists; malformed keys and sessions identify no key and are left
   * to the application log. A refused key does not count as used.
   */
  recordAuthFailure(event: AuthFailureEvent): void {
    if (event.keyPrefix === undefined) return;
    this.requestLogs.enqueue({
      keyId: event.key?.id ?? null,
      keyPrefix: event.key?.prefix ?? event.keyPrefix,
      merchantId: event.key?.merchantId ?? null,
      mode: event.key?.mode ?? null,
      operationName: event.operationName ?? null,
      outcome: event.code,
      requestId: event.requestId,
      durationMs: event.durationMs,
      httpStatus: ERROR_STATUS[event.code],
      clientIp: event.clientIp,
    });
  }

  start(): void {
    this.webhooks.start();
    if (this.timer || this.settings.flushIntervalMs <= 0) return;
    this.timer = setInterval(() => void this.tick(), this.settings.flushIntervalMs);
    this.timer.unref();
  }

  /** Whether the flush timer runs and would keep the process alive (it never should). */
  get timerState(): 'stopped' | 'unref' | 'ref' {
    if (!this.timer) return 'stopped';
    return this.timer.hasRef() ? 'ref' : 'unref';
  }

  /** One timer tick; skipped while the previous one still runs (a slow database). */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.flush();
    } finally {
      this.ticking = false;
    }
  }

  /** Writes everything queued now. Never rejects. */
  async flush(): Promise<void> {
    await Promise.all([this.requestLogs.flush(), this.lastUsed.flush()]);
  }

  /**
   * Stops the timers, waits for the webhook round in flight and flushes the queues. Webhook
   * deliveries not yet sent stay PENDING in the database for the next start.
   */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.webhooks.stop();
    await this.flush();
  }
}
