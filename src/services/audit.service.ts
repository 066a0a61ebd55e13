import { DataSource, EntityManager, FindOptionsWhere, In, LessThan } from 'typeorm';
import { AccountPrincipal, Caller } from '../auth/caller';
import { AuditActorType } from '../domain/enums';
import { encodeCursor, Page, parsePageRequest } from '../db/pagination';
import { newId } from '../domain/ids';
import { AuditDetails, AuditEvent } from '../entities/audit-event.entity';
import { Merchant } from '../entities/merchant.entity';
import { isAdmin } from './merchant.service';

/** Where a request came from, passed by resolvers to services that record audit events. */
export interface RequestMeta {
  clientIp: string;
  requestId: string;
}

export const NO_REQUEST_META: RequestMeta = Object.freeze({ clientIp: '', requestId: '' });

/** One event to record. `details` must never hold secrets (keys, tokens, passwords). */
export interface AuditRecord {
  actorType: AuditActorType;
  actorId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  merchantId?: string | null;
  details?: AuditDetails | null;
  meta?: RequestMeta;
}

/** The actor fields of an event done by an account. */
export function accountActor(actor: AccountPrincipal): Pick<AuditRecord, 'actorType' | 'actorId'> {
  return { actorType: AuditActorType.ACCOUNT, actorId: actor.id };
}

/** The actor fields for whoever is calling (account, API key or anonymous). */
export function callerActor(caller: Caller): Pick<AuditRecord, 'actorType' | 'actorId'> {
  switch (caller.kind) {
    case 'account':
      return accountActor(caller.account);
    case 'apiKey':
      return { actorType: AuditActorType.API_KEY, actorId: caller.key.id };
    case 'anonymous':
      return { actorType: AuditActorType.ANONYMOUS, actorId: null };
  }
}

/**
 * The audit trail: append-only records of changes to keys, merchants and accounts, logins and
 * leak reports. Written by the services (never on the API-key request path) and read by accounts.
 */
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends one event, inside `manager`'s transaction when given (so the event and the change it
   * records commit or fail together). Fails only when the database does.
   */
  async record(event: AuditRecord, manager?: EntityManager): Promise<AuditEvent> {
    const row: AuditEvent = {
      id: newId('aud'),
      occurredAt: new Date(),
      actorType: event.actorType,
      actorId: event.actorId ?? null,
      action: event.action,
      targetType: event.targetType ?? null,
      targetId: event.targetId ?? null,
      merchantId: event.merchantId ?? null,
      clientIp: (event.meta?.clientIp ?? '').slice(0, 64),
      requestId: event.meta?.requestId || null,
      details: event.details ?? null,
    };
    await (manager ?? this.dataSource.manager).insert(AuditEvent, row);
    return row;
  }

  /**
   * Events the actor may see, newest first, `first` (1..100) after the cursor `after` (an event
   * id). Owners see their merchants' events and their own account's; admins see all. A merchant
   * the owner does not own yields an empty page, like a missing one. Fails with BAD_USER_INPUT for
   * `first` out of range or a cursor this API did not issue.
   */
  async list(
    actor: AccountPrincipal,
    options: { merchantId?: string | null; first: number; after?: string | null },
  ): Promise<Page<AuditEvent>> {
    const { first, afterId } = parsePageRequest(options);
    const empty = { nodes: [], hasNextPage: false, endCursor: null };
    const before = afterId !== undefined ? { id: LessThan(afterId) } : {};
    let where: FindOptionsWhere<AuditEvent>[];
    if (isAdmin(actor)) {
      where = [{ ...before, ...(options.merchantId ? { merchantId: options.merchantId } : {}) }];
    } else {
      const owned = await this.dataSource.getRepository(Merchant).find({
        select: { id: true },
        where: { ownerId: actor.id, ...(options.merchantId ? { id: options.merchantId } : {}) },
      });
      const merchantIds = owned.map((m) => m.id);
      where = merchantIds.length > 0 ? [{ ...before, merchantId: In(merchantIds) }] : [];
      if (!options.merchantId) where.push({ ...before, actorId: actor.id });
      if (where.length === 0) return empty;
    }
    const rows = await this.dataSource.getRepository(AuditEvent).find({
      where,
      order: { id: 'DESC' },
      take: first + 1,
    });
    const nodes = rows.slice(0, first);
    const last = nodes.at(-1);
    return {
      nodes,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor(last.id) : null,
    };
  }
}
