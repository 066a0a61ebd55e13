import { createHmac } from 'node:crypto';

/**
 * Webhook signatures: `Webhook-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]` where each
 * `v1` is HMAC-SHA256, keyed with an endpoint secret, over `<t>.<raw body>`. During a secret
 * rotation's overlap there is one `v1` per secret still signing (newest first).
 */

export function computeSignature(secret: string, timestamp: number, payload: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
}

export function signatureHeader(
  secrets: readonly string[],
  timestamp: number,
  payload: string,
): string {
  return [
    `t=${timestamp}`,
    ...secrets.map((s) => `v1=${computeSignature(s, timestamp, payload)}`),
  ].join(',');
}
