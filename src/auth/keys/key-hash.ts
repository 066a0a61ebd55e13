import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Keys are high-entropy, so a keyed fast hash (HMAC-SHA256 with a server-side pepper) is as strong
 * as a slow KDF here and costs microseconds instead of ~100 ms per request. The pepper never
 * leaves the process: a stolen database alone cannot be used to test candidate keys.
 */
export class KeyHasher {
  private readonly pepper: Buffer;

  constructor(pepper: string) {
    if (pepper.length < 32) throw new Error('KEY_PEPPER must be at least 32 characters');
    this.pepper = Buffer.from(pepper, 'utf8');
  }

  /** Hex HMAC-SHA256 of the whole key (64 characters). */
  hash(secret: string): string {
    return createHmac('sha256', this.pepper).update(secret, 'utf8').digest('hex');
  }

  /** Constant-time comparison of two hex digests of equal length; false for any other input. */
  static equal(a: string, b: string): boolean {
    if (a.length !== b.length) return false;
    return timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));
  }
}
