import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { DEFAULT_PAGE_SIZE } from '../db/pagination';
import { ApiRequestLog } from '../entities/api-request-log.entity';
import { AppContext } from '../graphql/context';
import { Access, RequireAccess } from '../permissions/rules';
import { accountOf } from './context-helpers';
import { Connection, toConnection } from './types/connection.type';
import { ApiRequestLogConnection, ApiRequestLogFilter } from './types/api-request-log.type';

@Resolver(() => ApiRequestLog)
export class RequestLogResolver {
  @Query(() => ApiRequestLogConnection, {
    description:
      "A merchant's API request logs, newest first, by cursor pages (`first` 1..100, `after` " +
      'an `endCursor`). Owners see their own merchants, admins every merchant.',
  })
  @RequireAccess(Access.ACCOUNT)
  async apiRequestLogs(
    @Arg('merchantId', () => ID) merchantId: string,
    @Arg('filter', () => ApiRequestLogFilter, { nullable: true })
    filter: ApiRequestLogFilter | null,
    @Arg('first', () => Int, { defaultValue: DEFAULT_PAGE_SIZE }) first: number,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: AppContext,
  ): Promise<Connection<ApiRequestLog>> {
    const page = await ctx.services.requestLogs.list(accountOf(ctx), merchantId, filter ?? {}, {
      first,
      after,
    });
    return toConnection(page);
  }
}
