import { AccountPrincipal, VerifiedKey } from '../auth/caller';
import { DataScope } from '../db/scope';
import { badInput, DomainError, ErrorCode, notFound } from '../domain/errors';
import { AppContext } from '../graphql/context';
import { ScopeArgs } from './types/scope.args';
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

/**
 * The data scope of a request. API keys: their own merchant, mode and currency kind; a
 * `merchantId` or `mode` argument naming anything else answers NOT_FOUND, like a missing merchant.
 * Accounts: the `merchantId` and `mode` arguments (both required), on a merchant they may see
 * (owners: their own; admins: any), NOT_FOUND otherwise.
 */
export async function scopeOf(ctx: AppContext, args: ScopeArgs): Promise<DataScope> {
  const caller = ctx.caller;
  if (caller.kind === 'apiKey') {
    const key = caller.key;
    if (
      (args.merchantId && args.merchantId !== key.merchantId) ||
      (args.mode && args.mode !== key.mode)
    ) {
      throw notFound('Merchant');
    }
    ctx.keyScope ??= { merchantId: key.merchantId, mode: key.mode, currencyKind: key.currencyKind };
    return ctx.keyScope;
  }
  const account = accountOf(ctx);
  if (!args.merchantId || !args.mode) {
    throw badInput([
      ...(args.merchantId
        ? []
        : [{ field: 'merchantId', reason: 'required with a dashboard session' }]),
      ...(args.mode ? [] : [{ field: 'mode', reason: 'required with a dashboard session' }]),
    ]);
  }
  const merchant = await ctx.services.merchants.requireVisible(account, args.merchantId);
  return { merchantId: merchant.id, mode: args.mode, currencyKind: null };
}

/** Where the request came from, for the audit trail. */
export function requestMeta(ctx: AppContext): RequestMeta {
  return { clientIp: ctx.clientIp, requestId: ctx.requestId };
}
