import type { Logger } from 'pino';

/** Where updates go: one `UPDATE api_keys SET lastUsedAt = ? WHERE id IN (...)` per call. */
export type LastUsedSink = (keyIds: string[], at: Date) => Promise<void>;

export interface LastUsedBatcherOptions {
  /** Least time between two updates of the same key, in milliseconds (default one minute). */
  resolutionMs?: number;
  /** Most keys per UPDATE. */
  batchSize?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Keeps `ApiKey.lastUsedAt` current to the minute without a write per request. `touch` (on the
 * request path: a map lookup, no I/O) schedules an update only when this instance has not
 * scheduled one for the key within `resolutionMs`; `flush` writes the pending keys with one UPDATE
 * per batch, stamped with the latest use in the batch (at most one flush interval apart).
 */
export class LastUsedBatcher {
  private readonly scheduledAt = new Map<string, number>();
  private pending = new Map<string, number>();
  private readonly resolutionMs: number;
  private readonly batchSize: number;
  private readonly now: () => number;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly sink: LastUsedSink,
    private readonly logger: Logger,
    options: LastUsedBatcherOptions = {},
  ) {
    this.resolutionMs = options.resolutionMs ?? LAST_USED_RESOLUTION_MS;
    this.batchSize = Math.max(1, options.batchSize ?? 500);
    this.now = options.now ?? Date.now;
  }

  /** Keys waiting to be written (for metrics). */
  get depth(): number {
    return this.pending.size;
  }

  /** Records a use of the key (`ApiKey.id`). Synchronous and I/O-free. */
  touch(keyId: string): void {
    const now = this.now();
    const last = this.scheduledAt.get(keyId);
    if (last !== undefined && now - last < this.resolutionMs) return;
    this.scheduledAt.set(keyId, now);
    this.pending.set(keyId, now);
  }

  /** Writes the pending updates. Never rejects: a failed batch is logged and retried next time. */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    this.forgetOld();
    if (this.pending.size === 0) return;
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
    });
    await this.flushing;
  }

  private async drain(): Promise<void> {
    const entries = [...this.pending];
    this.pending = new Map();
    for (let i = 0; i < entries.length; i += this.batchSize) {
      const batch = entries.slice(i, i + this.batchSize);
      const at = Math.max(...batch.map(([, time]) => time));
      try {
        await this.sink(
          batch.map(([id]) => id),
          new Date(at),
        );
      } catch (error) {
        for (const [id, time] of entries.slice(i)) {
          if (!this.pending.has(id)) this.pending.set(id, time);
        }
        this.logger.error({ err: error, keys: batch.length }, 'lastUsedAt update failed');
        return;
      }
    }
  }

  /** Drops memory of keys not used for a while, so the map stays as small as the active keys. */
  private forgetOld(): void {
    const limit = this.now() - this.resolutionMs;
    for (const [id, time] of this.scheduledAt) {
      if (time <= limit) this.scheduledAt.delete(id);
    }
  }
}
