/**
 * Every error code the API answers with, its HTTP status and default message: the one mapping,
 * in one place. Services throw `DomainError`; graphql-js copies its `extensions` onto the GraphQL
 * error, and Apollo turns `extensions.http.status` into the response status.
 */
export enum ErrorCode {
  API_KEY_MISSING = 'API_KEY_MISSING',
  API_KEY_INVALID = 'API_KEY_INVALID',
  API_KEY_EXPIRED = 'API_KEY_EXPIRED',
  OWNER_BLOCKED = 'OWNER_BLOCKED',
  MERCHANT_BLOCKED = 'MERCHANT_BLOCKED',
  MERCHANT_NOT_ACTIVE = 'MERCHANT_NOT_ACTIVE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  ACCOUNT_BLOCKED = 'ACCOUNT_BLOCKED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  BAD_REQUEST = 'BAD_REQUEST',
  IP_NOT_ALLOWED = 'IP_NOT_ALLOWED',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  API_KEY_MISSING: 401,
  API_KEY_INVALID: 403,
  API_KEY_EXPIRED: 403,
  OWNER_BLOCKED: 403,
  MERCHANT_BLOCKED: 403,
  MERCHANT_NOT_ACTIVE: 403,
  UNAUTHENTICATED: 401,
  ACCOUNT_BLOCKED: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  BAD_USER_INPUT: 400,
  BAD_REQUEST: 400,
  IP_NOT_ALLOWED: 403,
  RATE_LIMITED: 429,
  INTERNAL_SERVER_ERROR: 500,
};

export const ERROR_MESSAGE: Readonly<Record<ErrorCode, string>> = {
  API_KEY_MISSING: 'This operation needs an API key in the X-Api-Key header.',
  API_KEY_INVALID: 'The API key is invalid or has been deactivated.',
  API_KEY_EXPIRED: 'The API key has expired.',
  OWNER_BLOCKED: "The merchant's owner account is blocked.",
  MERCHANT_BLOCKED: 'The merchant is banned.',
  MERCHANT_NOT_ACTIVE: 'The merchant is not activated yet.',
  UNAUTHENTICATED:
    'This operation needs a valid session: log in and send Authorization: Bearer <token>.',
  ACCOUNT_BLOCKED: 'The account is blocked.',
  FORBIDDEN: 'Not allowed.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'Conflict.',
  BAD_USER_INPUT: 'The input is not valid.',
  BAD_REQUEST: 'The request exceeds a limit of this API.',
  IP_NOT_ALLOWED: 'This API key may not be used from this client address.',
  RATE_LIMITED: 'Too many requests.',
  INTERNAL_SERVER_ERROR: 'Internal server error.',
};

/** One invalid input: the argument path (`input.email`) and why it was refused. */
export interface FieldError {
  field: string;
  reason: string;
}

export type ErrorDetails = Record<string, unknown> & { fields?: FieldError[] };

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails;
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message?: string, details: ErrorDetails = {}, headers = {}) {
    super(message ?? ERROR_MESSAGE[code]);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  /** Read by graphql-js (copied to the GraphQL error) and by Apollo (`http` sets the status). */
  get extensions(): Record<string, unknown> {
    const http: { status: number; headers?: Map<string, string> } = {
      status: ERROR_STATUS[this.code],
    };
    const headerEntries = Object.entries(this.headers);
    if (headerEntries.length > 0) http.headers = new Map(headerEntries);
    return { code: this.code, ...this.details, http };
  }
}

export function badInput(fields: FieldError[], message?: string): DomainError {
  return new DomainError(
    ErrorCode.BAD_USER_INPUT,
    message ?? fields.map((f) => `${f.field}: ${f.reason}`).join('; '),
    { fields },
  );
}

export function notFound(what: string): DomainError {
  return new DomainError(ErrorCode.NOT_FOUND, `${what} not found.`);
}
