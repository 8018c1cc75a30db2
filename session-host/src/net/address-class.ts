// Which IP addresses an outbound fetch to a user-supplied URL may reach. Everything that is not
// plainly on the public internet is refused: a webhook URL must never become a way to reach the
// host's loopback services, the LAN, or a cloud metadata endpoint (169.254.169.254).
import { isIPv4, isIPv6 } from 'node:net';

/** Why an address is refused, or null when it is a public unicast address. */
export type AddressBlockReason =
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'carrier-grade-nat'
  | 'multicast'
  | 'reserved'
  | 'unique-local'
  | 'embeds-ipv4';

// [first address, prefix length, reason]; IPv4 ranges from RFC 6890's special-purpose registry.
const IPV4_BLOCKED: readonly [string, number, AddressBlockReason][] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade-nat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata endpoint 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking; often routed to internal test nets
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes 255.255.255.255 broadcast
];

function ipv4ToInt(address: string): number {
  const parts = address.split('.').map(Number);
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

const IPV4_TABLE = IPV4_BLOCKED.map(([base, bits, reason]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { network: (ipv4ToInt(base) & mask) >>> 0, mask, reason };
});

function classifyIPv4Int(value: number): AddressBlockReason | null {
  for (const range of IPV4_TABLE) if ((value & range.mask) >>> 0 === range.network) return range.reason;
  return null;
}

/** Parses an IPv6 literal (optionally with an embedded dotted quad) into 8 16-bit groups. */
export function parseIPv6(input: string): number[] | null {
  const address = input.replace(/%.*$/, ''); // a zone id ("fe80::1%eth0") does not change the class
  if (!isIPv6(address)) return null;
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    const v4 = ipv4ToInt(dotted[1]);
    text = `${text.slice(0, -dotted[1].length)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const fill = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(fill).fill('0'), ...tailGroups].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function classifyIPv6(groups: number[]): AddressBlockReason | null {
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = groups;
  const embeddedV4 = ((g6 << 16) | g7) >>> 0;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0) {
    if (g5 === 0xffff) return classifyIPv4Int(embeddedV4); // IPv4-mapped ::ffff:a.b.c.d
    if (g5 === 0 && g6 === 0) {
      if (g7 === 0) return 'unspecified';
      if (g7 === 1) return 'loopback';
    }
    if (g5 === 0) return classifyIPv4Int(embeddedV4) ?? 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  }
  // Translators and tunnels that carry the packet on to an IPv4 address inside the IPv6 one: the
  // whole ranges are refused, as where the IPv4 part sits (and so what it reaches) is the relay's choice.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0xffff && g5 === 0) return 'embeds-ipv4'; // IPv4-translated ::ffff:0:0/96 (SIIT)
  if (g0 === 0x2002) return 'embeds-ipv4'; // 6to4 2002::/16
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'embeds-ipv4'; // local-use NAT64 64:ff9b:1::/48
  if (g0 === 0x2001 && g1 === 0) return 'embeds-ipv4'; // Teredo 2001::/32
  // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address through a translator.
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return classifyIPv4Int(embeddedV4);
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local'; // fc00::/7
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local'; // fe80::/10
  if ((g0 & 0xffc0) === 0xfec0) return 'private'; // fec0::/10, deprecated site-local
  if ((g0 & 0xff00) === 0xff00) return 'multicast'; // ff00::/8
  return null;
}

/** Null for a public unicast IPv4/IPv6 address; otherwise why it must not be fetched. */
export function classifyAddress(address: string): AddressBlockReason | null {
  if (isIPv4(address)) return classifyIPv4Int(ipv4ToInt(address));
  const groups = parseIPv6(address);
  return groups ? classifyIPv6(groups) : 'invalid';
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === null;
}
