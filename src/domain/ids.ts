import { randomFillSync } from 'node:crypto';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

let lastTime = -1;
let lastRandom: number[] = [];

function encodeTime(time: number): string {
  let out = '';
  let t = time;
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD[t % 32] + out;
    t = Math.floor(t / 32);
  }
  return out;
}

// Random bytes drawn 4 KiB at a time: one `randomBytes` call costs several microseconds here,
// and a busy server makes an id or two per request.
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function freshRandom(): number[] {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const out = new Array<number>(16);
  for (let i = 0; i < 16; i++) out[i] = pool[poolOffset + i] & 31;
  poolOffset += 16;
  return out;
}

function increment(random: number[]): number[] {
  const next = [...random];
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] < 31) {
      next[i]++;
      return next;
    }
    next[i] = 0;
  }
  return freshRandom();
}

/**
 * A prefixed, lexicographically time-ordered identifier (`cus_01JD...`): a ULID (48-bit millisecond
 * time, 80 random bits) after a type prefix. Ids made in the same millisecond by this process are
 * strictly increasing, so ordering by id is ordering by creation, which keeps cursor pages stable.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  if (now <= lastTime) {
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = freshRandom();
  }
  const time = Math.max(now, lastTime);
  return `${prefix}_${encodeTime(time)}${lastRandom.map((n) => CROCKFORD[n]).join('')}`;
}

/** Longest id `newId` makes with a prefix of up to 5 characters: sized for the id columns. */
export const ID_LENGTH = 32;

/** An id for a row created at `time` (seeds and imports of past data): not monotonic. */
export function idAt(prefix: string, time: number): string {
  return `${prefix}_${encodeTime(time)}${freshRandom()
    .map((n) => CROCKFORD[n])
    .join('')}`;
}

/** The creation time (epoch milliseconds) encoded in an id made by `newId`; NaN if malformed. */
export function idTime(id: string): number {
  const encoded = id.slice(id.indexOf('_') + 1, id.indexOf('_') + 11);
  if (encoded.length !== 10) return NaN;
  let time = 0;
  for (const char of encoded) {
    const value = CROCKFORD.indexOf(char);
    if (value < 0) return NaN;
    time = time * 32 + value;
  }
  return time;
}

/**
 * The smallest id `newId(prefix)` can make at `time` (ms) or later: `id >= firstIdAt(p, t)` holds
 * exactly for ids made at `t` or later, so time ranges become index-friendly id ranges.
 */
export function firstIdAt(prefix: string, time: number): string {
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(time)))}${'0'.repeat(16)}`;
}
