import * as dns from 'node:dns';
import { BlockList, isIP } from 'node:net';

/** Why an address is refused; `reason` is a noun phrase such as "a private address 10.0.0.1". */
export type AddressCategory = 'private' | 'loopback' | 'link-local' | 'unspecified' | 'multicast' | 'reserved' | 'metadata' | 'invalid';

export interface AddressCheck {
  allowed: boolean;
  category?: AddressCategory;
  reason?: string;
}

/** Thrown by `assertUrlAllowed` (and raised from the connect-time lookup) when the policy refuses a URL or address. */
export class UrlNotAllowedError extends Error {
  readonly code = 'INGESTION.URL_NOT_ALLOWED';
  constructor(
    readonly url: string,
    /** A noun phrase: "a private address 10.0.0.1", "a URL with the ftp: scheme (only http and https are allowed)". */
    readonly reason: string,
  ) {
    super(`${url} is not allowed: ${reason}`);
    this.name = 'UrlNotAllowedError';
  }
}

export type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** The signature `net.connect` / `tls.connect` accept as their `lookup` option. */
export type ConnectLookup = (hostname: string, options: dns.LookupOptions, callback: LookupCallback) => void;

/** Resolves a host to all its addresses; injectable so tests can simulate DNS rebinding. */
export type Resolver = (hostname: string) => Promise<dns.LookupAddress[]>;

export interface AddressPolicyOptions {
  /** Allow private, loopback, link-local and unique-local ranges (cloud metadata addresses stay refused). */
  allowPrivate: boolean;
  /** CIDRs allowed even though they fall in a refused range, e.g. ['127.0.0.0/8', '::1/128'] in tests. */
  allowCidrs?: string[];
  /** How host names are resolved; defaults to the system resolver (dns.lookup, all addresses). */
  resolve?: Resolver;
}

export interface AddressPolicy {
  check(ip: string): AddressCheck;
  /** Throws UrlNotAllowedError unless the URL is http(s) and every address its host resolves to is allowed. */
  assertUrlAllowed(url: string): Promise<void>;
  /** For undici's `connect.lookup`: resolves, then refuses the connection unless the address is allowed. */
  readonly lookup: ConnectLookup;
}

/** Hosts that serve instance credentials on cloud providers; refused whatever the other options say. */
const METADATA_HOSTS = new Set([
  'metadata.google.internal',
  'metadata.goog',
  'metadata',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.azure.internal',
  'metadata.tencentyun.com',
]);

const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean…
  '169.254.170.2', // AWS ECS task metadata
  '169.254.169.123', // AWS time sync
  '100.100.100.200', // Alibaba Cloud
  'fd00:ec2::254', // AWS IPv6 metadata
  'fd00:ec2::23',
]);

interface Range {
  cidr: string;
  category: Exclude<AddressCategory, 'metadata' | 'invalid'>;
}

const V4_RANGES: Range[] = [
  { cidr: '0.0.0.0/8', category: 'unspecified' },
  { cidr: '10.0.0.0/8', category: 'private' },
  { cidr: '100.64.0.0/10', category: 'private' },
  { cidr: '127.0.0.0/8', category: 'loopback' },
  { cidr: '169.254.0.0/16', category: 'link-local' },
  { cidr: '172.16.0.0/12', category: 'private' },
  { cidr: '192.0.0.0/24', category: 'reserved' },
  { cidr: '192.0.2.0/24', category: 'reserved' },
  { cidr: '192.168.0.0/16', category: 'private' },
  { cidr: '198.18.0.0/15', category: 'reserved' },
  { cidr: '198.51.100.0/24', category: 'reserved' },
  { cidr: '203.0.113.0/24', category: 'reserved' },
  { cidr: '224.0.0.0/4', category: 'multicast' },
  { cidr: '240.0.0.0/4', category: 'reserved' },
];

const V6_RANGES: Range[] = [
  { cidr: '::/128', category: 'unspecified' },
  { cidr: '::1/128', category: 'loopback' },
  { cidr: 'fc00::/7', category: 'private' },
  { cidr: 'fe80::/10', category: 'link-local' },
  { cidr: 'fec0::/10', category: 'private' }, // deprecated site-local
  { cidr: 'ff00::/8', category: 'multicast' },
  { cidr: '100::/64', category: 'reserved' }, // discard-only
  { cidr: '2001:db8::/32', category: 'reserved' }, // documentation
];

/** Categories that `allowPrivate` opens; multicast, reserved, unspecified and metadata stay refused. */
const PRIVATE_CATEGORIES = new Set<AddressCategory>(['private', 'loopback', 'link-local']);

const ARTICLE: Record<AddressCategory, string> = {
  private: 'a private address',
  loopback: 'a loopback address',
  'link-local': 'a link-local address',
  unspecified: 'an unspecified address',
  multicast: 'a multicast address',
  reserved: 'a reserved address',
  metadata: 'a cloud metadata address',
  invalid: 'an invalid address',
};

function blockListOf(ranges: Range[], type: 'ipv4' | 'ipv6'): Map<Range['category'], BlockList> {
  const lists = new Map<Range['category'], BlockList>();
  for (const range of ranges) {
    const [network, prefix] = range.cidr.split('/');
    let list = lists.get(range.category);
    if (!list) {
      list = new BlockList();
      lists.set(range.category, list);
    }
    list.addSubnet(network!, Number(prefix), type);
  }
  return lists;
}

const V4_LISTS = blockListOf(V4_RANGES, 'ipv4');
const V6_LISTS = blockListOf(V6_RANGES, 'ipv6');

/** Expands an IPv6 address to its eight 16-bit groups (handles "::" and a trailing dotted IPv4). */
function ipv6Groups(ip: string): number[] | undefined {
  let text = ip.toLowerCase();
  const zone = text.indexOf('%');
  if (zone >= 0) text = text.slice(0, zone);
  const tailV4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tailV4) {
    const octets = tailV4[1]!.split('.').map(Number);
    const hi = ((octets[0]! << 8) | octets[1]!).toString(16);
    const lo = ((octets[2]! << 8) | octets[3]!).toString(16);
    text = `${text.slice(0, tailV4.index)}${hi}:${lo}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}

/** The IPv4 address embedded in an IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible or NAT64 (64:ff9b::/96) address. */
function embeddedIpv4(ip: string): string | undefined {
  const g = ipv6Groups(ip);
  if (!g) return undefined;
  const firstFiveZero = g.slice(0, 5).every((x) => x === 0);
  const mapped = firstFiveZero && g[5] === 0xffff;
  const compatible = firstFiveZero && g[5] === 0 && (g[6] !== 0 || g[7]! > 1);
  const nat64 = g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0);
  if (!mapped && !compatible && !nat64) return undefined;
  return [g[6]! >> 8, g[6]! & 0xff, g[7]! >> 8, g[7]! & 0xff].join('.');
}

function normaliseIpv6(ip: string): string {
  const g = ipv6Groups(ip);
  if (!g) return ip.toLowerCase();
  // Canonical-enough form for set membership: full groups without leading zeros, longest zero run compressed.
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = g.map((x) => x.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function parseCidr(cidr: string): { network: string; prefix: number; type: 'ipv4' | 'ipv6' } {
  const [network, prefixText] = cidr.trim().split('/');
  const family = isIP(network ?? '');
  if (!network || family === 0) throw new Error(`invalid CIDR "${cidr}": not an IP network`);
  const max = family === 4 ? 32 : 128;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new Error(`invalid CIDR "${cidr}": prefix must be 0-${max}`);
  }
  return { network, prefix, type: family === 4 ? 'ipv4' : 'ipv6' };
}

/** Strips IPv6 brackets from a URL hostname. */
function bareHost(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

const systemResolve: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * Decides which addresses outbound feed requests may reach. Refuses private, loopback, link-local,
 * unspecified, multicast and reserved ranges (IPv4, IPv6 and IPv4 embedded in IPv6) unless opened by
 * `allowPrivate` or `allowCidrs`; refuses cloud metadata hosts and addresses unless an allowed CIDR
 * names them explicitly (`allowPrivate` alone never opens them).
 */
export function createAddressPolicy(options: AddressPolicyOptions): AddressPolicy {
  const allowed = new BlockList();
  for (const cidr of options.allowCidrs ?? []) {
    const { network, prefix, type } = parseCidr(cidr);
    allowed.addSubnet(network, prefix, type);
  }
  const resolve = options.resolve ?? systemResolve;

  function explicitlyAllowed(ip: string, family: 4 | 6): boolean {
    return allowed.check(ip, family === 4 ? 'ipv4' : 'ipv6');
  }

  function check(ipInput: string): AddressCheck {
    const ip = bareHost(ipInput.trim());
    const family = isIP(ip);
    if (family === 0) return { allowed: false, category: 'invalid', reason: `an invalid address ${ipInput}` };
    const v4 = family === 4 ? ip : embeddedIpv4(ip);
    const key = family === 4 ? ip : normaliseIpv6(ip);
    const refuse = (category: AddressCategory): AddressCheck => ({
      allowed: false,
      category,
      reason: `${ARTICLE[category]} ${ipInput}`,
    });

    if (explicitlyAllowed(ip, family as 4 | 6) || (v4 !== undefined && explicitlyAllowed(v4, 4))) {
      return { allowed: true };
    }
    if (METADATA_ADDRESSES.has(key) || (v4 !== undefined && METADATA_ADDRESSES.has(v4))) return refuse('metadata');

    let category: Range['category'] | undefined;
    const lists: Array<[Map<Range['category'], BlockList>, string, 'ipv4' | 'ipv6']> =
      family === 4 ? [[V4_LISTS, ip, 'ipv4']] : [[V6_LISTS, ip, 'ipv6']];
    if (family === 6 && v4 !== undefined) lists.push([V4_LISTS, v4, 'ipv4']);
    outer: for (const [map, address, type] of lists) {
      for (const [cat, list] of map) {
        if (list.check(address, type)) {
          category = cat;
          break outer;
        }
      }
    }
    if (category === undefined) return { allowed: true };
    if (options.allowPrivate && PRIVATE_CATEGORIES.has(category)) return { allowed: true };
    return refuse(category);
  }

  async function assertUrlAllowed(url: string): Promise<void> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new UrlNotAllowedError(url, 'a malformed URL');
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new UrlNotAllowedError(url, `a URL with the ${parsed.protocol} scheme (only http and https are allowed)`);
    }
    const host = bareHost(parsed.hostname).replace(/\.$/, '').toLowerCase();
    if (METADATA_HOSTS.has(host)) throw new UrlNotAllowedError(url, `a cloud metadata host ${host}`);
    if (isIP(host) !== 0) {
      const verdict = check(host);
      if (!verdict.allowed) throw new UrlNotAllowedError(url, verdict.reason ?? `a refused address ${host}`);
      return;
    }
    const addresses = await resolve(host);
    if (addresses.length === 0) throw new UrlNotAllowedError(url, `a host ${host} that resolves to no address`);
    for (const { address } of addresses) {
      const verdict = check(address);
      if (!verdict.allowed) {
        throw new UrlNotAllowedError(url, `${verdict.reason ?? `a refused address ${address}`} (${host} resolves to it)`);
      }
    }
  }

  const lookup: ConnectLookup = (hostname, lookupOptions, callback) => {
    const host = bareHost(hostname).replace(/\.$/, '').toLowerCase();
    if (METADATA_HOSTS.has(host)) {
      callback(new UrlNotAllowedError(hostname, `a cloud metadata host ${host}`), '');
      return;
    }
    resolve(host).then(
      (all) => {
        const wantFamily = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
        const candidates = wantFamily ? all.filter((a) => a.family === wantFamily) : all;
        const refused: string[] = [];
        const usable = candidates.filter((a) => {
          const verdict = check(a.address);
          if (!verdict.allowed) refused.push(verdict.reason ?? a.address);
          return verdict.allowed;
        });
        if (usable.length === 0) {
          const reason = refused.length ? `${refused[0]} (${host} resolves to it)` : `a host ${host} with no usable address`;
          callback(new UrlNotAllowedError(hostname, reason), '');
          return;
        }
        if (lookupOptions.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, ''),
    );
  };

  return { check, assertUrlAllowed, lookup };
}
