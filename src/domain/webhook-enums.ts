/** Webhook event types and delivery states. Plain data, no imports. */

/** What a webhook event reports. The GraphQL names are the keys; payloads carry the values. */
export enum WebhookEventType {
  PAYMENT_REQUEST_CREATED = 'payment_request.created',
  PAYMENT_TRANSACTION_STATUS_CHANGED = 'payment_transaction.status_changed',
  API_KEY_CREATED = 'api_key.created',
  API_KEY_ROTATED = 'api_key.rotated',
  API_KEY_DEACTIVATED = 'api_key.deactivated',
  API_KEY_EXPIRING = 'api_key.expiring',
}

export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = Object.values(WebhookEventType);

/** PENDING: waiting for its next attempt; SUCCEEDED: a 2xx answer; FAILED: retries exhausted. */
export enum WebhookDeliveryStatus {
  PENDING = 'PENDING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}
