// Which IP addresses an outbound fetch to a user-supplied URL may reach. Everything that is not
// plainly on the public internet is refused: a webhook URL must never become a way to reach the
// host's loopback services, the LAN, or a cloud metadata endpoint (169.254.169.254). The ranges
// are node:net BlockLists, which also match IPv4-mapped IPv6 (::ffff:a.b.c.d) against IPv4 rules.
import { BlockList, isIP } from 'node:net';

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

type Range = readonly [address: string, prefix: number, reason: AddressBlockReason];

// IPv4 ranges from RFC 6890's special-purpose registry.
const IPV4_BLOCKED: readonly Range[] = [
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

/** The IPv4 range as the same range inside an IPv6 /96 prefix such as NAT64's 64:ff9b::. */
function inside96(prefix: string, [address, bits, reason]: Range): Range {
  const [a = 0, b = 0, c = 0, d = 0] = address.split('.').map(Number);
  return [`${prefix}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`, 96 + bits, reason];
}

// Checked in this order; the first range that holds the address gives the reason.
const IPV6_BLOCKED: readonly Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  // NAT64 (64:ff9b::/96) and the deprecated IPv4-compatible ::a.b.c.d reach the embedded IPv4
  // address: it is judged as that address (a public one passes through NAT64).
  ...IPV4_BLOCKED.map((range) => inside96('64:ff9b::', range)),
  ...IPV4_BLOCKED.map((range) => inside96('::', range)),
  ['::', 96, 'reserved'],
  // Translators and tunnels that carry the packet on to an IPv4 address inside the IPv6 one: the
  // whole ranges are refused, as where the IPv4 part sits (and so what it reaches) is the relay's choice.
  ['::ffff:0:0:0', 96, 'embeds-ipv4'], // IPv4-translated (SIIT)
  ['2002::', 16, 'embeds-ipv4'], // 6to4
  ['64:ff9b:1::', 48, 'embeds-ipv4'], // local-use NAT64
  ['2001::', 32, 'embeds-ipv4'], // Teredo
  ['fc00::', 7, 'unique-local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'multicast'],
];

/** Consecutive ranges of one reason share a BlockList; the order of first appearance is kept. */
function compile(ranges: readonly Range[], family: 'ipv4' | 'ipv6'): { reason: AddressBlockReason; list: BlockList }[] {
  const rules: { reason: AddressBlockReason; list: BlockList }[] = [];
  for (const [address, prefix, reason] of ranges) {
    let rule = rules.at(-1);
    if (rule?.reason !== reason) {
      rule = { reason, list: new BlockList() };
      rules.push(rule);
    }
    rule.list.addSubnet(address, prefix, family);
  }
  return rules;
}

const IPV4_RULES = compile(IPV4_BLOCKED, 'ipv4');
const IPV6_RULES = compile(IPV6_BLOCKED, 'ipv6');

/** Null for a public unicast IPv4/IPv6 address; otherwise why it must not be fetched. */
export function classifyAddress(input: string): AddressBlockReason | null {
  const address = input.replace(/%.*$/, ''); // a zone id ("fe80::1%eth0") does not change the class
  const version = isIP(address);
  if (version === 0) return 'invalid';
  const family = version === 4 ? 'ipv4' : 'ipv6';
  // IPv4 rules first: for an IPv6 address BlockList matches them against IPv4-mapped ::ffff:a.b.c.d.
  for (const rule of IPV4_RULES) if (rule.list.check(address, family)) return rule.reason;
  if (family === 'ipv6') for (const rule of IPV6_RULES) if (rule.list.check(address, 'ipv6')) return rule.reason;
  return null;
}

export function isPublicAddress(address: string): boolean {
  return classifyAddress(address) === null;
}
