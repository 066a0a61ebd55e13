import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';

/** `GET /healthz` (liveness): 200 while the process serves HTTP, whatever its dependencies. */
export function healthCheck() {
  return (_req: Request, res: Response): void => {
    res.status(200).json({ status: 'ok' });
  };
}

export interface ReadinessOptions {
  dataSource: DataSource;
  /** Redis check, when Redis is configured: resolves to whether it answered. */
  redis?: () => Promise<boolean>;
  /** True once shutdown began: the load balancer should stop sending new requests. */
  stopping?: () => boolean;
  timeoutMs?: number;
}

async function withTimeout(check: () => Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      check(),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    return result !== false;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /readyz` (readiness): 200 when the database and, if configured, Redis answer; 503 otherwise
 * or while shutting down. The body names each dependency: `{"status":"ready","database":"ok",
 * "redis":"ok"}`. Without Redis configured the `redis` field is absent.
 */
export function readinessCheck(options: ReadinessOptions) {
  const timeoutMs = options.timeoutMs ?? 1000;
  return async (_req: Request, res: Response): Promise<void> => {
    const database = await withTimeout(() => options.dataSource.query('SELECT 1'), timeoutMs);
    const redis = options.redis ? await withTimeout(options.redis, timeoutMs) : undefined;
    const stopping = options.stopping?.() ?? false;
    const ready = database && redis !== false && !stopping;
    res.status(ready ? 200 : 503).json({
      status: stopping ? 'stopping' : ready ? 'ready' : 'unavailable',
      database: database ? 'ok' : 'unreachable',
      ...(redis === undefined ? {} : { redis: redis ? 'ok' : 'unreachable' }),
    });
  };
}
