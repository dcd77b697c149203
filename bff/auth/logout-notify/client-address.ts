/**
 * Who sent a logout notice, for the IP allow-list. The socket peer address, never a header a
 * sender can write — unless the peer is a configured trusted proxy, in which case the right-most
 * X-Forwarded-For entry that is not itself a trusted proxy is the sender.
 */
import { BlockList, isIP } from 'node:net';

/** `::ffff:10.1.2.3` (IPv4 on a dual-stack socket) → `10.1.2.3`. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed);
  return mapped?.[1] ?? trimmed;
}

export interface AddressList {
  has(address: string): boolean;
  readonly size: number;
}

/** Addresses and CIDR ranges, IPv4 and IPv6; throws on an entry that is neither. */
export function addressList(entries: readonly string[]): AddressList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address);
    if (family === 0) throw new Error(`not an IP address or CIDR range: ${entry}`);
    const type = family === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  return {
    size: entries.length,
    has(address) {
      const normalized = normalizeAddress(address);
      const family = isIP(normalized);
      return family !== 0 && list.check(normalized, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}

export function senderAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trustedProxies: AddressList,
): string | undefined {
  if (socketAddress === undefined) return undefined;
  const peer = normalizeAddress(socketAddress);
  if (trustedProxies.size === 0 || !trustedProxies.has(peer) || !forwardedFor) return peer;
  const hops = forwardedFor.split(',').map(normalizeAddress).filter(Boolean);
  for (let index = hops.length - 1; index >= 0; index -= 1) {
    const hop = hops[index] as string;
    if (!trustedProxies.has(hop)) return hop;
  }
  // Every hop is a trusted proxy: the left-most one is as close to the sender as we can know.
  return hops[0] ?? peer;
}
