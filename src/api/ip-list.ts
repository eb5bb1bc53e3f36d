import { BlockList, isIP } from "node:net";

/**
 * Parses an allow-list (`10.0.0.0/8`, `203.0.113.7`, `2001:db8::/32`) into a BlockList.
 * Throws an Error naming the bad entry, so `welink keys create --allow-ip` rejects it.
 */
export function parseAllowList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    const [address, prefixText] = entry.split("/");
    const family = isIP(address ?? "");
    if (!address || family === 0) throw new Error(`invalid IP or CIDR "${raw}"`);
    const type = family === 4 ? "ipv4" : "ipv6";
    if (prefixText === undefined) {
      list.addAddress(address, type);
      continue;
    }
    const prefix = Number(prefixText);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
      throw new Error(`invalid IP or CIDR "${raw}"`);
    }
    list.addSubnet(address, prefix, type);
  }
  return list;
}

/** Whether the caller's address is on the list; IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as IPv4. */
export function isAllowed(list: BlockList, ip: string): boolean {
  const mapped = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (isIP(mapped) === 4) return list.check(mapped, "ipv4") || list.check(ip, "ipv6");
  return isIP(ip) === 6 && list.check(ip, "ipv6");
}
