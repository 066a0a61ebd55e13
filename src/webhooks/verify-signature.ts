import { timingSafeEqual } from 'node:crypto';
import { computeSignature } from './signature';

export interface VerifyWebhookSignatureOptions {
  /** The raw request body, exactly as received (not re-serialised JSON). */
  payload: string | Buffer;
  /** The `Webhook-Signature` header. */
  header: string | null | undefined;
  /** The endpoint's signing secret (`whsec_...`). */
  secret: string;
  /** Largest accepted age (and clock skew) of the signature timestamp, in seconds. */
  toleranceSeconds?: number;
  /** Current time in milliseconds since the epoch (default `Date.now()`). */
  now?: number;
}

/**
 * Checks a webhook signature (see `src/webhooks/signature.ts` for the format): true when some
 * `v1=` entry is the HMAC-SHA256 of `<t>.<payload>` with `secret` and `t` is within
 * `toleranceSeconds` of now. Fails closed: a missing, malformed or stale header, a tampered body
 * or another secret all give false, never an exception. Comparisons are constant-time.
 */
export function verifyWebhookSignature({
  payload,
  header,
  secret,
  toleranceSeconds = 300,
  now = Date.now(),
}: VerifyWebhookSignatureOptions): boolean {
  if (!header || !secret) return false;
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    const value = part.slice(index + 1).trim();
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (name === 'v1' && /^[0-9a-f]{64}$/.test(value)) signatures.push(value);
  }
  if (timestamp === undefined || signatures.length === 0) return false;
  if (Math.abs(now / 1000 - timestamp) > toleranceSeconds) return false;
  const expected = Buffer.from(computeSignature(secret, timestamp, payload), 'hex');
  let valid = false;
  for (const signature of signatures) {
    // Every entry is compared (no early exit), each in constant time.
    if (timingSafeEqual(expected, Buffer.from(signature, 'hex'))) valid = true;
  }
  return valid;
}
