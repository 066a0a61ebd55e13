import type { Logger } from 'pino';
import { ErrorCode } from '../domain/errors';
import { AppContext } from '../graphql/context';
import type { GraphQLRequestInfo } from '../http/graphql-handler';
import { rateLimitedError, toGraphQLError } from '../graphql/errors';
import { Services } from '../services';
import { ANONYMOUS, Caller } from './caller';
import { ipAllowed } from './cidr';
import { displayPrefix, parseKey } from './keys/key-format';
import { KeySubject } from './keys/key-verifier';
import { MINUTE_MS, RateLimitSettings, rateBuckets } from './rate-limiter';
import { checkSession } from './sessions';

export const API_KEY_HEADER = 'x-api-key';

export interface AuthFailureEvent {
  requestId: string;
  code: ErrorCode;
  clientIp: string;
  /** The public part of the presented key, when it had a valid shape. Never the secret. */
  keyPrefix?: string;
  /** The refused key, when it exists (deactivated, expired, wrong secret for its key id...). */
  key?: KeySubject;
  /** The operation name the client sent, if any (the document was not parsed yet). */
  operationName?: string;
  /** Time spent on the request until the refusal, in milliseconds. */
  durationMs: number;
}

export interface ContextBuilderOptions {
  services: Services;
  rateLimits: RateLimitSettings;
  /** Bound to each request as `ctx.log` (with its request id). */
  logger?: Logger;
  onAuthFailure?: (event: AuthFailureEvent) => void;
}

function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/**
 * Builds the per-request context: who is calling. An `X-Api-Key` header takes precedence over a
 * bearer session. A present but failing credential refuses the whole request with its exact code
 * (API_KEY_INVALID, API_KEY_EXPIRED, OWNER_BLOCKED, MERCHANT_BLOCKED, MERCHANT_NOT_ACTIVE,
 * IP_NOT_ALLOWED, UNAUTHENTICATED, ACCOUNT_BLOCKED), its HTTP status and the request id; no
 * credential at all yields an anonymous caller, and the operation check decides whether that is
 * enough.
 *
 * Rate limits, answered with RATE_LIMITED (429) and `Retry-After`: a client address that failed
 * key authentication `authFailuresPerMinute` times is refused before its next key is even looked
 * at; a valid key is refused past `keyPerMinute` requests. A key with allowed CIDRs is refused
 * with IP_NOT_ALLOWED (403) from any other address (counted as a failed authentication).
 */
export function createContextBuilder(options: ContextBuilderOptions) {
  const { services, rateLimits, onAuthFailure } = options;
  const limiter = services.rateLimiter;
  return async (request: GraphQLRequestInfo): Promise<AppContext> => {
    const startedAt = performance.now();
    const { requestId, clientIp, headers } = request;
    const fail = (code: ErrorCode, keyPrefix?: string, key?: KeySubject) => {
      const body = request.body as { operationName?: unknown } | undefined;
      onAuthFailure?.({
        requestId,
        code,
        clientIp,
        keyPrefix,
        key,
        operationName: typeof body?.operationName === 'string' ? body.operationName : undefined,
        durationMs: performance.now() - startedAt,
      });
      return toGraphQLError(code, undefined, { requestId });
    };
    const failuresBucket = rateBuckets.authFailures(clientIp);

    let caller: Caller = ANONYMOUS;
    const rawKey = headers[API_KEY_HEADER];
    const presentedKey = typeof rawKey === 'string' ? rawKey.trim() : '';
    if (presentedKey !== '') {
      const budget = await limiter.peek(
        failuresBucket,
        rateLimits.authFailuresPerMinute,
        MINUTE_MS,
      );
      if (!budget.allowed) {
        throw rateLimitedError(budget.retryAfterSeconds, 'failed authentications');
      }
      const verification = await services.verifier.verify(presentedKey);
      if (!verification.ok) {
        if (verification.code === 'API_KEY_INVALID') {
          await limiter.hit(failuresBucket, rateLimits.authFailuresPerMinute, MINUTE_MS);
        }
        const parsed = parseKey(presentedKey);
        throw fail(
          ErrorCode[verification.code],
          parsed ? displayPrefix(parsed.type, parsed.mode, parsed.keyId) : undefined,
          verification.subject,
        );
      }
      const key = verification.key;
      if (key.allowedCidrs && !ipAllowed(clientIp, key.allowedCidrs)) {
        await limiter.hit(failuresBucket, rateLimits.authFailuresPerMinute, MINUTE_MS);
        throw fail(ErrorCode.IP_NOT_ALLOWED, key.prefix);
      }
      const usage = await limiter.hit(rateBuckets.key(key.id), rateLimits.keyPerMinute, MINUTE_MS);
      if (!usage.allowed) throw rateLimitedError(usage.retryAfterSeconds, 'requests for this key');
      caller = { kind: 'apiKey', key };
    } else {
      const token = bearerToken(headers.authorization);
      if (token) {
        const session = await checkSession(services.dataSource, token);
        if (!session.ok) throw fail(ErrorCode[session.code]);
        caller = { kind: 'account', account: session.account, sessionId: session.sessionId };
      }
    }
    const log = options.logger?.child({ requestId });
    return { requestId, log, clientIp, caller, services, startedAt };
  };
}
