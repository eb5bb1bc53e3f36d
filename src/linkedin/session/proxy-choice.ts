/**
 * The proxy of a login: the one the request names (the internal pool's pick for a
 * `{location}`, or the user's own), else the one the account already has. A pool pick is
 * persisted on the account (public half) and in its secrets (password), so the account
 * keeps its proxy across logins, restarts and processes (sticky).
 */
import type { Account } from "../../store/types.ts";
import { type ProxyPool, type ProxyRequest, proxyFromAccount } from "../transport/pool.ts";
import type { ProxyConfig } from "../transport/proxy.ts";
import type { SessionStore } from "./types.ts";

export async function adoptProxy(
  deps: { store: SessionStore; pool: ProxyPool; now: number },
  account: Account,
  request: ProxyRequest | null | undefined,
): Promise<ProxyConfig | null> {
  const stored = async () =>
    proxyFromAccount(account.proxy, (await deps.store.getAccountSecrets(account.id))?.proxy_password);
  if (request === undefined || request === null) {
    // The gateway stores the API's `proxy` as given: a bare `{location}` is resolved (and
    // pinned) here, the first time the account logs in.
    if (!account.proxy?.location || account.proxy.host) return stored();
    request = { location: account.proxy.location };
  }
  if ("location" in request && account.proxy?.host && account.proxy.location === request.location.toUpperCase()) {
    return stored();
  }
  const choice = deps.pool.choose(account.id, request);
  if (!choice) return null;
  await deps.store.updateAccount(account.id, { proxy: choice.account }, deps.now);
  if (choice.config.password !== undefined) {
    await deps.store.setAccountSecrets(account.id, { proxy_password: choice.config.password }, deps.now);
  }
  return choice.config;
}
