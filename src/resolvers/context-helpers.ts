import { AccountPrincipal, VerifiedKey } from '../auth/caller';
import { DomainError, ErrorCode } from '../domain/errors';
import { AppContext } from '../graphql/context';
import { RequestMeta } from '../services/audit.service';

/**
 * The calling account. The operation check has already refused other callers on account fields;
 * this guards against a rule being loosened by mistake (fails with UNAUTHENTICATED).
 */
export function accountOf(ctx: AppContext): AccountPrincipal {
  if (ctx.caller.kind !== 'account') throw new DomainError(ErrorCode.UNAUTHENTICATED);
  return ctx.caller.account;
}

/** The calling API key; fails with API_KEY_MISSING for any other caller. */
export function keyOf(ctx: AppContext): VerifiedKey {
  if (ctx.caller.kind !== 'apiKey') throw new DomainError(ErrorCode.API_KEY_MISSING);
  return ctx.caller.key;
}

/** Where the request came from, for the audit trail. */
export function requestMeta(ctx: AppContext): RequestMeta {
  return { clientIp: ctx.clientIp, requestId: ctx.requestId };
}
