import { DataSource } from 'typeorm';
import { KeyHasher } from '../auth/keys/key-hash';
import { KeyVerifier } from '../auth/keys/key-verifier';
import { AccountService } from './account.service';
import { ApiKeyService } from './api-key.service';
import { MerchantService } from './merchant.service';
import { createResourceServices, ResourceServices } from './resources';
import { RequestLogService } from './request-log.service';
import { WebhookService, WebhookSettings } from './webhook.service';

export interface ServiceSettings extends WebhookSettings {
  keyPepper: string;
  bcryptRounds: number;
  sessionTtlSeconds: number;
  keyCacheSize: number;
}

/** Every service of one server instance, sharing one DataSource and one key verifier. */
export interface Services {
  dataSource: DataSource;
  verifier: KeyVerifier;
  accounts: AccountService;
  merchants: MerchantService;
  apiKeys: ApiKeyService;
  resources: ResourceServices;
  requestLogs: RequestLogService;
  webhooks: WebhookService;
}

export function createServices(dataSource: DataSource, settings: ServiceSettings): Services {
  const hasher = new KeyHasher(settings.keyPepper);
  const verifier = new KeyVerifier(dataSource, hasher, settings.keyCacheSize);
  const merchants = new MerchantService(dataSource, verifier);
  const webhooks = new WebhookService(dataSource, merchants, settings);
  return {
    dataSource,
    verifier,
    accounts: new AccountService(dataSource, settings, verifier),
    merchants,
    apiKeys: new ApiKeyService(dataSource, hasher, merchants, verifier, webhooks),
    resources: createResourceServices(dataSource, webhooks),
    requestLogs: new RequestLogService(dataSource, merchants),
    webhooks,
  };
}
