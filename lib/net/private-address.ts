// Which IP addresses the server must not connect to on a user's behalf unless the deployment allows
// it: every range IANA's special-purpose registries mark as not globally reachable, plus multicast,
// and the IPv6 forms that carry an IPv4 address a gateway would forward to.
import { BlockList, isIP } from 'node:net';

/** IANA IPv4 Special-Purpose Address Registry (not globally reachable), plus multicast. */
export const blockedIpv4Ranges = [
  ['0.0.0.0', 8], // "this network": 0.0.0.0 reaches the local host on most systems
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, including the 169.254.169.254 cloud metadata endpoint
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (its two anycast exceptions are not worth the risk)
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
] as const;

/** IANA IPv6 Special-Purpose Address Registry (not globally reachable), plus multicast. */
export const blockedIpv6Ranges = [
  ['::', 96], // unspecified ::/128, loopback ::1/128 and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['100:0:0:1::', 64], // dummy prefix
  ['2001::', 23], // IETF protocol assignments, Teredo 2001::/32 included
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // SRv6 segment identifiers
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
] as const;

const blocked = new BlockList();
for (const [prefix, bits] of blockedIpv4Ranges) blocked.addSubnet(prefix, bits, 'ipv4');
for (const [prefix, bits] of blockedIpv6Ranges) blocked.addSubnet(prefix, bits, 'ipv6');

/**
 * True for private, loopback, link-local, unique-local, multicast, unspecified, carrier-grade-NAT,
 * documentation and other addresses that are not globally reachable, IPv4 and IPv6, and for IPv6
 * addresses that embed such an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-translated
 * ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16). Anything that is not an IP address counts
 * as private, so a caller that passes a hostname by mistake fails closed.
 */
export function isPrivateAddress(ip: string): boolean {
  const address = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, ''); // brackets, IPv6 zone id
  const version = isIP(address);
  if (version === 4) return blocked.check(address, 'ipv4');
  if (version !== 6) return true;
  if (blocked.check(address, 'ipv6')) return true;
  const embedded = embeddedIpv4(ipv6Groups(address));
  return embedded !== undefined && blocked.check(embedded, 'ipv4');
}

/** The IPv4 address an IPv6 address carries for a gateway or the local stack to reach, if any. */
function embeddedIpv4(groups: number[]): string | undefined {
  const zero = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const quad = (high = 0, low = 0) => `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  if (zero(0, 5) && groups[5] === 0xffff) return quad(groups[6], groups[7]); // ::ffff:a.b.c.d
  if (zero(0, 4) && groups[4] === 0xffff && groups[5] === 0) return quad(groups[6], groups[7]); // ::ffff:0:a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zero(2, 6)) return quad(groups[6], groups[7]); // NAT64
  if (groups[0] === 0x2002) return quad(groups[1], groups[2]); // 6to4
  return undefined;
}

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  // The URL parser canonicalises (lower-case hex, embedded dotted quads turned into hex groups).
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill('0');
  return [...headGroups, ...zeros, ...tailGroups].map((g) => parseInt(g, 16));
}
