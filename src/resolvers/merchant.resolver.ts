import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { MerchantStatus } from '../domain/enums';
import { Merchant } from '../entities/merchant.entity';
import { AppContext } from '../graphql/context';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf, requestMeta } from './context-helpers';
import { CreateMerchantInput } from './types/merchant.input';

@Resolver(() => Merchant)
export class MerchantResolver {
  @Mutation(() => Merchant, { description: 'Creates a merchant owned by the caller, PENDING.' })
  @RequireAccess(Access.ACCOUNT)
  createMerchant(
    @Arg('input') input: CreateMerchantInput,
    @Ctx() ctx: AppContext,
  ): Promise<Merchant> {
    return ctx.services.merchants.create(accountOf(ctx), input.name);
  }

  @Query(() => [Merchant], { description: 'Owners: their merchants. Admins: every merchant.' })
  @RequireAccess(Access.ACCOUNT)
  merchants(@Ctx() ctx: AppContext): Promise<Merchant[]> {
    return ctx.services.merchants.list(accountOf(ctx));
  }

  @Query(() => Merchant, { nullable: true, description: 'Null when missing or not yours.' })
  @RequireAccess(Access.ACCOUNT)
  merchant(@Arg('id', () => ID) id: string, @Ctx() ctx: AppContext): Promise<Merchant | null> {
    return ctx.services.merchants.findVisible(accountOf(ctx), id);
  }

  @Mutation(() => Merchant, {
    description: 'Activates, bans or suspends a merchant. Takes effect on its keys at once.',
  })
  @RequireAccess(Access.ADMIN)
  setMerchantStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => MerchantStatus) status: MerchantStatus,
    @Ctx() ctx: AppContext,
  ): Promise<Merchant> {
    return ctx.services.merchants.setStatus(accountOf(ctx), id, status, requestMeta(ctx));
  }
}
