import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';

/** `GET /healthz`: 200 when the database answers a trivial query, 503 otherwise. */
export function healthCheck(dataSource: DataSource) {
  return async (_req: Request, res: Response): Promise<void> => {
    try {
      await dataSource.query('SELECT 1');
      res.status(200).json({ status: 'ok' });
    } catch {
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  };
}
