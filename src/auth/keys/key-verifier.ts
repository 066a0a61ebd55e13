import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import { AccountStatus, MerchantStatus, Mode } from '../../domain/enums';
import { selection } from '../../db/statements';
import { Account } from '../../entities/account.entity';
import { ApiKey } from '../../entities/api-key.entity';
import { Merchant } from '../../entities/merchant.entity';
import { toSet } from '../../permissions/permissions';
import { VerifiedKey } from '../caller';
import { parseKey } from './key-format';
import { KeyHasher } from './key-hash';

export type KeyFailure =
  | 'API_KEY_INVALID'
  | 'API_KEY_EXPIRED'
  | 'OWNER_BLOCKED'
  | 'MERCHANT_BLOCKED'
  | 'MERCHANT_NOT_ACTIVE';

/** Who a refused key belongs to, when the key exists: for the request log, never the secret. */
export type KeySubject = Pick<VerifiedKey, 'id' | 'merchantId' | 'mode' | 'prefix'>;

export type KeyVerification =
  { ok: true; key: VerifiedKey } | { ok: false; code: KeyFailure; subject?: KeySubject };

function subjectOf(key: KeySubject): KeySubject {
  return { id: key.id, merchantId: key.merchantId, mode: key.mode, prefix: key.prefix };
}

/** Where a key's revocations come from: the services call these after every change. */
export interface KeyRevocations {
  keyChanged(apiKeyId: string): void;
  merchantChanged(merchantId: string): void;
  ownerChanged(accountId: string): void;
  /** The key `raw` is, whatever its standing, or null (see `KeyVerifier.identify`). */
  identify(raw: string): Promise<{ id: string; merchantId: string } | null>;
}

interface CachedKey {
  key: VerifiedKey;
  /** `Date.now()` when the entry was verified against the database. */
  cachedAt: number;
}

/** A 64-hex digest no key hashes to: compared against when a key id is unknown. */
const DUMMY_HASH = '0'.repeat(64);

/**
 * Decides the standing of a verified key at `now`, in the order of SPEC section 5: deactivated or
 * deleted, expired, owner blocked, merchant banned, merchant not active (LIVE keys only).
 */
export function keyStanding(key: VerifiedKey, now: number): KeyVerification {
  const refuse = (code: KeyFailure): KeyVerification => ({
    ok: false,
    code,
    subject: subjectOf(key),
  });
  if (key.deleted || (key.deactivatesAt !== null && key.deactivatesAt <= now)) {
    return refuse('API_KEY_INVALID');
  }
  if (key.expiresAt !== null && key.expiresAt <= now) return refuse('API_KEY_EXPIRED');
  if (key.ownerStatus === AccountStatus.BLOCKED) return refuse('OWNER_BLOCKED');
  if (key.merchantStatus === MerchantStatus.BANNED) return refuse('MERCHANT_BLOCKED');
  if (key.merchantStatus !== MerchantStatus.ACTIVE && key.mode === Mode.LIVE) {
    return refuse('MERCHANT_NOT_ACTIVE');
  }
  return { ok: true, key };
}

/**
 * Verifies presented API keys. No slow hash runs on any path: a malformed key is refused by shape
 * and checksum alone, without a database query; a well-formed key is hashed with HMAC-SHA256 and
 * looked up in a bounded LRU cache, then by its indexed key id with a constant-time hash compare
 * (a dummy compare when the id is unknown, so both failures take the same time).
 *
 * Cached entries are dropped at once by `keyChanged`, `merchantChanged` and `ownerChanged`, and a
 * lookup that raced with a revocation is not cached, so no entry outlives a revocation here.
 */
/** The statement of `findByKeyId` and how to read its row, made once per data source. */
function keyLookup(dataSource: DataSource) {
  const { manager } = dataSource;
  const key = selection(manager, ApiKey, 'k', [
    'id',
    'keyId',
    'prefix',
    'merchantId',
    'type',
    'mode',
    'permissions',
    'currencyKind',
    'allowedCidrs',
    'secretHash',
    'expiresAt',
    'deactivatedAt',
    'deletedAt',
  ]);
  const merchant = selection(manager, Merchant, 'm', ['id', 'status', 'ownerId']);
  const owner = selection(manager, Account, 'o', ['id', 'status']);
  const sql =
    `SELECT ${key.sql}, ${merchant.sql}, ${owner.sql} FROM ${key.table} k` +
    ` INNER JOIN ${merchant.table} m ON ${merchant.column('id')} = ${key.column('merchantId')}` +
    ` INNER JOIN ${owner.table} o ON ${owner.column('id')} = ${merchant.column('ownerId')}` +
    ` WHERE ${key.column('keyId')} = ?`;
  return {
    sql,
    read(raw: Record<string, unknown>): ApiKey {
      const row = key.read(raw);
      row.merchant = merchant.read(raw);
      row.merchant.owner = owner.read(raw);
      return row;
    },
  };
}

export class KeyVerifier implements KeyRevocations {
  private readonly cache: LRUCache<string, CachedKey>;
  private generation = 0;
  private lookup: ReturnType<typeof keyLookup> | undefined;
  /**
   * When set, cached entries older than this many milliseconds are re-verified against the
   * database: switched on while the revocation bus is down (revocations from other instances may
   * be missed), off otherwise.
   */
  private maxAgeMs: number | null = null;
  hits = 0;
  misses = 0;

  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: KeyHasher,
    cacheSize: number,
  ) {
    this.cache = new LRUCache({ max: Math.max(1, cacheSize) });
  }

  async verify(raw: string, now: number = Date.now()): Promise<KeyVerification> {
    const parsed = parseKey(raw);
    if (!parsed) return { ok: false, code: 'API_KEY_INVALID' };
    const hash = this.hasher.hash(raw);
    const cached = this.cache.get(hash);
    if (cached && (this.maxAgeMs === null || Date.now() - cached.cachedAt <= this.maxAgeMs)) {
      this.hits++;
      return keyStanding(cached.key, now);
    }
    this.misses++;
    const generation = this.generation;
    const row = await this.findByKeyId(parsed.keyId);
    const matches = KeyHasher.equal(row?.secretHash ?? DUMMY_HASH, hash);
    if (!row || !row.merchant?.owner) return { ok: false, code: 'API_KEY_INVALID' };
    // A known key id with a wrong secret: refused, but attributed to the key for its request log.
    if (!matches) return { ok: false, code: 'API_KEY_INVALID', subject: subjectOf(row) };
    const key: VerifiedKey = {
      id: row.id,
      keyId: row.keyId,
      prefix: row.prefix,
      merchantId: row.merchantId,
      ownerId: row.merchant.ownerId,
      type: row.type,
      mode: row.mode,
      permissions: row.permissions,
      grants: toSet(row.permissions),
      currencyKind: row.currencyKind,
      expiresAt: row.expiresAt?.getTime() ?? null,
      deactivatesAt: row.deactivatedAt?.getTime() ?? null,
      deleted: row.deletedAt !== null,
      merchantStatus: row.merchant.status,
      ownerStatus: row.merchant.owner.status,
      allowedCidrs: row.allowedCidrs && row.allowedCidrs.length > 0 ? row.allowedCidrs : null,
    };
    if (generation === this.generation) this.cache.set(hash, { key, cachedAt: Date.now() });
    return keyStanding(key, now);
  }

  /**
   * The database id of the key `raw` is, whatever its standing (deactivated, expired, blocked
   * owner), or null. Same lookup and constant-time compare as `verify`, without the cache, so an
   * unknown key id and a wrong secret take the same time. Used for leak reports.
   */
  async identify(raw: string): Promise<{ id: string; merchantId: string } | null> {
    const parsed = parseKey(raw);
    if (!parsed) return null;
    const hash = this.hasher.hash(raw);
    const row = await this.dataSource.getRepository(ApiKey).findOne({
      select: { id: true, merchantId: true, secretHash: true },
      where: { keyId: parsed.keyId },
    });
    const matches = KeyHasher.equal(row?.secretHash ?? DUMMY_HASH, hash);
    return row && matches ? { id: row.id, merchantId: row.merchantId } : null;
  }

  /**
   * The key with its merchant's and owner's status, in one indexed query selecting only the
   * columns verification needs (never the owner's password hash). A plain statement
   * (`src/db/statements.ts`): TypeORM's query builder tripled the time of a cache miss.
   */
  private async findByKeyId(keyId: string): Promise<ApiKey | null> {
    const lookup = (this.lookup ??= keyLookup(this.dataSource));
    const raws = (await this.dataSource.query(lookup.sql, [keyId])) as Record<string, unknown>[];
    return raws.length > 0 ? lookup.read(raws[0]) : null;
  }

  private dropWhere(predicate: (key: VerifiedKey) => boolean): void {
    this.generation++;
    for (const [hash, entry] of this.cache.entries()) {
      if (predicate(entry.key)) this.cache.delete(hash);
    }
  }

  keyChanged(apiKeyId: string): void {
    this.dropWhere((key) => key.id === apiKeyId);
  }

  merchantChanged(merchantId: string): void {
    this.dropWhere((key) => key.merchantId === merchantId);
  }

  ownerChanged(accountId: string): void {
    this.dropWhere((key) => key.ownerId === accountId);
  }

  /** Drops every cached key (revocations may have been missed: the bus reconnected). */
  clear(): void {
    this.generation++;
    this.cache.clear();
  }

  /**
   * Bounds the age of cached entries: `null` (the default) keeps them until evicted or revoked;
   * a number re-verifies entries older than that many milliseconds (the fallback while the
   * revocation bus is down).
   */
  setMaxAge(ms: number | null): void {
    this.maxAgeMs = ms;
  }

  get maxAge(): number | null {
    return this.maxAgeMs;
  }

  get size(): number {
    return this.cache.size;
  }
}
