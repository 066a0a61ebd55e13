import { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import { MINUTE_MS, rateBuckets } from '../auth/rate-limiter';
import { notFound } from '../domain/errors';
import { ApiKey } from '../entities/api-key.entity';
import { Merchant } from '../entities/merchant.entity';
import { AppContext } from '../graphql/context';
import { rateLimitedError } from '../graphql/errors';
import { explainDocument } from '../graphql/explain';
import { missing, Permission, toSet } from '../permissions/permissions';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf, keyOf, requestMeta } from './context-helpers';
import { CreateApiKeyInput } from './types/api-key.input';
import { CreatedApiKey } from './types/created-api-key.type';

/** Every leak report answers after at least this long, found or not. */
export const LEAK_REPORT_MIN_MS = 150;

@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Mutation(() => CreatedApiKey, {
    description: 'Creates a key. The secret is in this response only: it is never shown again.',
  })
  @RequireAccess(Access.ACCOUNT)
  createApiKey(
    @Arg('input') input: CreateApiKeyInput,
    @Ctx() ctx: AppContext,
  ): Promise<CreatedApiKey> {
    return ctx.services.apiKeys.create(accountOf(ctx), input, requestMeta(ctx));
  }

  @Query(() => [ApiKey], { description: "A merchant's keys, newest first (deleted ones omitted)." })
  @RequireAccess(Access.ACCOUNT)
  apiKeys(
    @Arg('merchantId', () => ID) merchantId: string,
    @Ctx() ctx: AppContext,
  ): Promise<ApiKey[]> {
    return ctx.services.apiKeys.list(accountOf(ctx), merchantId);
  }

  @Query(() => ApiKey, { nullable: true, description: 'Null when missing, deleted or not yours.' })
  @RequireAccess(Access.ACCOUNT)
  apiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<ApiKey | null> {
    return ctx.services.apiKeys.findVisible(accountOf(ctx), id);
  }

  @Mutation(() => CreatedApiKey, {
    description:
      'Issues a replacement key (same type, mode, permissions, name, expiry) and deactivates the ' +
      'old one now, or after the grace period (at most 604800 seconds, 7 days).',
  })
  @RequireAccess(Access.ACCOUNT)
  rotateApiKey(
    @Arg('id', () => ID) id: string,
    @Arg('gracePeriodSeconds', () => Int, { defaultValue: 0 }) gracePeriodSeconds: number,
    @Ctx() ctx: AppContext,
  ): Promise<CreatedApiKey> {
    return ctx.services.apiKeys.rotate(accountOf(ctx), id, gracePeriodSeconds, requestMeta(ctx));
  }

  @Mutation(() => ApiKey, { description: 'Stops the key at once, on every request from now on.' })
  @RequireAccess(Access.ACCOUNT)
  deactivateApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<ApiKey> {
    return ctx.services.apiKeys.deactivate(accountOf(ctx), id, requestMeta(ctx));
  }

  @Mutation(() => Boolean, {
    description: 'Deactivates the key and removes it from lists; it is kept for the audit trail.',
  })
  @RequireAccess(Access.ACCOUNT)
  deleteApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<boolean> {
    return ctx.services.apiKeys.delete(accountOf(ctx), id, requestMeta(ctx));
  }

  @Mutation(() => Boolean, {
    description:
      'Reports a leaked key (for secret scanners and anyone who finds one). A real key is ' +
      'deactivated at once and the report audited. Always answers true, after the same delay, ' +
      'whether or not the key was real. Limited per client address.',
  })
  // Open to anyone: whoever finds a leaked key must be able to stop it.
  @RequireAccess(Access.PUBLIC)
  async reportLeakedApiKey(@Arg('key') key: string, @Ctx() ctx: AppContext): Promise<boolean> {
    const started = Date.now();
    const { rateLimiter, rateLimits } = ctx.services;
    const decision = await rateLimiter.hit(
      rateBuckets.leakReports(ctx.clientIp),
      rateLimits.authFailuresPerMinute,
      MINUTE_MS,
    );
    if (!decision.allowed) throw rateLimitedError(decision.retryAfterSeconds, 'leak reports');
    await ctx.services.apiKeys.reportLeaked(key.trim().slice(0, 200), ctx.caller, requestMeta(ctx));
    // Answer after the same minimum time whatever happened, so timing tells nothing either.
    const wait = LEAK_REPORT_MIN_MS - (Date.now() - started);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    return true;
  }

  @Query(() => ApiKey, {
    description: 'The calling key: merchant, type, mode, permissions, expiry. Any valid key.',
  })
  @RequireAccess(Access.KEY_ONLY)
  async currentApiKey(@Ctx() ctx: AppContext): Promise<ApiKey> {
    const key = await ctx.services.apiKeys.findById(keyOf(ctx).id);
    if (!key) throw notFound('API key');
    return key;
  }

  @FieldResolver(() => Merchant)
  async merchant(@Root() key: ApiKey, @Ctx() ctx: AppContext): Promise<Merchant> {
    const merchant = await ctx.services.merchants.findById(key.merchantId);
    if (!merchant) throw notFound('Merchant');
    return merchant;
  }

  @FieldResolver(() => [Permission], {
    description:
      'Which permissions this key lacks to run the given operation (empty: it may run it, as far ' +
      'as permissions go). Uses the same rules as enforcement.',
  })
  missingPermissions(
    @Root() key: ApiKey,
    @Arg('document') document: string,
    @Arg('operationName', () => String, { nullable: true }) operationName: string | null,
    @Info() info: GraphQLResolveInfo,
  ): Permission[] {
    const requirements = explainDocument(info.schema, document, operationName);
    return missing(toSet(key.permissions), requirements.required);
  }
}
