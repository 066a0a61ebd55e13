import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { MINUTE_MS, rateBuckets } from '../auth/rate-limiter';
import { AccountStatus } from '../domain/enums';
import { Account } from '../entities/account.entity';
import { AppContext } from '../graphql/context';
import { rateLimitedError } from '../graphql/errors';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf, requestMeta } from './context-helpers';
import { RegisterInput } from './types/account.input';
import { SessionType } from './types/session.type';

@Resolver(() => Account)
export class AccountResolver {
  @Mutation(() => Account, { description: 'Creates an OWNER account.' })
  // Sign-up needs no credentials.
  @RequireAccess(Access.PUBLIC)
  register(@Arg('input') input: RegisterInput, @Ctx() ctx: AppContext): Promise<Account> {
    return ctx.services.accounts.register(input.email, input.password);
  }

  @Mutation(() => SessionType, {
    description: 'Opens a session. Unknown email and wrong password answer alike.',
  })
  @RequireAccess(Access.PUBLIC)
  async login(
    @Arg('email') email: string,
    @Arg('password') password: string,
    @Ctx() ctx: AppContext,
  ): Promise<SessionType> {
    // Every attempt counts against the client address; a successful one is taken back, so only
    // failures use up the budget, and concurrent guesses cannot overrun it.
    const { rateLimiter, rateLimits } = ctx.services;
    const bucket = rateBuckets.authFailures(ctx.clientIp);
    const attempt = await rateLimiter.hit(bucket, rateLimits.authFailuresPerMinute, MINUTE_MS);
    if (!attempt.allowed)
      throw rateLimitedError(attempt.retryAfterSeconds, 'failed authentications');
    const session = await ctx.services.accounts.login(email, password, requestMeta(ctx));
    await rateLimiter.refund(bucket);
    return session;
  }

  @Mutation(() => Boolean, { description: 'Ends the current session.' })
  @RequireAccess(Access.ACCOUNT)
  async logout(@Ctx() ctx: AppContext): Promise<boolean> {
    accountOf(ctx);
    if (ctx.caller.kind === 'account') await ctx.services.accounts.logout(ctx.caller.sessionId);
    return true;
  }

  @Query(() => Account, { nullable: true, description: 'The logged-in account, or null.' })
  // Anyone may ask; only a session gets an account back.
  @RequireAccess(Access.PUBLIC)
  me(@Ctx() ctx: AppContext): Promise<Account | null> | null {
    return ctx.caller.kind === 'account' ? ctx.services.accounts.get(ctx.caller.account.id) : null;
  }

  @Mutation(() => Account, {
    description: 'Blocks or unblocks an account. Blocking ends its sessions and stops its keys.',
  })
  @RequireAccess(Access.ADMIN)
  setAccountStatus(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => AccountStatus) status: AccountStatus,
    @Ctx() ctx: AppContext,
  ): Promise<Account> {
    return ctx.services.accounts.setStatus(accountOf(ctx), id, status, requestMeta(ctx));
  }
}
