import type { Logger } from 'pino';
import { AttemptResult, ClaimedDelivery, WebhookService } from '../services/webhook.service';
import { signatureHeader } from '../webhooks/signature';

export interface WebhookDelivererOptions {
  /** How often due deliveries are looked for, in ms; 0 runs no timer (`runOnce()` by hand). */
  intervalMs?: number;
  /** Per-attempt timeout (connect, answer and body), in ms. */
  timeoutMs?: number;
  /** First retry delay; attempt n waits `retryBaseMs * 2^(n-1)` (capped), with +-20% jitter. */
  retryBaseMs?: number;
  /** Longest single delay between two attempts. */
  retryMaxDelayMs?: number;
  /** Attempts before a delivery is marked FAILED (bounds the retry time). */
  maxAttempts?: number;
  /** Failed deliveries in a row after which an endpoint is disabled. */
  disableAfterFailures?: number;
  /** Deliveries claimed (and sent concurrently) per round. */
  batchSize?: number;
  /** How often `api_key.expiring` is scanned for, in ms; 0: never on a timer. */
  expiringScanMs?: number;
}

export const WEBHOOK_DEFAULTS = {
  intervalMs: 1000,
  timeoutMs: 5000,
  retryBaseMs: 10_000,
  retryMaxDelayMs: 3_600_000,
  maxAttempts: 12,
  disableAfterFailures: 20,
  batchSize: 20,
  expiringScanMs: 3_600_000,
} as const;

const USER_AGENT = 'merchant-key-service-webhooks/1';

/** Delay before attempt `attempt + 1`, after `attempt` failed ones: exponential, capped, jittered. */
export function retryDelayMs(
  attempt: number,
  baseMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxDelayMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(1, Math.round(exponential * (0.8 + 0.4 * random())));
}

function describeError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    return cause?.code ? `${error.message}: ${cause.code}` : error.message;
  }
  return 'request failed';
}

/**
 * The webhook deliverer, a side road like the request-log writer: on its own unref'd timer it
 * claims due deliveries from the database (a lease, see `WebhookService.claimDue`), POSTs each
 * event signed with the endpoint secret(s), and records every attempt. Failures are retried with
 * exponential backoff and jitter until `maxAttempts`, then the delivery is FAILED. Delivery is
 * at-least-once: pending rows survive restarts and crashes, and a receiver may see an event
 * twice (dedupe on `Webhook-Id`). Never throws out of a round; errors are logged.
 */
export class WebhookDeliverer {
  private timer: NodeJS.Timeout | undefined;
  private scanTimer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private readonly options: Required<WebhookDelivererOptions>;
  /** Attempts made since start. */
  attempts = 0;

  constructor(
    private readonly webhooks: WebhookService,
    private readonly logger: Logger,
    options: WebhookDelivererOptions = {},
  ) {
    this.options = { ...WEBHOOK_DEFAULTS, ...options };
  }

  /** A lease outlasts one attempt with room to record it. */
  private get leaseMs(): number {
    return this.options.timeoutMs * 2 + 5000;
  }

  start(): void {
    if (!this.timer && this.options.intervalMs > 0) {
      this.timer = setInterval(() => void this.runOnce(), this.options.intervalMs);
      this.timer.unref();
      void this.runOnce();
    }
    if (!this.scanTimer && this.options.expiringScanMs > 0) {
      this.scanTimer = setInterval(() => void this.scanExpiring(), this.options.expiringScanMs);
      this.scanTimer.unref();
    }
  }

  /** Stops the timers and waits for the round in flight (at most one attempt timeout). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.scanTimer) clearInterval(this.scanTimer);
    this.timer = undefined;
    this.scanTimer = undefined;
    await this.running;
  }

  /** Emits due `api_key.expiring` events. Never rejects. */
  async scanExpiring(): Promise<number> {
    try {
      return await this.webhooks.scanExpiringKeys(this.logger);
    } catch (error) {
      this.logger.error({ err: error }, 'api_key.expiring scan failed');
      return 0;
    }
  }

  /**
   * One round: claims a batch of due deliveries and sends them. Resolves to the number of
   * attempts made; a round already running is shared, not doubled. Never rejects.
   */
  runOnce(): Promise<number> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<number> {
    try {
      const claimed = await this.webhooks.claimDue(
        this.options.batchSize,
        this.leaseMs,
        this.logger,
      );
      await Promise.all(claimed.map((claim) => this.deliver(claim)));
      return claimed.length;
    } catch (error) {
      this.logger.error({ err: error }, 'webhook delivery round failed');
      return 0;
    }
  }

  private async deliver(claim: ClaimedDelivery): Promise<void> {
    const { delivery } = claim;
    const timestamp = Math.floor(Date.now() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(claim.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': USER_AGENT,
          'webhook-id': delivery.eventId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signatureHeader(claim.secrets, timestamp, claim.payload),
        },
        body: claim.payload,
      });
      statusCode = response.status;
      // Read (and drop) the body so the connection is released; its content is not kept.
      await response.arrayBuffer().catch(() => undefined);
      if (statusCode < 200 || statusCode >= 300) error = `HTTP ${statusCode}`;
    } catch (caught) {
      error = describeError(caught);
    }
    this.attempts++;
    const succeeded = error === null;
    const attempt = delivery.attemptCount + 1;
    const retryAt =
      succeeded || attempt >= this.options.maxAttempts
        ? null
        : new Date(
            Date.now() +
              retryDelayMs(attempt, this.options.retryBaseMs, this.options.retryMaxDelayMs),
          );
    const result: AttemptResult = {
      statusCode,
      durationMs: performance.now() - started,
      error,
      succeeded,
      retryAt,
    };
    try {
      const disabled = await this.webhooks.recordAttempt(
        claim,
        result,
        this.options.disableAfterFailures,
      );
      if (!succeeded) {
        this.logger.info(
          { deliveryId: delivery.id, endpointId: delivery.endpointId, attempt, statusCode, error },
          retryAt ? 'webhook attempt failed; will retry' : 'webhook delivery failed',
        );
      }
      if (disabled) {
        this.logger.warn(
          {
            endpointId: disabled.id,
            merchantId: disabled.merchantId,
            reason: disabled.disabledReason,
          },
          'webhook endpoint disabled',
        );
      }
    } catch (caught) {
      // The lease runs out and the delivery is tried again: at-least-once.
      this.logger.error({ err: caught, deliveryId: delivery.id }, 'webhook attempt not recorded');
    }
  }
}
