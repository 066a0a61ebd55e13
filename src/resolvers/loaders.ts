import DataLoader from 'dataloader';
import { DataScope } from '../db/scope';
import { MerchantResource } from '../entities/merchant-resource';
import { AppContext } from '../graphql/context';
import { ResourceService } from '../services/resource.service';

/**
 * Loads a related row through a per-request DataLoader, so that a page of 100 transactions with
 * their customers costs one query for the customers, not 100. The relation is looked up in the
 * parent row's merchant and mode (and the caller's currency kind): it can never cross a tenant.
 * A missing or out-of-scope row loads as null.
 */
export function loadRelated<T extends MerchantResource>(
  ctx: AppContext,
  service: ResourceService<T, never, never>,
  parent: MerchantResource,
  id: string | null,
): Promise<T | null> | null {
  if (!id) return null;
  const currencyKind = ctx.caller.kind === 'apiKey' ? ctx.caller.key.currencyKind : null;
  const scope: DataScope = { merchantId: parent.merchantId, mode: parent.mode, currencyKind };
  const key = `${service.rules.table.idPrefix}:${scope.merchantId}:${scope.mode}:${currencyKind ?? ''}`;
  ctx.loaders ??= new Map();
  let loader = ctx.loaders.get(key) as DataLoader<string, T | null> | undefined;
  if (!loader) {
    loader = new DataLoader<string, T | null>(async (ids) => {
      const rows = await service.getMany(scope, ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((rowId) => byId.get(rowId) ?? null);
    });
    ctx.loaders.set(key, loader as DataLoader<string, unknown>);
  }
  return loader.load(id);
}
