import { issueKey, KEY_LENGTH, parseKey } from '../src/auth/keys/key-format';
import { KeyHasher } from '../src/auth/keys/key-hash';
import { Mode } from '../src/domain/enums';
import { KeyType } from '../src/permissions/permissions';

const FORMAT = /^(kpub|kprv|krep)_(live|test)_[0-9A-Za-z]{12}_[0-9A-Za-z]{38}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const CASES: Array<[KeyType, Mode, string]> = [
  [KeyType.PUBLIC, Mode.LIVE, 'kpub_live_'],
  [KeyType.PUBLIC, Mode.TEST, 'kpub_test_'],
  [KeyType.PRIVATE, Mode.LIVE, 'kprv_live_'],
  [KeyType.PRIVATE, Mode.TEST, 'kprv_test_'],
  [KeyType.REPORTING, Mode.LIVE, 'krep_live_'],
  [KeyType.REPORTING, Mode.TEST, 'krep_test_'],
];

describe('API key format', () => {
  it.each(CASES)('every %s %s key matches the format and parses back', (type, mode, prefix) => {
    for (let i = 0; i < 200; i++) {
      const key = issueKey(type, mode);
      expect(key.secret).toMatch(FORMAT);
      expect(key.secret.startsWith(prefix)).toBe(true);
      expect(key.secret).toHaveLength(KEY_LENGTH);
      expect(key.secret.startsWith(key.prefix + '_')).toBe(true);
      expect(parseKey(key.secret)).toEqual({ type, mode, keyId: key.keyId });
    }
  });

  it('carries at least 160 bits of randomness and never repeats', () => {
    expect(32 * Math.log2(62)).toBeGreaterThan(160);
    const seen = new Set(
      Array.from({ length: 5000 }, () => issueKey(KeyType.PRIVATE, Mode.LIVE).secret),
    );
    expect(seen.size).toBe(5000);
  });

  it('rejects every one-character change, at every position', () => {
    const { secret } = issueKey(KeyType.PRIVATE, Mode.LIVE);
    let changed = 0;
    for (let i = 0; i < secret.length; i++) {
      if (secret[i] === '_') continue;
      const alphabet = i < 10 ? 'abcdefghijklmnopqrstuvwxyz' : BASE62;
      for (const replacement of alphabet) {
        if (replacement === secret[i]) continue;
        const mutated = secret.slice(0, i) + replacement + secret.slice(i + 1);
        expect(parseKey(mutated)).toBeNull();
        changed++;
      }
    }
    expect(changed).toBeGreaterThan(2500);
  });

  it.each([
    ['empty', ''],
    ['truncated', (k: string) => k.slice(0, -1)],
    ['extended', (k: string) => k + 'a'],
    ['unknown type', (k: string) => 'kxyz' + k.slice(4)],
    ['unknown mode', (k: string) => k.slice(0, 5) + 'prod' + k.slice(9)],
    ['non-base62', (k: string) => k.slice(0, 30) + '-' + k.slice(31)],
    ['whitespace', (k: string) => ' ' + k.slice(1)],
  ])('rejects a %s key by shape alone', (_label, transform) => {
    const { secret } = issueKey(KeyType.REPORTING, Mode.TEST);
    const candidate = typeof transform === 'string' ? transform : transform(secret);
    expect(parseKey(candidate)).toBeNull();
  });
});

describe('key hashing', () => {
  it('is a keyed 256-bit digest that depends on the pepper', () => {
    const a = new KeyHasher('a'.repeat(32));
    const b = new KeyHasher('b'.repeat(32));
    const { secret } = issueKey(KeyType.PRIVATE, Mode.LIVE);
    expect(a.hash(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash(secret)).toBe(a.hash(secret));
    expect(a.hash(secret)).not.toBe(b.hash(secret));
    expect(KeyHasher.equal(a.hash(secret), a.hash(secret))).toBe(true);
    expect(KeyHasher.equal(a.hash(secret), b.hash(secret))).toBe(false);
    expect(KeyHasher.equal(a.hash(secret), 'ab')).toBe(false);
  });

  it('refuses a short pepper', () => {
    expect(() => new KeyHasher('short')).toThrow(/32 characters/);
  });
});
