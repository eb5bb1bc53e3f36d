/** Account actions: the logins (PIN_REQUIRED ends the request with that status), credits, views. */
import { WelinkError } from "../../errors/index.ts";
import type { LoginOutcome } from "../session/types.ts";
import { type DriverAction, need, withClient } from "./types.ts";

function outcome(o: LoginOutcome): unknown {
  if (o.status === "PIN_REQUIRED") {
    throw new WelinkError("PIN_REQUIRED", "LinkedIn sent a PIN to the account's email: call login_code with it");
  }
  return o.result;
}

const loginV2: DriverAction = { run: async (ctx) => outcome(await ctx.sessions.loginPassword(ctx.accountId)) };

export const ACCOUNT_ACTIONS: Record<string, DriverAction> = {
  login_v2: loginV2,
  login: loginV2,
  login_code: { run: async (ctx, input) => outcome(await ctx.sessions.loginCode(ctx.accountId, need(input, "code"))) },
  login_cookie: { run: async (ctx) => ctx.sessions.loginCookie(ctx.accountId) },
  me: withClient((client) => client.me.result()),
  profile_views: withClient((client) => client.views.list()),
  inmail_credits: withClient((client) => client.messaging.inmailCredits()),
  recruiter_contracts: withClient((client) => client.recruiter.contracts()),
  recruiter_inmail_credits: withClient((client, input) => client.recruiter.credits(need(input, "contract_id"))),
};
