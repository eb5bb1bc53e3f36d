import { promises as dns, lookup } from "node:dns";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { WelinkError } from "../errors/index.ts";

/**
 * Which webhook URLs welink may call. Against the sandbox (the default) loopback and private
 * addresses are allowed, so `welink webhooks listen` on localhost works out of the box. With
 * `--linkedin live` a URL that resolves to a private, loopback, link-local or otherwise
 * internal address is refused (SSRF: a client must not make welink POST into the operator's
 * network), at `webhook_set` and again at send time on the address actually connected to,
 * which also defeats DNS rebinding. `allowPrivateWebhooks` lifts the rule.
 */
export interface UrlPolicy {
  /** true when the driver talks to linkedin.com (`--linkedin live`). */
  live: boolean;
  allowPrivate: boolean;
}

export const SANDBOX_POLICY: UrlPolicy = { live: false, allowPrivate: true };

export function restrictsPrivate(policy: UrlPolicy): boolean {
  return policy.live && !policy.allowPrivate;
}

const internal = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const) {
  internal.addSubnet(net, bits, "ipv4");
}
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["100::", 64],
  ["2001:db8::", 32],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  internal.addSubnet(net, bits, "ipv6");
}

/** Private, loopback, link-local, reserved or documentation address (IPv4-mapped IPv6 included). */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, "ipv4");
  if (family === 6) return internal.check(address, "ipv6");
  return false;
}

/** Parses and checks a URL given to `webhook_set`; throws INVALID_REQUEST with the reason. */
export async function checkWebhookUrl(raw: string, policy: UrlPolicy): Promise<URL> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new WelinkError("INVALID_REQUEST", "url: not a valid absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new WelinkError("INVALID_REQUEST", "url: must be http or https");
  }
  if (url.username || url.password) throw new WelinkError("INVALID_REQUEST", "url: must not carry credentials");
  if (!restrictsPrivate(policy)) return url;
  const host = hostOf(url);
  let addresses: string[];
  try {
    addresses = isIP(host) ? [host] : (await dns.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new WelinkError("INVALID_REQUEST", `url: host ${host} does not resolve`);
  }
  const bad = addresses.find(isInternalAddress);
  if (bad) throw new WelinkError("INVALID_REQUEST", privateMessage(host, bad));
  return url;
}

/** Send-time check for hosts written as IP literals (no DNS lookup happens for those). */
export function refuseLiteral(url: URL, policy: UrlPolicy): string | null {
  const host = hostOf(url);
  return restrictsPrivate(policy) && isIP(host) && isInternalAddress(host) ? privateMessage(host, host) : null;
}

/**
 * A `lookup` for the HTTP client's sockets that refuses internal addresses, so the address
 * checked is the address connected to.
 */
export const guardedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, "", 4);
    const bad = addresses.find((a) => isInternalAddress(a.address));
    if (bad) return callback(new Error(privateMessage(hostname, bad.address)), "", 4);
    if (options.all) return (callback as unknown as (e: null, a: typeof addresses) => void)(null, addresses);
    const first = addresses[0];
    if (!first) return callback(new Error(`${hostname} has no address`), "", 4);
    callback(null, first.address, first.family);
  });
};

function hostOf(url: URL): string {
  // URL keeps IPv6 literals in brackets.
  return url.hostname.replace(/^\[|\]$/g, "");
}

function privateMessage(host: string, address: string): string {
  return `url: ${host} resolves to the private or loopback address ${address}; refused with --linkedin live (set allowPrivateWebhooks to allow it)`;
}
