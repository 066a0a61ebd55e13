import type { NextFunction, Request, Response } from 'express';
import { newId } from '../domain/ids';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Gives every request an id, returned in the `X-Request-Id` header and in every error. */
export function requestId(_req: Request, res: Response, next: NextFunction): void {
  const id = newId('req');
  res.locals.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}
