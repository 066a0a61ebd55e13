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
import { notFound } from '../domain/errors';
import { ApiKey } from '../entities/api-key.entity';
import { Merchant } from '../entities/merchant.entity';
import { AppContext } from '../graphql/context';
import { explainDocument } from '../graphql/explain';
import { missing, Permission, toSet } from '../permissions/permissions';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf, keyOf } from './context-helpers';
import { CreateApiKeyInput } from './types/api-key.input';
import { CreatedApiKey } from './types/created-api-key.type';

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
    return ctx.services.apiKeys.create(accountOf(ctx), input);
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
    return ctx.services.apiKeys.rotate(accountOf(ctx), id, gracePeriodSeconds);
  }

  @Mutation(() => ApiKey, { description: 'Stops the key at once, on every request from now on.' })
  @RequireAccess(Access.ACCOUNT)
  deactivateApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<ApiKey> {
    return ctx.services.apiKeys.deactivate(accountOf(ctx), id);
  }

  @Mutation(() => Boolean, {
    description: 'Deactivates the key and removes it from lists; it is kept for the audit trail.',
  })
  @RequireAccess(Access.ACCOUNT)
  deleteApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<boolean> {
    return ctx.services.apiKeys.delete(accountOf(ctx), id);
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
