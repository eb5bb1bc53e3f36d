import { WelinkError } from "../errors/index.ts";
import type { LinkedInClient, LoginResult } from "../linkedin/index.ts";
import type { SessionManager } from "../linkedin/session/manager.ts";
import type { RunContext, SyncContext } from "./define.ts";
import type { AppDeps } from "./deps.ts";

/**
 * What the account actions run on the engine's lane, through the driver's session manager.
 * The secrets (password, TOTP secret, cookies, proxy password) were stored encrypted by the
 * gateway when it accepted the call; the queued input holds none of them.
 */

export function sessionsOf(deps: AppDeps): SessionManager {
  if (!deps.sessions) throw new WelinkError("INTERNAL_ERROR", "this process has no LinkedIn driver");
  return deps.sessions;
}

function accountIdOf(ctx: RunContext): string {
  const id = ctx.request.accountId;
  if (!id) throw new WelinkError("INVALID_REQUEST", "the request names no account");
  return id;
}

/** The client of the request's account; the engine only runs non-login actions on ACTIVE accounts. */
export function clientOf(ctx: RunContext): Promise<LinkedInClient> {
  return sessionsOf(ctx.deps).client(accountIdOf(ctx));
}

/** login_v2 / login: PIN_REQUIRED ends the request with that status; login_code continues it. */
export async function loginPasswordRun(ctx: RunContext): Promise<LoginResult> {
  const outcome = await sessionsOf(ctx.deps).loginPassword(accountIdOf(ctx));
  if (outcome.status === "PIN_REQUIRED") {
    throw new WelinkError("PIN_REQUIRED", "LinkedIn sent a PIN by email: call login_code with it");
  }
  return outcome.result;
}

export async function loginCodeRun(ctx: RunContext, input: { code: string }): Promise<LoginResult> {
  const outcome = await sessionsOf(ctx.deps).loginCode(accountIdOf(ctx), input.code);
  if (outcome.status === "PIN_REQUIRED") {
    throw new WelinkError("PIN_REQUIRED", "LinkedIn asks for another PIN: call login_code again");
  }
  return outcome.result;
}

export function loginCookieRun(ctx: RunContext): Promise<LoginResult> {
  return sessionsOf(ctx.deps).loginCookie(accountIdOf(ctx));
}

/** `me`: a live /me call (at most 30 s), answered synchronously in We-Link's shape. */
export async function meHandler(ctx: SyncContext): Promise<unknown> {
  const account = ctx.account;
  if (!account) throw new WelinkError("NOT_FOUND", "accountId is required");
  if (account.status !== "ACTIVE")
    throw new WelinkError("ACCOUNT_NOT_ACTIVE", `Linked account not active (${account.status})`);
  const sessions = sessionsOf(ctx.deps);
  const result = await withDeadline(
    sessions.client(account.id).then((client) => client.me.result()),
    30_000,
  );
  return { status: "SUCCESS", request_id: ctx.requestId, requestId: ctx.requestId, result };
}

function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WelinkError("INTERNAL_ERROR", `LinkedIn did not answer within ${ms / 1000} s`)),
      ms,
    );
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
