import { EntityManager, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { newId } from '../domain/ids';
import { MerchantResource } from '../entities/merchant-resource';
import { fetchPage, Page, PageRequest, parsePageRequest } from './pagination';
import { DataScope } from './scope';
import { insertRows, selectRows, Where } from './statements';

export type ResourceClass<T extends MerchantResource> = { new (): T; prototype: T };

export interface ResourceTable<T extends MerchantResource> {
  entity: ResourceClass<T>;
  /** Id prefix, e.g. `cus`. */
  idPrefix: string;
  /** The table has a `currencyKind` column that restricted keys are filtered on. */
  kindRestricted?: boolean;
}

/**
 * Data access for merchant resources that cannot forget the tenant: every read and write carries
 * the scope's merchant and mode (and currency kind for restricted keys), so a row of another
 * merchant or mode is indistinguishable from a missing one: same query, same empty answer.
 */
export class ScopedRepository<T extends MerchantResource> {
  constructor(
    private readonly manager: EntityManager,
    private readonly table: ResourceTable<T>,
    private readonly scope: DataScope,
  ) {}

  private get repo() {
    return this.manager.getRepository<T>(this.table.entity);
  }

  /**
   * The scope (merchant, mode and, for restricted keys, currency kind) as plain equalities, plus
   * `extra`: for TypeORM finds and for the request-path statements of `./statements`.
   */
  private where(extra: ObjectLiteral = {}): FindOptionsWhere<T> & Where<T> {
    const where: ObjectLiteral = {
      ...extra,
      merchantId: this.scope.merchantId,
      mode: this.scope.mode,
    };
    if (this.table.kindRestricted && this.scope.currencyKind) {
      where.currencyKind = this.scope.currencyKind;
    }
    return where as FindOptionsWhere<T> & Where<T>;
  }

  /**
   * A query builder on the table, already restricted to the scope (merchant, mode and, for
   * restricted keys, currency kind): for reads a find cannot express, such as aggregates. Add
   * conditions with `andWhere`, never `where` (which would replace the scope).
   */
  query(alias: string): SelectQueryBuilder<T> {
    const query = this.repo
      .createQueryBuilder(alias)
      .where(`${alias}.merchantId = :scopeMerchantId`, { scopeMerchantId: this.scope.merchantId })
      .andWhere(`${alias}.mode = :scopeMode`, { scopeMode: this.scope.mode });
    if (this.table.kindRestricted && this.scope.currencyKind) {
      query.andWhere(`${alias}.currencyKind = :scopeCurrencyKind`, {
        scopeCurrencyKind: this.scope.currencyKind,
      });
    }
    return query;
  }

  async findById(id: string): Promise<T | null> {
    const [row] = await selectRows(this.manager, this.table.entity, this.where({ id }));
    return row ?? null;
  }

  findByIds(ids: readonly string[]): Promise<T[]> {
    return selectRows(this.manager, this.table.entity, this.where({ id: ids }));
  }

  /** Newest first, `first` rows after the cursor; stable under concurrent inserts. */
  page(request: PageRequest): Promise<Page<T>> {
    return fetchPage(this.query('row'), 'row', parsePageRequest(request));
  }

  async insert(values: Partial<T>): Promise<T> {
    const now = new Date();
    const row = this.repo.create({
      ...values,
      id: newId(this.table.idPrefix),
      merchantId: this.scope.merchantId,
      mode: this.scope.mode,
      createdAt: now,
      updatedAt: now,
    } as T);
    await insertRows(this.manager, this.table.entity, [row]);
    return row;
  }

  /** Applies `patch` to the row if it is in scope; null (nothing written) otherwise. */
  async update(existing: T, patch: Partial<T>): Promise<T> {
    const updatedAt = new Date();
    const changes = { ...patch, updatedAt } as Partial<T>;
    await this.repo.update(this.where({ id: existing.id }), changes as never);
    return Object.assign(existing, changes);
  }
}
