/**
 * The internal proxy pool: a configured list of proxies per country. An account that asks
 * for `{"location":"US"}` gets one of the US proxies, picked deterministically from its
 * id (so a restart or another node picks the same one) and then persisted on the account
 * (sticky: LinkedIn sees one account behind one IP; a later change of the pool's list
 * does not move existing accounts).
 */
import { createHash } from "node:crypto";
import { WelinkError } from "../../errors/index.ts";
import type { AccountProxy } from "../../store/types.ts";
import type { ProxyConfig, ProxyProtocol } from "./proxy.ts";

export type ProxyPoolConfig = Record<string, ProxyConfig[]>;

/** What the API accepts as `proxy`: a location for the pool, or a proxy of the user's own. */
export type ProxyRequest =
  | { location: string }
  | { host: string; port: number; protocol?: ProxyProtocol; username?: string; password?: string };

/** A chosen proxy: the public half goes to `account.proxy`, the password to the secrets. */
export interface ProxyChoice {
  account: AccountProxy;
  config: ProxyConfig;
}

export class ProxyPool {
  private readonly byLocation: Map<string, ProxyConfig[]>;

  constructor(config: ProxyPoolConfig = {}) {
    this.byLocation = new Map(Object.entries(config).map(([k, v]) => [k.toUpperCase(), v]));
  }

  locations(): string[] {
    return [...this.byLocation.keys()];
  }

  /** Deterministic pick: sha256(accountId) modulo the list length. */
  pick(accountId: string, location: string): ProxyConfig {
    const list = this.byLocation.get(location.toUpperCase());
    if (!list?.length) throw new WelinkError("PROXY_ERROR", `No proxy configured for location ${location}`);
    const n = createHash("sha256").update(accountId).digest().readUInt32BE(0);
    return list[n % list.length] as ProxyConfig;
  }

  /** Turns the API's `proxy` field into a concrete choice for this account. */
  choose(accountId: string, request: ProxyRequest | null | undefined): ProxyChoice | null {
    if (!request) return null;
    if ("location" in request) {
      const config = this.pick(accountId, request.location);
      return { config, account: { ...publicHalf(config), location: request.location.toUpperCase() } };
    }
    const config: ProxyConfig = {
      protocol: request.protocol ?? "http",
      host: request.host,
      port: request.port,
      ...(request.username !== undefined ? { username: request.username } : {}),
      ...(request.password !== undefined ? { password: request.password } : {}),
    };
    return { config, account: publicHalf(config) };
  }
}

export function publicHalf(config: ProxyConfig): AccountProxy {
  const p: AccountProxy = { protocol: config.protocol, host: config.host, port: config.port };
  if (config.username !== undefined) p.username = config.username;
  return p;
}

/** Rebuilds the proxy of a stored account from its public half and its stored password. */
export function proxyFromAccount(proxy: AccountProxy | null, password: string | undefined): ProxyConfig | null {
  if (!proxy?.host || !proxy.port) return null;
  const config: ProxyConfig = { protocol: proxy.protocol ?? "http", host: proxy.host, port: proxy.port };
  if (proxy.username !== undefined) config.username = proxy.username;
  if (password !== undefined) config.password = password;
  return config;
}
