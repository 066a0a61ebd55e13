import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccountPrincipal } from '../auth/caller';
import { issueKey } from '../auth/keys/key-format';
import { KeyHasher } from '../auth/keys/key-hash';
import { KeyRevocations } from '../auth/keys/key-verifier';
import { CurrencyKind, MerchantStatus, Mode } from '../domain/enums';
import { badInput, DomainError, ErrorCode, notFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { ApiKey, isDeactivated } from '../entities/api-key.entity';
import { AuditDetails } from '../entities/audit-event.entity';
import { Merchant } from '../entities/merchant.entity';
import {
  applyKeyTypeRules,
  KeyType,
  PermissionRequest,
  resolveRequested,
} from '../permissions/permissions';
import { parseCidr } from '../auth/cidr';
import { Caller } from '../auth/caller';
import { accountActor, AuditService, callerActor, RequestMeta } from './audit.service';
import { keySummary, WebhookEmitter } from './webhook.service';
import { WebhookEventType } from '../domain/webhook-enums';
import { MerchantService } from './merchant.service';

/** Longest grace period a rotation may give the old key. */
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

export interface CreateKeyCommand {
  merchantId: string;
  type: KeyType;
  mode: Mode;
  name: string;
  description?: string | null;
  expiresAt?: Date | null;
  permissions: PermissionRequest;
  currencyKind?: CurrencyKind | null;
  /** Client addresses the key may be used from; null or absent: anywhere. */
  allowedCidrs?: string[] | null;
}

/** Most CIDRs one key may list. */
export const MAX_ALLOWED_CIDRS = 20;

/**
 * Validates and normalises an allow-list of client addresses. Fails with BAD_USER_INPUT naming
 * each entry that is not an IPv4 or IPv6 address or CIDR. An empty list means no restriction.
 */
export function checkAllowedCidrs(cidrs: string[] | null | undefined): string[] | null {
  if (!cidrs || cidrs.length === 0) return null;
  if (cidrs.length > MAX_ALLOWED_CIDRS) {
    throw badInput([{ field: 'allowedCidrs', reason: `at most ${MAX_ALLOWED_CIDRS} entries` }]);
  }
  const fields = cidrs.flatMap((text, index) =>
    parseCidr(text.trim())
      ? []
      : [
          {
            field: `allowedCidrs.${index}`,
            reason: `"${text.slice(0, 60)}" is not an IPv4 or IPv6 address or CIDR`,
          },
        ],
  );
  if (fields.length > 0) throw badInput(fields);
  return [...new Set(cidrs.map((text) => text.trim()))];
}

/** What a new key takes from its creator (or from the key it replaces). */
type KeyFields = Pick<
  ApiKey,
  | 'merchantId'
  | 'type'
  | 'mode'
  | 'name'
  | 'description'
  | 'permissions'
  | 'currencyKind'
  | 'expiresAt'
  | 'createdById'
  | 'rotatedFromId'
  | 'allowedCidrs'
>;

/** A key just made: the only place its secret ever appears. */
export interface CreatedKey {
  secret: string;
  apiKey: ApiKey;
}

/**
 * The API key life cycle: create (secret shown once, only its HMAC stored), list, rotate,
 * deactivate, delete. Permissions are fixed at creation: no method here changes them.
 * Every change revokes the key from the verification cache before returning.
 */
export class ApiKeyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: KeyHasher,
    private readonly merchants: MerchantService,
    private readonly revocations: KeyRevocations,
    private readonly audit: AuditService,
    /** Records `api_key.*` webhook events in the transaction of the change. */
    private readonly events?: WebhookEmitter,
  ) {}

  private get keys() {
    return this.dataSource.getRepository(ApiKey);
  }

  private async emit(
    manager: EntityManager,
    type: WebhookEventType,
    key: ApiKey,
    data: Record<string, unknown> = { apiKey: keySummary(key) },
  ): Promise<void> {
    await this.events?.emit(manager, { type, merchantId: key.merchantId, mode: key.mode, data });
  }

  private checkMerchantFor(merchant: Merchant, mode: Mode): void {
    if (merchant.status === MerchantStatus.BANNED) {
      throw new DomainError(
        ErrorCode.MERCHANT_BLOCKED,
        'The merchant is banned: no keys can be created.',
      );
    }
    if (mode === Mode.LIVE && merchant.status !== MerchantStatus.ACTIVE) {
      throw new DomainError(
        ErrorCode.MERCHANT_NOT_ACTIVE,
        'LIVE keys need an ACTIVE merchant; a PENDING merchant may create TEST keys.',
        { fields: [{ field: 'mode', reason: 'merchant is not active' }] },
      );
    }
  }

  private async insertKey(manager: EntityManager, fields: KeyFields): Promise<CreatedKey> {
    const issued = issueKey(fields.type, fields.mode);
    const apiKey = manager.create(ApiKey, {
      ...fields,
      id: newId('key'),
      keyId: issued.keyId,
      prefix: issued.prefix,
      secretHash: this.hasher.hash(issued.secret),
      createdAt: new Date(),
      lastUsedAt: null,
      deactivatedAt: null,
      deletedAt: null,
    });
    await manager.insert(ApiKey, apiKey);
    return { secret: issued.secret, apiKey };
  }

  /**
   * Creates a key. Fails with NOT_FOUND for a merchant the actor cannot see, MERCHANT_BLOCKED for a
   * banned merchant, MERCHANT_NOT_ACTIVE for a LIVE key of a merchant not yet active, and
   * BAD_USER_INPUT for an expiry not in the future, EDIT permissions on a REPORTING key, or no
   * permission at all, or an invalid allowed CIDR. PUBLIC keys get PAYMENT_REQUEST_EDIT whatever
   * was asked. Records `api_key.created`.
   */
  async create(
    actor: AccountPrincipal,
    command: CreateKeyCommand,
    meta?: RequestMeta,
  ): Promise<CreatedKey> {
    if (!command.name.trim()) throw badInput([{ field: 'name', reason: 'must not be blank' }]);
    const allowedCidrs = checkAllowedCidrs(command.allowedCidrs);
    const merchant = await this.merchants.requireVisible(actor, command.merchantId);
    this.checkMerchantFor(merchant, command.mode);
    if (command.expiresAt && command.expiresAt.getTime() <= Date.now()) {
      throw badInput([{ field: 'expiresAt', reason: 'must be in the future' }]);
    }
    const ruled = applyKeyTypeRules(command.type, resolveRequested(command.permissions));
    if (!ruled.ok) {
      throw ruled.code === 'EDIT_NOT_ALLOWED'
        ? badInput([
            {
              field: 'permissions',
              reason: `REPORTING keys are read-only; not allowed: ${ruled.permissions.join(', ')}`,
            },
          ])
        : badInput([{ field: 'permissions', reason: 'grant at least one permission' }]);
    }
    return this.dataSource.transaction(async (manager) => {
      const created = await this.insertKey(manager, {
        merchantId: merchant.id,
        type: command.type,
        mode: command.mode,
        name: command.name.trim(),
        description: command.description?.trim() || null,
        permissions: ruled.permissions,
        currencyKind: command.currencyKind ?? null,
        allowedCidrs,
        expiresAt: command.expiresAt ?? null,
        createdById: actor.id,
        rotatedFromId: null,
      });
      await this.recordKeyEvent(manager, actor, 'api_key.created', created.apiKey, meta, {
        prefix: created.apiKey.prefix,
        type: created.apiKey.type,
        mode: created.apiKey.mode,
      });
      await this.emit(manager, WebhookEventType.API_KEY_CREATED, created.apiKey);
      return created;
    });
  }

  private recordKeyEvent(
    manager: EntityManager | undefined,
    actor: AccountPrincipal,
    action: string,
    key: Pick<ApiKey, 'id' | 'merchantId'>,
    meta: RequestMeta | undefined,
    details?: AuditDetails,
  ) {
    return this.audit.record(
      {
        ...accountActor(actor),
        action,
        targetType: 'api_key',
        targetId: key.id,
        merchantId: key.merchantId,
        details: details ?? null,
        meta,
      },
      manager,
    );
  }

  /** The merchant's keys, newest first, deactivated ones included, deleted ones not. */
  async list(actor: AccountPrincipal, merchantId: string): Promise<ApiKey[]> {
    const merchant = await this.merchants.requireVisible(actor, merchantId);
    return this.keys.find({
      where: { merchantId: merchant.id, deletedAt: IsNull() },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
  }

  /** The key if the actor may see it; null for a missing, deleted or another owner's key alike. */
  async findVisible(actor: AccountPrincipal, id: string): Promise<ApiKey | null> {
    const key = await this.keys.findOne({ where: { id, deletedAt: IsNull() } });
    if (!key) return null;
    return (await this.merchants.findVisible(actor, key.merchantId)) ? key : null;
  }

  private async requireVisible(actor: AccountPrincipal, id: string): Promise<ApiKey> {
    const key = await this.findVisible(actor, id);
    if (!key) throw notFound('API key');
    return key;
  }

  findById(id: string): Promise<ApiKey | null> {
    return this.keys.findOne({ where: { id } });
  }

  /**
   * Replaces a key by a new one with the same type, mode, permissions, name, currency kind and
   * expiry; the old key stops working now, or after `graceSeconds` (at most 7 days). Fails with
   * BAD_USER_INPUT for a key that is deactivated, scheduled for deactivation, or expired. The new
   * key keeps the allowed CIDRs. Records `api_key.rotated`.
   */
  async rotate(
    actor: AccountPrincipal,
    id: string,
    graceSeconds: number,
    meta?: RequestMeta,
  ): Promise<CreatedKey> {
    if (
      !Number.isInteger(graceSeconds) ||
      graceSeconds < 0 ||
      graceSeconds > MAX_ROTATION_GRACE_SECONDS
    ) {
      throw badInput([
        {
          field: 'gracePeriodSeconds',
          reason: `must be a whole number from 0 to ${MAX_ROTATION_GRACE_SECONDS} (7 days)`,
        },
      ]);
    }
    const old = await this.requireVisible(actor, id);
    const now = Date.now();
    if (isDeactivated(old, now) || old.deactivatedAt !== null) {
      throw badInput([{ field: 'id', reason: 'the key is deactivated or already being rotated' }]);
    }
    if (old.expiresAt && old.expiresAt.getTime() <= now) {
      throw badInput([{ field: 'id', reason: 'the key has expired; create a new key instead' }]);
    }
    const merchant = await this.merchants.requireVisible(actor, old.merchantId);
    this.checkMerchantFor(merchant, old.mode);
    const deactivatedAt = new Date(now + graceSeconds * 1000);
    const created = await this.dataSource.transaction(async (manager) => {
      const result = await manager.update(
        ApiKey,
        { id: old.id, deactivatedAt: IsNull() },
        { deactivatedAt },
      );
      if (result.affected !== 1) {
        throw badInput([
          { field: 'id', reason: 'the key is deactivated or already being rotated' },
        ]);
      }
      const replacement = await this.insertKey(manager, {
        merchantId: old.merchantId,
        type: old.type,
        mode: old.mode,
        name: old.name,
        description: old.description,
        permissions: old.permissions,
        currencyKind: old.currencyKind,
        allowedCidrs: old.allowedCidrs,
        expiresAt: old.expiresAt,
        createdById: actor.id,
        rotatedFromId: old.id,
      });
      await this.recordKeyEvent(manager, actor, 'api_key.rotated', old, meta, {
        replacementId: replacement.apiKey.id,
        gracePeriodSeconds: graceSeconds,
      });
      await this.emit(manager, WebhookEventType.API_KEY_ROTATED, replacement.apiKey, {
        apiKey: keySummary(replacement.apiKey),
        previousApiKey: { ...keySummary(old), deactivatedAt: deactivatedAt.toISOString() },
      });
      return replacement;
    });
    this.revocations.keyChanged(old.id);
    return created;
  }

  /**
   * Deactivates a key at once (also cutting short a rotation grace period). Idempotent; records
   * `api_key.deactivated` when it changed something.
   */
  async deactivate(actor: AccountPrincipal, id: string, meta?: RequestMeta): Promise<ApiKey> {
    const key = await this.requireVisible(actor, id);
    const now = new Date();
    if (!key.deactivatedAt || key.deactivatedAt > now) {
      await this.dataSource.transaction(async (manager) => {
        if (await this.deactivateIn(manager, key, now)) {
          await this.recordKeyEvent(manager, actor, 'api_key.deactivated', key, meta);
        }
      });
    }
    this.revocations.keyChanged(key.id);
    return key;
  }

  /**
   * Sets `deactivatedAt` to `now` unless the key already stopped working (a conditional UPDATE,
   * so that of two concurrent calls only one changes the row) and emits `api_key.deactivated`
   * for the call that did. Returns whether it changed the key.
   */
  private async deactivateIn(manager: EntityManager, key: ApiKey, now: Date): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ApiKey)
      .set({ deactivatedAt: now })
      .where('id = :id', { id: key.id })
      .andWhere('(deactivatedAt IS NULL OR deactivatedAt > :now)', { now })
      .updateEntity(false)
      .execute();
    if (result.affected !== 1) return false;
    key.deactivatedAt = now;
    await this.emit(manager, WebhookEventType.API_KEY_DEACTIVATED, key);
    return true;
  }

  /** Deactivates the key and hides it from lists; the row stays for the audit trail. */
  async delete(actor: AccountPrincipal, id: string, meta?: RequestMeta): Promise<true> {
    const key = await this.requireVisible(actor, id);
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      // A deleted key stops working: webhook receivers learn it as a deactivation.
      await this.deactivateIn(manager, key, now);
      await manager.update(ApiKey, { id: key.id }, { deletedAt: now });
      await this.recordKeyEvent(manager, actor, 'api_key.deleted', key, meta);
    });
    this.revocations.keyChanged(key.id);
    return true;
  }

  /**
   * Handles a leak report: when `raw` is a real key (whatever its standing), deactivates it at
   * once, revokes it from the cache and records `api_key.leak_reported` with the reporter and
   * their address. Anything else changes nothing. Returns whether a key was found: the resolver
   * must not tell the caller (it always answers true, after a fixed minimum time).
   */
  async reportLeaked(raw: string, reporter: Caller, meta?: RequestMeta): Promise<boolean> {
    const found = await this.revocations.identify(raw);
    if (!found) return false;
    const now = new Date();
    await this.dataSource.transaction(async (manager) => {
      // Deactivate now, also cutting short a rotation grace period; never move an earlier date.
      await manager
        .createQueryBuilder()
        .update(ApiKey)
        .set({ deactivatedAt: now })
        .where('id = :id', { id: found.id })
        .andWhere('(deactivatedAt IS NULL OR deactivatedAt > :now)', { now })
        .execute();
      await this.audit.record(
        {
          ...callerActor(reporter),
          action: 'api_key.leak_reported',
          targetType: 'api_key',
          targetId: found.id,
          merchantId: found.merchantId,
          details: { prefix: raw.slice(0, 22) },
          meta,
        },
        manager,
      );
    });
    this.revocations.keyChanged(found.id);
    return true;
  }
}
