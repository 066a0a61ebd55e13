import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Mode } from '../../domain/enums';
import { KeyType } from '../../permissions/permissions';

/**
 * API key format: `<type>_<mode>_<keyId>_<secret><checksum>`, for example
 * `kprv_live_8fQe1LmZ0aBc_<32 base62 chars><6 base62 chars>`.
 *
 * - type prefix `kpub` | `kprv` | `krep` and mode `live` | `test` make a key recognisable by people
 *   and by secret scanners;
 * - keyId: 12 base62 characters (~71 bits), public, the database lookup key;
 * - secret: 32 base62 characters (~190 bits of randomness);
 * - checksum: CRC32 of everything before it, 6 base62 characters, so a mistyped or truncated key
 *   is rejected without touching the database.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const KEY_ID_LENGTH = 12;
const SECRET_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

const TYPE_PREFIX: Readonly<Record<KeyType, string>> = {
  [KeyType.PUBLIC]: 'kpub',
  [KeyType.PRIVATE]: 'kprv',
  [KeyType.REPORTING]: 'krep',
};
const PREFIX_TYPE = new Map(Object.entries(TYPE_PREFIX).map(([type, p]) => [p, type as KeyType]));
const MODE_PREFIX: Readonly<Record<Mode, string>> = { [Mode.LIVE]: 'live', [Mode.TEST]: 'test' };
const PREFIX_MODE = new Map(Object.entries(MODE_PREFIX).map(([mode, p]) => [p, mode as Mode]));

/** Exact length of every key this service issues. */
export const KEY_LENGTH = 4 + 1 + 4 + 1 + KEY_ID_LENGTH + 1 + SECRET_LENGTH + CHECKSUM_LENGTH;

const KEY_PATTERN = new RegExp(
  `^(kpub|kprv|krep)_(live|test)_([0-9A-Za-z]{${KEY_ID_LENGTH}})_[0-9A-Za-z]{${SECRET_LENGTH + CHECKSUM_LENGTH}}$`,
);

/** Uniform base62 characters from the CSPRNG (rejection sampling, no modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248) out += BASE62[byte % 62];
      if (out.length === length) break;
    }
  }
  return out;
}

/** The 6-character CRC32 (base62) that ends every key: scanners can check candidates offline. */
export function checksum(body: string): string {
  let value = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM_LENGTH; i++) {
    out = BASE62[value % 62] + out;
    value = Math.floor(value / 62);
  }
  return out;
}

export interface IssuedKey {
  /** The whole key: shown once, never stored. */
  secret: string;
  keyId: string;
  /** The recognisable, non-secret start of the key, e.g. `kprv_live_8fQe1LmZ0aBc`. */
  prefix: string;
}

export function displayPrefix(type: KeyType, mode: Mode, keyId: string): string {
  return `${TYPE_PREFIX[type]}_${MODE_PREFIX[mode]}_${keyId}`;
}

export function issueKey(type: KeyType, mode: Mode): IssuedKey {
  const keyId = randomBase62(KEY_ID_LENGTH);
  const prefix = displayPrefix(type, mode, keyId);
  const body = `${prefix}_${randomBase62(SECRET_LENGTH)}`;
  return { secret: body + checksum(body), keyId, prefix };
}

export interface ParsedKey {
  type: KeyType;
  mode: Mode;
  keyId: string;
}

/**
 * Checks a presented key by shape and checksum alone. Returns null for anything that is not a key
 * this service could have issued: wrong length, prefix, alphabet or checksum. Never throws.
 */
export function parseKey(raw: string): ParsedKey | null {
  if (raw.length !== KEY_LENGTH) return null;
  const match = KEY_PATTERN.exec(raw);
  if (!match) return null;
  const body = raw.slice(0, KEY_LENGTH - CHECKSUM_LENGTH);
  if (checksum(body) !== raw.slice(KEY_LENGTH - CHECKSUM_LENGTH)) return null;
  return {
    type: PREFIX_TYPE.get(match[1]) as KeyType,
    mode: PREFIX_MODE.get(match[2]) as Mode,
    keyId: match[3],
  };
}
