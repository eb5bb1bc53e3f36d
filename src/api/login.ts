import type { AccountProxy, AccountSecrets, NewAccount } from "../store/types.ts";

/**
 * login_v2 / login / login_cookie create the account row at enqueue, in LOGGING_IN, with
 * everything secret (password, TOTP secret, proxy password, user agent, cookies) handed to
 * the store's encrypted column. The request row keeps only what is safe to store in clear
 * and to send back in webhooks.
 */
export function splitLogin(
  input: Record<string, unknown>,
  ids: { accountId: string; workspaceId: string; now: number },
): { account: NewAccount; publicInput: Record<string, unknown> } {
  const secrets: AccountSecrets = {};
  const publicInput: Record<string, unknown> = { accountId: ids.accountId };
  let proxy: AccountProxy | null = null;
  const raw = input.proxy as Record<string, unknown> | undefined;
  if (raw) {
    const { password, ...safe } = raw;
    proxy = safe as AccountProxy;
    if (typeof password === "string") secrets.proxy_password = password;
    publicInput.proxy = safe;
  }
  if (typeof input.password === "string") secrets.password = input.password;
  if (typeof input.two_fa_secret === "string") secrets.two_fa_secret = input.two_fa_secret.replace(/\s+/g, "");
  if (typeof input.user_agent === "string") secrets.user_agent = input.user_agent;
  if (typeof input.li_at === "string") {
    secrets.cookies = {
      li_at: input.li_at,
      ...(typeof input.jsessionid === "string" ? { JSESSIONID: input.jsessionid } : {}),
    };
  }
  const email = typeof input.email === "string" ? input.email : null;
  if (email) publicInput.email = email;
  publicInput.two_fa = secrets.two_fa_secret !== undefined;
  if (input.queue_timeout_s !== undefined) publicInput.queue_timeout_s = input.queue_timeout_s;
  return {
    account: {
      id: ids.accountId,
      workspaceId: ids.workspaceId,
      email,
      status: "LOGGING_IN",
      proxy,
      secrets,
      now: ids.now,
    },
    publicInput,
  };
}
