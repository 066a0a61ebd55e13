import { BlockList, isIP } from 'node:net';
import type { Logger } from 'pino';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccountPrincipal } from '../auth/caller';
import { randomBase62 } from '../auth/keys/key-format';
import { fetchPage, Page, PageRequest, parsePageRequest } from '../db/pagination';
import { insertRows, selectRows } from '../db/statements';
import { Mode } from '../domain/enums';
import { badInput, notFound } from '../domain/errors';
import { newId } from '../domain/ids';
import { WebhookDeliveryStatus, WebhookEventType } from '../domain/webhook-enums';
import { ApiKey } from '../entities/api-key.entity';
import {
  WEBHOOK_ERROR_LENGTH,
  WebhookDelivery,
  WebhookDeliveryAttempt,
} from '../entities/webhook-delivery.entity';
import {
  WEBHOOK_DISABLED_REASON_LENGTH,
  WEBHOOK_URL_LENGTH,
  WebhookEndpoint,
} from '../entities/webhook-endpoint.entity';
import { WebhookEvent } from '../entities/webhook-event.entity';
import { newWebhookSecret, SecretBox } from '../webhooks/secret-box';
import { MerchantService } from './merchant.service';

/** Longest overlap a secret rotation may give the old secret. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 24 * 3600;

export interface WebhookSettings {
  env: 'development' | 'production' | 'test';
  keyPepper: string;
  /** `api_key.expiring` is emitted this many days before a key's `expiresAt`. */
  webhookKeyExpiringDays: number;
}

/** An event to record: the service adds id and time and builds the payload. */
export interface WebhookEventDraft {
  type: WebhookEventType;
  merchantId: string;
  mode: Mode;
  data: Record<string, unknown>;
  /** For events that must exist at most once (see `WebhookEvent.dedupeKey`). */
  dedupeKey?: string;
}

/** Records an event inside the caller's transaction (the outbox write). */
export interface WebhookEmitter {
  emit(manager: EntityManager, draft: WebhookEventDraft): Promise<WebhookEvent>;
}

export interface EndpointCommand {
  merchantId: string;
  mode: Mode;
  url: string;
  eventTypes: WebhookEventType[];
  description?: string | null;
  enabled?: boolean | null;
}

export interface EndpointPatch {
  url?: string | null;
  eventTypes?: WebhookEventType[] | null;
  description?: string | null;
  enabled?: boolean | null;
}

export interface DeliveryFilter {
  eventType?: WebhookEventType | null;
  status?: WebhookDeliveryStatus | null;
}

/** An endpoint just created or whose secret was just rotated: the only time the secret shows. */
export interface CreatedEndpoint {
  secret: string;
  endpoint: WebhookEndpoint;
}

/** A delivery this instance has claimed, with everything needed to send it. */
export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  url: string;
  /** The exact body. */
  payload: string;
  /** Secrets to sign with, newest first. Never logged. */
  secrets: string[];
}

export interface AttemptResult {
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  succeeded: boolean;
  /** When to try again; null: no more attempts (the delivery fails). */
  retryAt: Date | null;
}

/** What an API key event may say about a key: never its secret or hash. */
export function keySummary(key: ApiKey): Record<string, unknown> {
  return {
    id: key.id,
    prefix: key.prefix,
    name: key.name,
    type: key.type,
    mode: key.mode,
    expiresAt: key.expiresAt ? key.expiresAt.toISOString() : null,
  };
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Addresses a production endpoint may not name literally: loopback, private, link-local. */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

function isInternalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  const family = isIP(host);
  if (family === 0) return false;
  if (family === 6 && host.toLowerCase().startsWith('::ffff:')) {
    const mapped = host.slice('::ffff:'.length);
    if (isIP(mapped) === 4) return INTERNAL.check(mapped, 'ipv4');
  }
  return INTERNAL.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Checks an endpoint URL: https anywhere; http only to localhost or 127.0.0.1 outside production;
 * no other scheme, no credentials in the URL; in production no localhost or loopback, private or
 * link-local address literal (host names are not resolved here). Fails with BAD_USER_INPUT on
 * `field`.
 */
export function checkWebhookUrl(value: string, env: WebhookSettings['env'], field: string): string {
  const trimmed = value.trim();
  if (trimmed.length > WEBHOOK_URL_LENGTH) {
    throw badInput([{ field, reason: `must be at most ${WEBHOOK_URL_LENGTH} characters` }]);
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw badInput([{ field, reason: 'is not a valid URL' }]);
  }
  if (url.username || url.password) {
    throw badInput([{ field, reason: 'must not contain credentials' }]);
  }
  if (env === 'production' && isInternalHost(url.hostname)) {
    throw badInput([{ field, reason: 'must not point to a local or private address' }]);
  }
  if (url.protocol === 'https:') return url.toString();
  if (url.protocol === 'http:') {
    if (env === 'production') throw badInput([{ field, reason: 'must use https' }]);
    if (!LOCAL_HOSTS.has(url.hostname)) {
      throw badInput([{ field, reason: 'http is allowed only for localhost and 127.0.0.1' }]);
    }
    return url.toString();
  }
  throw badInput([{ field, reason: 'must be an https URL' }]);
}

function checkEventTypes(types: WebhookEventType[], field: string): WebhookEventType[] {
  const unique = [...new Set(types)];
  if (unique.length === 0) throw badInput([{ field, reason: 'subscribe to at least one event' }]);
  return unique.sort();
}

function cut(value: string | null, length: number): string | null {
  return value === null ? null : value.slice(0, length);
}

/**
 * Webhooks: endpoints (owners their own merchants', admins any), the event outbox, and the
 * delivery bookkeeping used by the deliverer (`src/workers/webhook-deliverer.ts`).
 */
export class WebhookService implements WebhookEmitter {
  private readonly box: SecretBox;

  constructor(
    private readonly dataSource: DataSource,
    private readonly merchants: MerchantService,
    private readonly settings: WebhookSettings,
  ) {
    this.box = new SecretBox(settings.keyPepper);
  }

  private get endpoints() {
    return this.dataSource.getRepository(WebhookEndpoint);
  }

  private get deliveries() {
    return this.dataSource.getRepository(WebhookDelivery);
  }

  // ---- outbox ----------------------------------------------------------------------------

  /**
   * Writes the event and one PENDING delivery per enabled endpoint of the merchant and mode that
   * subscribes to its type, with `manager` (the caller's transaction): the event exists exactly
   * when the change that caused it was committed. Throws what the database throws (a duplicate
   * `dedupeKey` included), which rolls the caller's transaction back.
   */
  async emit(manager: EntityManager, draft: WebhookEventDraft): Promise<WebhookEvent> {
    const now = new Date();
    const id = newId('evt', now.getTime());
    const payload = JSON.stringify({
      id,
      type: draft.type,
      createdAt: now.toISOString(),
      merchantId: draft.merchantId,
      mode: draft.mode,
      data: draft.data,
    });
    const event = manager.create(WebhookEvent, {
      id,
      merchantId: draft.merchantId,
      mode: draft.mode,
      type: draft.type,
      payload,
      dedupeKey: draft.dedupeKey ?? null,
      createdAt: now,
    });
    // Plain statements (src/db/statements.ts): this runs inside resource mutations.
    await insertRows(manager, WebhookEvent, [event]);
    const endpoints = await selectRows(manager, WebhookEndpoint, {
      merchantId: draft.merchantId,
      mode: draft.mode,
      enabled: true,
    });
    const subscribed = endpoints.filter((e) => e.eventTypes.includes(draft.type));
    await insertRows(
      manager,
      WebhookDelivery,
      subscribed.map((endpoint) => this.newDelivery(event, endpoint.id, now)),
    );
    return event;
  }

  private newDelivery(event: WebhookEvent, endpointId: string, now: Date): WebhookDelivery {
    return this.deliveries.create({
      id: newId('whd', now.getTime()),
      eventId: event.id,
      endpointId,
      eventType: event.type,
      status: WebhookDeliveryStatus.PENDING,
      attemptCount: 0,
      nextAttemptAt: now,
      claimToken: null,
      lastStatusCode: null,
      lastError: null,
      completedAt: null,
      createdAt: now,
    });
  }

  /**
   * Emits `api_key.expiring` once per key whose `expiresAt` falls within the configured number
   * of days and that still works. Returns how many events it wrote. A key another instance
   * announced meanwhile is skipped (unique `dedupeKey`), never announced twice.
   */
  async scanExpiringKeys(logger: Logger, now: Date = new Date(), limit = 500): Promise<number> {
    const until = new Date(now.getTime() + this.settings.webhookKeyExpiringDays * 86_400_000);
    const keys = await this.dataSource
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.expiresAt > :now AND k.expiresAt <= :until', { now, until })
      .andWhere('k.deletedAt IS NULL')
      .andWhere('(k.deactivatedAt IS NULL OR k.deactivatedAt > :now)', { now })
      .orderBy('k.expiresAt', 'ASC')
      .limit(limit)
      .getMany();
    if (keys.length === 0) return 0;
    const dedupeOf = (key: ApiKey) => `api_key.expiring:${key.id}`;
    const existing = await this.dataSource.getRepository(WebhookEvent).find({
      select: { id: true, dedupeKey: true },
      where: { dedupeKey: In(keys.map(dedupeOf)) },
    });
    const done = new Set(existing.map((e) => e.dedupeKey));
    let emitted = 0;
    for (const key of keys) {
      if (done.has(dedupeOf(key))) continue;
      try {
        await this.dataSource.transaction((manager) =>
          this.emit(manager, {
            type: WebhookEventType.API_KEY_EXPIRING,
            merchantId: key.merchantId,
            mode: key.mode,
            data: { apiKey: keySummary(key) },
            dedupeKey: dedupeOf(key),
          }),
        );
        emitted++;
      } catch (error) {
        // Most likely another instance announced the key first (unique dedupeKey).
        logger.debug({ err: error, keyId: key.id }, 'api_key.expiring not emitted');
      }
    }
    return emitted;
  }

  // ---- endpoints -------------------------------------------------------------------------

  /** The endpoint if the actor may see it; null for a missing one and for another owner's alike. */
  async findVisible(actor: AccountPrincipal, id: string): Promise<WebhookEndpoint | null> {
    const endpoint = await this.endpoints.findOne({ where: { id } });
    if (!endpoint) return null;
    return (await this.merchants.findVisible(actor, endpoint.merchantId)) ? endpoint : null;
  }

  private async requireVisible(actor: AccountPrincipal, id: string): Promise<WebhookEndpoint> {
    const endpoint = await this.findVisible(actor, id);
    if (!endpoint) throw notFound('Webhook endpoint');
    return endpoint;
  }

  /**
   * Registers an endpoint and returns its signing secret (shown this once; stored encrypted).
   * Fails with NOT_FOUND for a merchant the actor cannot see and BAD_USER_INPUT for a URL that
   * `checkWebhookUrl` refuses or an empty list of event types.
   */
  async createEndpoint(
    actor: AccountPrincipal,
    command: EndpointCommand,
  ): Promise<CreatedEndpoint> {
    const url = checkWebhookUrl(command.url, this.settings.env, 'input.url');
    const eventTypes = checkEventTypes(command.eventTypes, 'input.eventTypes');
    const merchant = await this.merchants.requireVisible(actor, command.merchantId);
    const id = newId('whe');
    const secret = newWebhookSecret();
    const now = new Date();
    const endpoint = this.endpoints.create({
      id,
      merchantId: merchant.id,
      mode: command.mode,
      url,
      eventTypes,
      description: command.description?.trim() || null,
      enabled: command.enabled ?? true,
      secretCiphertext: this.box.seal(secret, id),
      previousSecretCiphertext: null,
      previousSecretExpiresAt: null,
      consecutiveFailures: 0,
      disabledReason: null,
      disabledAt: null,
      createdById: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await this.endpoints.insert(endpoint);
    return { secret, endpoint };
  }

  /** The endpoints of a merchant and mode, newest first. NOT_FOUND for a merchant not visible. */
  async listEndpoints(
    actor: AccountPrincipal,
    merchantId: string,
    mode: Mode,
  ): Promise<WebhookEndpoint[]> {
    const merchant = await this.merchants.requireVisible(actor, merchantId);
    return this.endpoints.find({ where: { merchantId: merchant.id, mode }, order: { id: 'DESC' } });
  }

  /**
   * Changes URL, event types, description or enabled. Enabling clears the failure count and the
   * reason the service disabled it. Fails like `createEndpoint`, NOT_FOUND for an endpoint the
   * actor cannot see.
   */
  async updateEndpoint(
    actor: AccountPrincipal,
    id: string,
    patch: EndpointPatch,
  ): Promise<WebhookEndpoint> {
    const url = patch.url ? checkWebhookUrl(patch.url, this.settings.env, 'input.url') : undefined;
    const eventTypes = patch.eventTypes
      ? checkEventTypes(patch.eventTypes, 'input.eventTypes')
      : undefined;
    const endpoint = await this.requireVisible(actor, id);
    const changes: Partial<WebhookEndpoint> = { updatedAt: new Date() };
    if (url !== undefined) changes.url = url;
    if (eventTypes !== undefined) changes.eventTypes = eventTypes;
    if (patch.description !== undefined) changes.description = patch.description?.trim() || null;
    if (patch.enabled !== undefined && patch.enabled !== null) {
      changes.enabled = patch.enabled;
      if (patch.enabled) {
        changes.consecutiveFailures = 0;
        changes.disabledReason = null;
        changes.disabledAt = null;
      }
    }
    await this.endpoints.update({ id: endpoint.id }, changes);
    return Object.assign(endpoint, changes);
  }

  /**
   * Gives the endpoint a new secret (returned this once). For `overlapSeconds` (0 to 7 days) the
   * old secret keeps signing too, so receivers can switch without losing events.
   */
  async rotateSecret(
    actor: AccountPrincipal,
    id: string,
    overlapSeconds: number,
  ): Promise<CreatedEndpoint> {
    if (
      !Number.isInteger(overlapSeconds) ||
      overlapSeconds < 0 ||
      overlapSeconds > MAX_SECRET_OVERLAP_SECONDS
    ) {
      throw badInput([
        {
          field: 'overlapSeconds',
          reason: `must be a whole number from 0 to ${MAX_SECRET_OVERLAP_SECONDS} (7 days)`,
        },
      ]);
    }
    const endpoint = await this.requireVisible(actor, id);
    const secret = newWebhookSecret();
    const now = Date.now();
    const changes: Partial<WebhookEndpoint> = {
      secretCiphertext: this.box.seal(secret, endpoint.id),
      previousSecretCiphertext: overlapSeconds > 0 ? endpoint.secretCiphertext : null,
      previousSecretExpiresAt: overlapSeconds > 0 ? new Date(now + overlapSeconds * 1000) : null,
      updatedAt: new Date(now),
    };
    await this.endpoints.update({ id: endpoint.id }, changes);
    return { secret, endpoint: Object.assign(endpoint, changes) };
  }

  /** Deletes the endpoint with its deliveries and their attempts (events stay). */
  async deleteEndpoint(actor: AccountPrincipal, id: string): Promise<true> {
    const endpoint = await this.requireVisible(actor, id);
    await this.dataSource.transaction(async (manager) => {
      const ids = (
        await manager.find(WebhookDelivery, {
          select: { id: true },
          where: { endpointId: endpoint.id },
        })
      ).map((d) => d.id);
      for (let i = 0; i < ids.length; i += 500) {
        await manager.delete(WebhookDeliveryAttempt, { deliveryId: In(ids.slice(i, i + 500)) });
      }
      await manager.delete(WebhookDelivery, { endpointId: endpoint.id });
      await manager.delete(WebhookEndpoint, { id: endpoint.id });
    });
    return true;
  }

  // ---- deliveries ------------------------------------------------------------------------

  /** One page of an endpoint's deliveries, newest first, each with its attempts. */
  async listDeliveries(
    actor: AccountPrincipal,
    endpointId: string,
    filter: DeliveryFilter,
    request: PageRequest,
  ): Promise<Page<WebhookDelivery>> {
    const page = parsePageRequest(request);
    const endpoint = await this.requireVisible(actor, endpointId);
    const query = this.deliveries
      .createQueryBuilder('d')
      .where('d.endpointId = :endpointId', { endpointId: endpoint.id });
    if (filter.eventType) query.andWhere('d.eventType = :type', { type: filter.eventType });
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    const result = await fetchPage(query, 'd', page);
    await this.attachAttempts(result.nodes);
    return result;
  }

  private async attachAttempts(deliveries: WebhookDelivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const attempts = await this.dataSource.getRepository(WebhookDeliveryAttempt).find({
      where: { deliveryId: In(deliveries.map((d) => d.id)) },
      order: { id: 'ASC' },
    });
    for (const delivery of deliveries) {
      delivery.attempts = attempts.filter((a) => a.deliveryId === delivery.id);
    }
  }

  /**
   * Queues the event again for the endpoint (a new delivery, due now). NOT_FOUND alike for an
   * endpoint the actor cannot see and for an event of another merchant or mode.
   */
  async redeliver(
    actor: AccountPrincipal,
    eventId: string,
    endpointId: string,
  ): Promise<WebhookDelivery> {
    const endpoint = await this.requireVisible(actor, endpointId);
    const event = await this.dataSource.getRepository(WebhookEvent).findOne({
      where: { id: eventId, merchantId: endpoint.merchantId, mode: endpoint.mode },
    });
    if (!event) throw notFound('Webhook event');
    const delivery = this.newDelivery(event, endpoint.id, new Date());
    await this.deliveries.insert(delivery);
    delivery.attempts = [];
    return delivery;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`: their `nextAttemptAt` moves to the end of
   * the lease with a fresh claim token, in one conditional UPDATE, so a concurrent instance
   * cannot claim them too, and a crash leaves them due again when the lease ends. Deliveries to
   * a deleted or disabled endpoint fail here without a request.
   */
  async claimDue(limit: number, leaseMs: number, logger: Logger): Promise<ClaimedDelivery[]> {
    const now = new Date();
    const due = await this.deliveries
      .createQueryBuilder('d')
      .select(['d.id'])
      .where('d.status = :pending', { pending: WebhookDeliveryStatus.PENDING })
      .andWhere('d.nextAttemptAt <= :now', { now })
      .orderBy('d.nextAttemptAt', 'ASC')
      .limit(limit)
      .getMany();
    if (due.length === 0) return [];
    const token = randomBase62(24);
    const ids = due.map((d) => d.id);
    await this.dataSource
      .createQueryBuilder()
      .update(WebhookDelivery)
      .set({ claimToken: token, nextAttemptAt: new Date(now.getTime() + leaseMs) })
      .where('id IN (:...ids)', { ids })
      .andWhere('status = :pending', { pending: WebhookDeliveryStatus.PENDING })
      .andWhere('nextAttemptAt <= :now', { now })
      .updateEntity(false)
      .execute();
    const claimed = await this.deliveries.find({ where: { id: In(ids), claimToken: token } });
    if (claimed.length === 0) return [];
    const endpoints = new Map(
      (
        await this.endpoints.find({
          where: { id: In([...new Set(claimed.map((d) => d.endpointId))]) },
        })
      ).map((e) => [e.id, e]),
    );
    const events = new Map(
      (
        await this.dataSource
          .getRepository(WebhookEvent)
          .find({ where: { id: In([...new Set(claimed.map((d) => d.eventId))]) } })
      ).map((e) => [e.id, e]),
    );
    const ready: ClaimedDelivery[] = [];
    for (const delivery of claimed) {
      const endpoint = endpoints.get(delivery.endpointId);
      const event = events.get(delivery.eventId);
      if (!endpoint || !endpoint.enabled || !event) {
        await this.finishWithoutAttempt(
          delivery,
          !event ? 'event missing' : !endpoint ? 'endpoint deleted' : 'endpoint disabled',
        );
        continue;
      }
      let secrets: string[];
      try {
        secrets = [this.box.open(endpoint.secretCiphertext, endpoint.id)];
        if (
          endpoint.previousSecretCiphertext &&
          endpoint.previousSecretExpiresAt &&
          endpoint.previousSecretExpiresAt.getTime() > now.getTime()
        ) {
          secrets.push(this.box.open(endpoint.previousSecretCiphertext, endpoint.id));
        }
      } catch (error) {
        // Never log the ciphertext or anything derived from it.
        logger.error(
          { endpointId: endpoint.id, reason: (error as Error).message },
          'webhook secret cannot be decrypted (KEY_PEPPER changed?)',
        );
        await this.finishWithoutAttempt(delivery, 'signing secret unreadable');
        continue;
      }
      ready.push({ delivery, url: endpoint.url, payload: event.payload, secrets });
    }
    return ready;
  }

  private async finishWithoutAttempt(delivery: WebhookDelivery, reason: string): Promise<void> {
    await this.deliveries.update(
      { id: delivery.id, claimToken: delivery.claimToken ?? '' },
      {
        status: WebhookDeliveryStatus.FAILED,
        nextAttemptAt: null,
        claimToken: null,
        lastError: reason,
        completedAt: new Date(),
      },
    );
  }

  /**
   * Records one attempt and its consequence: SUCCEEDED, PENDING again at `retryAt`, or FAILED.
   * A failed delivery counts against the endpoint; after `disableAfter` failed deliveries in a
   * row the endpoint is disabled (returned so the caller can log it), a success resets the count.
   */
  async recordAttempt(
    claim: ClaimedDelivery,
    result: AttemptResult,
    disableAfter: number,
  ): Promise<WebhookEndpoint | null> {
    const { delivery } = claim;
    const now = new Date();
    const error = cut(result.error, WEBHOOK_ERROR_LENGTH);
    const status = result.succeeded
      ? WebhookDeliveryStatus.SUCCEEDED
      : result.retryAt
        ? WebhookDeliveryStatus.PENDING
        : WebhookDeliveryStatus.FAILED;
    return this.dataSource.transaction(async (manager) => {
      await manager.insert(WebhookDeliveryAttempt, {
        id: newId('wha', now.getTime()),
        deliveryId: delivery.id,
        attempt: delivery.attemptCount + 1,
        statusCode: result.statusCode,
        durationMs: Math.max(0, Math.round(result.durationMs)),
        error,
        createdAt: now,
      });
      await manager.update(
        WebhookDelivery,
        { id: delivery.id },
        {
          status,
          attemptCount: delivery.attemptCount + 1,
          nextAttemptAt: status === WebhookDeliveryStatus.PENDING ? result.retryAt : null,
          claimToken: null,
          lastStatusCode: result.statusCode,
          lastError: error,
          completedAt: status === WebhookDeliveryStatus.PENDING ? null : now,
        },
      );
      if (status === WebhookDeliveryStatus.SUCCEEDED) {
        await manager.update(
          WebhookEndpoint,
          { id: delivery.endpointId },
          { consecutiveFailures: 0 },
        );
        return null;
      }
      if (status !== WebhookDeliveryStatus.FAILED) return null;
      await manager
        .createQueryBuilder()
        .update(WebhookEndpoint)
        .set({ consecutiveFailures: () => 'consecutiveFailures + 1' })
        .where('id = :id', { id: delivery.endpointId })
        .updateEntity(false)
        .execute();
      const endpoint = await manager.findOne(WebhookEndpoint, {
        where: { id: delivery.endpointId },
      });
      if (!endpoint || !endpoint.enabled || endpoint.consecutiveFailures < disableAfter)
        return null;
      const reason = cut(
        `disabled after ${endpoint.consecutiveFailures} failed deliveries in a row; last: ${
          error ?? `HTTP ${result.statusCode}`
        }`,
        WEBHOOK_DISABLED_REASON_LENGTH,
      );
      await manager.update(
        WebhookEndpoint,
        { id: endpoint.id },
        { enabled: false, disabledReason: reason, disabledAt: now, updatedAt: now },
      );
      return Object.assign(endpoint, { enabled: false, disabledReason: reason, disabledAt: now });
    });
  }
}
