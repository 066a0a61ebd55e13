import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { randomBase62 } from '../auth/keys/key-format';

/** Webhook signing secrets: `whsec_` and 32 base62 characters (~190 bits). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export function newWebhookSecret(): string {
  return WEBHOOK_SECRET_PREFIX + randomBase62(32);
}

const VERSION = 'v1';

/**
 * Encrypts webhook signing secrets at rest with AES-256-GCM. The key is derived from the server
 * pepper with HKDF-SHA256 (its own `info`, so it is unrelated to the API key HMAC key), and each
 * ciphertext is bound to its endpoint id as additional data: a ciphertext copied onto another
 * row does not decrypt. A lost or changed pepper makes every stored secret unreadable.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(pepper: string) {
    this.key = Buffer.from(
      hkdfSync('sha256', pepper, 'merchant-key-service', 'webhook-secret-encryption/v1', 32),
    );
  }

  /** `v1.<iv>.<tag>.<ciphertext>` (base64url parts); a fresh random IV each time. */
  seal(secret: string, boundTo: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(boundTo, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv, tag, ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * The secret inside `sealed`. Throws (never returns garbage) when the value is malformed, was
   * made with another pepper, was tampered with, or belongs to another row.
   */
  open(sealed: string, boundTo: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error('sealed webhook secret: unknown format');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(boundTo, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
