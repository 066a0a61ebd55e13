import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { AppContext } from '../graphql/context';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf } from './context-helpers';
import { AuditEventConnection } from './types/audit-event.type';
import { Connection, toConnection } from './types/connection.type';
import { AuditEvent } from '../entities/audit-event.entity';

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, {
    description:
      'The audit trail, newest first. Owners: events of their merchants and their own actions. ' +
      'Admins: everything. `first` is 1 to 100.',
  })
  @RequireAccess(Access.ACCOUNT)
  async auditEvents(
    @Arg('merchantId', () => ID, { nullable: true }) merchantId: string | null,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<Connection<AuditEvent>> {
    return toConnection(
      await ctx.services.audit.list(accountOf(ctx), { merchantId, first, after }),
    );
  }
}
