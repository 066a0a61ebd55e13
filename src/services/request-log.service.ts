import { DataSource } from 'typeorm';
import { AccountPrincipal } from '../auth/caller';
import { fetchPage, Page, PageRequest, parsePageRequest } from '../db/pagination';
import { insertRows } from '../db/statements';
import { badInput } from '../domain/errors';
import { firstIdAt } from '../domain/ids';
import { ApiKey } from '../entities/api-key.entity';
import { ApiRequestLog } from '../entities/api-request-log.entity';
import { MerchantService } from './merchant.service';

export interface RequestLogFilter {
  keyId?: string | null;
  outcome?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/**
 * Request logs and key usage. Reads page through a merchant's logs; the writes come in batches
 * from the side-road workers (`src/workers/`), never from the request path.
 */
export class RequestLogService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly merchants: MerchantService,
  ) {}

  private get logs() {
    return this.dataSource.getRepository(ApiRequestLog);
  }

  /**
   * One page of a merchant's request logs, newest first. Owners see their own merchants' logs,
   * admins every merchant's; another owner's merchant answers NOT_FOUND like a missing one.
   */
  async list(
    actor: AccountPrincipal,
    merchantId: string,
    filter: RequestLogFilter,
    request: PageRequest,
  ): Promise<Page<ApiRequestLog>> {
    const page = parsePageRequest(request);
    if (filter.from && filter.to && filter.from.getTime() > filter.to.getTime()) {
      throw badInput([{ field: 'filter.to', reason: 'must not be before filter.from' }]);
    }
    await this.merchants.requireVisible(actor, merchantId);
    const query = this.logs
      .createQueryBuilder('log')
      .where('log.merchantId = :merchantId', { merchantId });
    if (filter.keyId) query.andWhere('log.keyId = :keyId', { keyId: filter.keyId });
    if (filter.outcome) query.andWhere('log.outcome = :outcome', { outcome: filter.outcome });
    // A log's createdAt is the time in its id, so time bounds are id bounds: the range scan stays
    // on the (merchantId, id) index instead of filtering rows by createdAt.
    if (filter.from) {
      query.andWhere('log.id >= :fromId', { fromId: firstIdAt('log', filter.from.getTime()) });
    }
    if (filter.to) {
      query.andWhere('log.id < :toId', { toId: firstIdAt('log', filter.to.getTime()) });
    }
    return fetchPage(query, 'log', page);
  }

  /** Writes a batch of log rows with one multi-row INSERT. */
  async insertMany(rows: ApiRequestLog[]): Promise<void> {
    if (rows.length === 0) return;
    await insertRows(this.dataSource.manager, ApiRequestLog, rows);
  }

  /**
   * Sets `lastUsedAt` of the given keys with one UPDATE; never moves it backwards (several
   * instances may report the same key).
   */
  async markKeysUsed(keyIds: string[], at: Date): Promise<void> {
    if (keyIds.length === 0) return;
    await this.dataSource
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: at })
      .where('id IN (:...keyIds)', { keyIds })
      .andWhere('(lastUsedAt IS NULL OR lastUsedAt < :at)', { at })
      .updateEntity(false)
      .execute();
  }
}
