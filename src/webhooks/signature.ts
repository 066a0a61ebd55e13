import { createHmac } from 'node:crypto';

/**
 * Webhook signatures: `Webhook-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]` where each
 * `v1` is HMAC-SHA256, keyed with an endpoint secret, over `<t>.<raw body>`. During a secret
 * rotation's overlap there is one `v1` per secret still signing (newest first).
 */

/** The hex HMAC-SHA256 of `<timestamp>.<payload>` (a string is hashed as its UTF-8 bytes). */
export function computeSignature(
  secret: string,
  timestamp: number,
  payload: string | Buffer,
): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(payload).digest('hex');
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
