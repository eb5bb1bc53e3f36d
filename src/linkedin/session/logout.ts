/**
 * Logging a session out on LinkedIn (`GET /uas/logout?csrfToken=…`), for
 * `disconnect_account`. Best effort: the account is being disconnected whatever LinkedIn
 * answers, so failures are swallowed.
 */
import { CookieJar } from "../transport/cookies.ts";
import { Transport } from "../transport/http.ts";
import { proxyFromAccount } from "../transport/pool.ts";
import type { SessionManagerDeps } from "./types.ts";

export async function logoutOnLinkedIn(
  deps: Pick<SessionManagerDeps, "store" | "baseUrl" | "clock" | "requestTimeoutMs">,
  accountId: string,
  live?: Transport,
): Promise<void> {
  const account = await deps.store.getAccount(accountId);
  const secrets = account ? await deps.store.getAccountSecrets(accountId) : null;
  const jar = live?.jar ?? CookieJar.fromJSON(secrets?.cookies);
  const csrf = jar.get("JSESSIONID")?.replace(/^"|"$/g, "");
  if (!account || !jar.get("li_at") || !csrf) return;
  const transport =
    live ??
    new Transport({
      baseUrl: deps.baseUrl,
      jar,
      clock: deps.clock,
      proxy: proxyFromAccount(account.proxy, secrets?.proxy_password),
      requestTimeoutMs: Math.min(deps.requestTimeoutMs ?? 10_000, 10_000),
      ...(secrets?.user_agent ? { userAgent: secrets.user_agent } : {}),
    });
  await transport
    .send({ path: "/uas/logout", query: `csrfToken=${encodeURIComponent(csrf)}`, api: false })
    .catch(() => {});
  if (!live) await transport.close();
}
