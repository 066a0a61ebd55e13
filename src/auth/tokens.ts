import { createHash, randomBytes } from 'node:crypto';

/** Session tokens: 256 random bits, recognisable prefix; only their SHA-256 is stored. */
export const SESSION_TOKEN_PREFIX = 'sess_';

export function newSessionToken(): string {
  return SESSION_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
