import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AccountStatus } from '../domain/enums';
import { Account } from '../entities/account.entity';
import { AppContext } from '../graphql/context';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf } from './context-helpers';
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
    return ctx.services.accounts.login(email, password);
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
    return ctx.services.accounts.setStatus(accountOf(ctx), id, status);
  }
}
