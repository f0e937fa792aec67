import { isIP } from 'node:net';

// Client addresses: which one to believe (X-Forwarded-For only from a trusted proxy) and masking
// (SPEC §7: IPv4 last octet, IPv6 after /48) before anything stores or exports it.

interface Cidr {
  readonly family: 4 | 6;
  readonly bits: bigint;
  readonly prefixLength: number;
}

/** `::ffff:10.0.0.1` (how Node reports IPv4 peers on a dual-stack socket) → `10.0.0.1`. */
function unmapIpv4(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function ipv4ToBits(address: string): bigint {
  return address.split('.').reduce((bits, octet) => (bits << 8n) | BigInt(Number(octet)), 0n);
}

function ipv6Groups(address: string): number[] {
  // An embedded IPv4 tail (`::ffff:1.2.3.4`) becomes two groups.
  let text = address;
  const ipv4Tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (ipv4Tail?.[1]) {
    const bits = ipv4ToBits(ipv4Tail[1]);
    text = text.slice(0, -ipv4Tail[1].length) + `${(bits >> 16n).toString(16)}:${(bits & 0xffffn).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

function ipv6ToBits(address: string): bigint {
  return ipv6Groups(address).reduce((bits, group) => (bits << 16n) | BigInt(group), 0n);
}

function parseCidr(text: string): Cidr {
  const [address = '', prefix] = text.trim().split('/');
  const family = isIP(address);
  if (family === 0) throw new Error(`not an IP address or CIDR range: ${text}`);
  const width = family === 4 ? 32 : 128;
  const prefixLength = prefix === undefined ? width : Number(prefix);
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > width) throw new Error(`bad prefix length in ${text}`);
  const bits = family === 4 ? ipv4ToBits(address) : ipv6ToBits(address);
  return { family: family === 4 ? 4 : 6, bits: bits >> BigInt(width - prefixLength), prefixLength };
}

/** Whether a text is an IP address or CIDR range (for config validation). */
export function isCidr(text: string): boolean {
  try {
    parseCidr(text);
    return true;
  } catch {
    return false;
  }
}

/** A set of addresses and ranges, such as the proxies whose X-Forwarded-For is believed. */
export class AddressSet {
  private readonly ranges: readonly Cidr[];

  constructor(cidrs: readonly string[]) {
    this.ranges = cidrs.map(parseCidr);
  }

  has(address: string): boolean {
    const plain = unmapIpv4(address);
    const family = isIP(plain);
    if (family === 0) return false;
    const width = family === 4 ? 32 : 128;
    const bits = family === 4 ? ipv4ToBits(plain) : ipv6ToBits(plain);
    return this.ranges.some((range) => range.family === family && bits >> BigInt(width - range.prefixLength) === range.bits);
  }
}

/**
 * The client's address: the peer's, unless the peer is a trusted proxy, in which case the rightmost
 * X-Forwarded-For entry that is not itself a trusted proxy (entries left of it are client-supplied
 * and can be forged). Returns the unmasked address; mask it before it is stored.
 */
export function resolveClientAddress(peer: string, forwardedFor: string | undefined, trustedProxies: AddressSet): string {
  const peerAddress = unmapIpv4(peer);
  if (!forwardedFor || !trustedProxies.has(peerAddress)) return peerAddress;
  const hops = forwardedFor.split(',').map((hop) => unmapIpv4(hop.trim())).filter((hop) => isIP(hop) !== 0);
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = hops[index]!;
    if (!trustedProxies.has(hop)) return hop;
  }
  return hops[0] ?? peerAddress;
}

/** IPv4 → last octet zeroed; IPv6 → everything after the first 48 bits zeroed; anything else → ''. */
export function maskAddress(address: string): string {
  const plain = unmapIpv4(address.trim());
  const family = isIP(plain);
  if (family === 4) return plain.slice(0, plain.lastIndexOf('.')) + '.0';
  if (family === 6) {
    const kept = ipv6Groups(plain).slice(0, 3).map((group) => group.toString(16)).join(':');
    // The URL parser writes IPv6 in its canonical, zero-compressed form.
    return new URL(`http://[${kept}::]`).hostname.slice(1, -1);
  }
  return '';
}
