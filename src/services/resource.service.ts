import { DataSource, EntityManager } from 'typeorm';
import { currencyKindOf } from '../domain/currencies';
import { CurrencyKind } from '../domain/enums';
import { badInput, notFound } from '../domain/errors';
import { Page, PageRequest } from '../db/pagination';
import { DataScope } from '../db/scope';
import { ResourceTable, ScopedRepository } from '../db/scoped-repository';
import { WebhookEventType } from '../domain/webhook-enums';
import { MerchantResource } from '../entities/merchant-resource';
import type { WebhookEmitter } from './webhook.service';

/** A webhook event a resource change causes; merchant and mode come from the scope. */
export interface ResourceEvent {
  type: WebhookEventType;
  data: Record<string, unknown>;
}

/** What the business rules of one resource may use while checking a create or update. */
export interface RuleContext {
  scope: DataScope;
  /**
   * The referenced row of another resource in the same scope; BAD_USER_INPUT naming `field` when
   * it is missing or belongs to another merchant or mode (the two answer alike).
   */
  reference<R extends MerchantResource>(
    table: ResourceTable<R>,
    id: string,
    field: string,
  ): Promise<R>;
}

/** The rules of one resource: how an input becomes column values, and what may change. */
export interface ResourceRules<T extends MerchantResource, C, U> {
  table: ResourceTable<T>;
  /** Name in messages, e.g. `Customer`. */
  label: string;
  create(input: C, context: RuleContext): Promise<Partial<T>> | Partial<T>;
  update(existing: T, input: U, context: RuleContext): Promise<Partial<T>> | Partial<T>;
  /**
   * Webhook events of a create (`created`) or an update (`updated`, with the row before and
   * after), recorded in the transaction of the write; null or absent: no event.
   */
  events?: {
    created?(row: T): ResourceEvent | null;
    updated?(before: T, after: T): ResourceEvent | null;
  };
}

/**
 * Checks a currency code and, for keys restricted to a currency kind, that it is of that kind.
 * Fails with BAD_USER_INPUT on `field`. Returns the currency's kind.
 */
export function checkCurrency(code: string, scope: DataScope, field = 'currency'): CurrencyKind {
  const kind = currencyKindOf(code);
  if (!kind) throw badInput([{ field, reason: `unsupported currency ${code}` }]);
  if (scope.currencyKind && kind !== scope.currencyKind) {
    throw badInput([
      { field, reason: `this key is restricted to ${scope.currencyKind} currencies` },
    ]);
  }
  return kind;
}

/** Drops undefined entries so that an update touches only the fields given. */
export function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/**
 * List, read, create and update for one merchant resource, always inside a scope. Creates and
 * updates run their checks and their write in one transaction; a refused input writes nothing.
 */
export class ResourceService<T extends MerchantResource, C, U> {
  constructor(
    private readonly dataSource: DataSource,
    readonly rules: ResourceRules<T, C, U>,
    private readonly emitter?: WebhookEmitter,
  ) {}

  private async emit(
    manager: EntityManager,
    scope: DataScope,
    event: ResourceEvent | null | undefined,
  ): Promise<void> {
    if (!event || !this.emitter) return;
    await this.emitter.emit(manager, { ...event, merchantId: scope.merchantId, mode: scope.mode });
  }

  repository(
    scope: DataScope,
    manager: EntityManager = this.dataSource.manager,
  ): ScopedRepository<T> {
    return new ScopedRepository(manager, this.rules.table, scope);
  }

  private context(scope: DataScope, manager: EntityManager): RuleContext {
    return {
      scope,
      async reference(table, id, field) {
        const row = await new ScopedRepository(manager, table, scope).findById(id);
        if (!row) throw badInput([{ field, reason: 'no such object' }]);
        return row;
      },
    };
  }

  list(scope: DataScope, page: PageRequest): Promise<Page<T>> {
    return this.repository(scope).page(page);
  }

  get(scope: DataScope, id: string): Promise<T | null> {
    return this.repository(scope).findById(id);
  }

  getMany(scope: DataScope, ids: readonly string[]): Promise<T[]> {
    return this.repository(scope).findByIds(ids);
  }

  create(scope: DataScope, input: C): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const values = await this.rules.create(input, this.context(scope, manager));
      const row = await this.repository(scope, manager).insert(values);
      await this.emit(manager, scope, this.rules.events?.created?.(row));
      return row;
    });
  }

  /** Fails with NOT_FOUND alike for a missing id and for another merchant's or mode's id. */
  update(scope: DataScope, id: string, input: U): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const repository = this.repository(scope, manager);
      const existing = await repository.findById(id);
      if (!existing) throw notFound(this.rules.label);
      const patch = await this.rules.update(existing, input, this.context(scope, manager));
      const before = { ...existing };
      const updated = await repository.update(existing, patch);
      await this.emit(manager, scope, this.rules.events?.updated?.(before, updated));
      return updated;
    });
  }
}
