import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

interface HttpError {
  status?: number;
  statusCode?: number;
  type?: string;
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
    let message = 'Internal server error.';
    let code = 'INTERNAL_SERVER_ERROR';
    if (httpError.type === 'entity.too.large') {
      message = 'The request body is too large.';
      code = 'PAYLOAD_TOO_LARGE';
    } else if (status >= 400 && status < 500) {
      message = 'The request body is not valid JSON.';
      code = 'BAD_REQUEST';
    } else {
      logger.error({ requestId, err: error }, 'unhandled HTTP error');
    }
    res.status(status).json({ errors: [{ message, extensions: { code, requestId } }] });
  };
}
