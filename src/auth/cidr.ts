import { BlockList, isIPv4, isIPv6 } from 'node:net';

export interface ParsedCidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Parses `a.b.c.d/n` (n 0..32), an IPv6 `x::y/n` (n 0..128), or a bare address (a single host).
 * Returns undefined for anything else: no zone ids, no leading zeros tricks beyond what `net`
 * accepts, no whitespace.
 */
export function parseCidr(text: string): ParsedCidr | undefined {
  const match = /^([0-9A-Fa-f:.]+)(?:\/(\d{1,3}))?$/.exec(text);
  if (!match) return undefined;
  const [, address, prefixText] = match;
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) return undefined;
  return { address, prefix, family };
}

/** An IPv4 client seen on a dual-stack socket (`::ffff:1.2.3.4`) is matched as IPv4. */
export function normalizeIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

const matchers = new WeakMap<readonly string[], BlockList>();

function matcherFor(cidrs: readonly string[]): BlockList {
  let list = matchers.get(cidrs);
  if (!list) {
    list = new BlockList();
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
    matchers.set(cidrs, list);
  }
  return list;
}

/**
 * Whether `ip` lies in one of `cidrs`. Fails closed: an empty or unparsable client address, or a
 * list whose entries all fail to parse, matches nothing. (A null list means "no restriction" and
 * is decided by the caller.)
 */
export function ipAllowed(ip: string, cidrs: readonly string[]): boolean {
  const address = normalizeIp(ip);
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!family) return false;
  return matcherFor(cidrs).check(address, family);
}
