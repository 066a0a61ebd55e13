import type { NextFunction, Request, Response } from 'express';
import { newId } from '../domain/ids';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** A new request id (`req_...`, time-ordered). */
export function newRequestId(): string {
  return newId('req');
}

/** Gives every request an id, returned in the `X-Request-Id` header and in every error. */
export function requestId(_req: Request, res: Response, next: NextFunction): void {
  const id = newRequestId();
  res.locals.requestId = id;
  res.setHeader(REQUEST_ID_HEADER, id);
  next();
}
