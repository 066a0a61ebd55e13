import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ERROR_MESSAGE, ERROR_STATUS, ErrorCode, ErrorDetails } from '../domain/errors';

/** Turns a result code into the GraphQL error clients see, with its HTTP status and headers. */
export function toGraphQLError(
  code: ErrorCode,
  message: string = ERROR_MESSAGE[code],
  details: ErrorDetails = {},
  headers: Record<string, string> = {},
): GraphQLError {
  const http: { status: number; headers?: Map<string, string> } = { status: ERROR_STATUS[code] };
  if (Object.keys(headers).length > 0) http.headers = new Map(Object.entries(headers));
  return new GraphQLError(message, { extensions: { code, ...details, http } });
}

/** RATE_LIMITED (HTTP 429) with `Retry-After` in seconds, header and extension alike. */
export function rateLimitedError(retryAfterSeconds: number, what: string): GraphQLError {
  return toGraphQLError(
    ErrorCode.RATE_LIMITED,
    `Too many ${what}: retry after ${retryAfterSeconds} s.`,
    { retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );
}

const PUBLIC_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((c) => c !== ErrorCode.INTERNAL_SERVER_ERROR),
  // Apollo's own request-level codes describe the request, not the server.
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export interface ErrorFormatterOptions {
  /** Keep internal messages and stack traces (development only). */
  exposeInternals: boolean;
  onInternalError: (error: unknown) => void;
}

/**
 * Apollo `formatError`: errors with a known code pass through; anything else is an internal error,
 * reported to the log and, outside development, answered with a generic message and no detail
 * (no stack trace, no SQL, no library message).
 */
export function createErrorFormatter(options: ErrorFormatterOptions) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && PUBLIC_CODES.has(code)) {
      if (!formatted.extensions?.stacktrace) return formatted;
      const { stacktrace: _stacktrace, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    options.onInternalError(unwrapResolverError(error));
    if (options.exposeInternals) {
      return {
        ...formatted,
        extensions: { ...formatted.extensions, code: ErrorCode.INTERNAL_SERVER_ERROR },
      };
    }
    return {
      message: ERROR_MESSAGE.INTERNAL_SERVER_ERROR,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    };
  };
}
