/**
 * Bringing a dead session back: log in again on the same transport (same proxy, same
 * user agent) with the stored password, answering a TOTP challenge when a secret is
 * stored. A PIN challenge parks the account in PIN_REQUIRED (login_code can finish it);
 * anything else that fails leaves it SESSION_EXPIRED, RESTRICTED or PROXY_FAILED.
 */
import { WelinkError } from "../../errors/index.ts";
import type { AccountStatus } from "../../store/types.ts";
import type { Live, SessionState } from "./live.ts";
import { type LoginStep, passwordLogin, submitPin, totpAnswers, totpCode } from "./login.ts";
import { statusForFailure } from "./outcomes.ts";
import type { SessionStore } from "./types.ts";

export interface ReloginHost {
  store: SessionStore;
  now(): number;
  setStatus(accountId: string, status: AccountStatus, reason: string | null): Promise<void>;
  log(accountId: string, msg: string, extra: Record<string, unknown>): void;
  persistCookies(live: Live): void;
}

export async function relogin(host: ReloginHost, live: Live, reason: string): Promise<void> {
  host.log(live.accountId, "session died, logging in again", { reason });
  const account = await host.store.getAccount(live.accountId);
  const secrets = (await host.store.getAccountSecrets(live.accountId)) ?? {};
  if (!account?.email || !secrets.password) {
    await expire(host, live, `SESSION_EXPIRED: ${reason}`);
    throw new WelinkError("SESSION_EXPIRED", `The LinkedIn session died (${reason}) and no password is stored`);
  }
  live.transport.jar.clear();
  let step: LoginStep;
  try {
    step = await passwordLogin(live.transport, { email: account.email, password: secrets.password }, host.now());
    if (step.kind === "challenge" && totpAnswers(step.challenge, secrets.two_fa_secret)) {
      await submitPin(live.transport, step.challenge, totpCode(secrets.two_fa_secret as string, host.now()));
      step = { kind: "pass" };
    }
  } catch (error) {
    const status = statusForFailure(error);
    if (status === "SESSION_EXPIRED") {
      await expire(host, live, error instanceof WelinkError ? error.code : "INTERNAL_ERROR");
      throw new WelinkError("SESSION_EXPIRED", `The LinkedIn session died (${reason}); re-login failed`, {
        cause: error,
      });
    }
    await host.setStatus(live.accountId, status, error instanceof WelinkError ? error.code : null);
    live.status = status;
    throw error;
  }
  if (step.kind === "challenge") {
    const session: SessionState = { challenge: step.challenge };
    await host.store.setAccountSecrets(live.accountId, { session }, host.now());
    await host.setStatus(live.accountId, "PIN_REQUIRED", "LinkedIn asks for a PIN to log in again");
    live.status = "PIN_REQUIRED";
    throw new WelinkError("SESSION_EXPIRED", `The LinkedIn session died (${reason}); LinkedIn asks for a PIN`);
  }
  host.persistCookies(live);
  if (live.status !== "ACTIVE") {
    await host.setStatus(live.accountId, "ACTIVE", null);
    live.status = "ACTIVE";
  }
}

async function expire(host: ReloginHost, live: Live, reason: string): Promise<void> {
  await host.setStatus(live.accountId, "SESSION_EXPIRED", reason);
  live.status = "SESSION_EXPIRED";
}
