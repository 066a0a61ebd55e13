import { DataSource } from 'typeorm';
import { KeyHasher } from '../auth/keys/key-hash';
import { KeyRevocations, KeyVerifier } from '../auth/keys/key-verifier';
import { MemoryRateLimiter, RateLimiter, RateLimitSettings } from '../auth/rate-limiter';
import { AccountService } from './account.service';
import { ApiKeyService } from './api-key.service';
import { AuditService } from './audit.service';
import { MerchantService } from './merchant.service';
import { createResourceServices, ResourceServices } from './resources';
import { ReportService } from './report.service';
import { RequestLogService } from './request-log.service';
import { WebhookService, WebhookSettings } from './webhook.service';

export interface ServiceSettings extends WebhookSettings {
  keyPepper: string;
  bcryptRounds: number;
  sessionTtlSeconds: number;
  keyCacheSize: number;
  rateLimits: RateLimitSettings;
  /** Shared counters for the rate limits; an in-process limiter when absent. */
  rateLimiter?: RateLimiter;
}

/** Every service of one server instance, sharing one DataSource and one key verifier. */
export interface Services {
  dataSource: DataSource;
  verifier: KeyVerifier;
  rateLimiter: RateLimiter;
  rateLimits: RateLimitSettings;
  audit: AuditService;
  /** Where the services report key changes: the verifier itself, or a bus wrapping it. */
  revocations: KeyRevocations;
  accounts: AccountService;
  merchants: MerchantService;
  apiKeys: ApiKeyService;
  resources: ResourceServices;
  requestLogs: RequestLogService;
  reports: ReportService;
  webhooks: WebhookService;
}

/**
 * Builds the services. `revocationsFor` wraps the verifier when revocations must reach other
 * instances too (the Redis revocation bus); by default they only drop this instance's cache.
 */
export function createServices(
  dataSource: DataSource,
  settings: ServiceSettings,
  revocationsFor: (verifier: KeyVerifier) => KeyRevocations = (verifier) => verifier,
): Services {
  const hasher = new KeyHasher(settings.keyPepper);
  const verifier = new KeyVerifier(dataSource, hasher, settings.keyCacheSize);
  const revocations = revocationsFor(verifier);
  const audit = new AuditService(dataSource);
  const merchants = new MerchantService(dataSource, revocations, audit);
  const webhooks = new WebhookService(dataSource, merchants, settings);
  return {
    dataSource,
    verifier,
    revocations,
    rateLimiter: settings.rateLimiter ?? new MemoryRateLimiter(),
    rateLimits: settings.rateLimits,
    audit,
    accounts: new AccountService(dataSource, settings, revocations, audit),
    merchants,
    apiKeys: new ApiKeyService(dataSource, hasher, merchants, revocations, audit, webhooks),
    resources: createResourceServices(dataSource, webhooks),
    requestLogs: new RequestLogService(dataSource, merchants),
    reports: new ReportService(dataSource),
    webhooks,
  };
}
