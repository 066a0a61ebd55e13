import type { NextFunction, Request, Response } from 'express';
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
}

/** The answers to requests refused before GraphQL runs, on both HTTP paths. */
export const HTTP_ERRORS = {
  tooLarge: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large.' },
  notJson: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
  internal: { code: 'INTERNAL_SERVER_ERROR', message: 'Internal server error.' },
} as const;

/** Writes one of `HTTP_ERRORS` in the GraphQL error shape, with the request id. */
export function sendHttpError(
  res: ServerResponse,
  status: number,
  error: (typeof HTTP_ERRORS)[keyof typeof HTTP_ERRORS],
  requestId: string | undefined,
): void {
  const body = JSON.stringify({
    errors: [{ message: error.message, extensions: { code: error.code, requestId } }],
  });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * Answers errors raised before GraphQL runs (malformed JSON, body too large) in the GraphQL error
 * shape, with the request id; anything unexpected is logged and answered with a generic 500.
 */
export function httpErrorHandler(logger: Logger) {
  return (error: unknown, _req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const requestId = res.locals.requestId as string | undefined;
    const httpError = (error ?? {}) as HttpError;
    const status = httpError.status ?? httpError.statusCode ?? 500;
    if (httpError.type === 'entity.too.large') {
      sendHttpError(res, status, HTTP_ERRORS.tooLarge, requestId);
    } else if (status >= 400 && status < 500) {
      sendHttpError(res, status, HTTP_ERRORS.notJson, requestId);
    } else {
      logger.error({ requestId, err: error }, 'unhandled HTTP error');
      sendHttpError(res, status, HTTP_ERRORS.internal, requestId);
    }
  };
}
