import type { ActionDef } from "../catalog/index.ts";
import { WelinkError } from "../errors/index.ts";
import type { Account } from "../store/types.ts";
import type { WindowSpec } from "./commit.ts";
import type { KeyCeiling } from "./key-ceiling.ts";
import type { Caller, ResolvedOptions } from "./types.ts";

export const HOUR_MS = 3_600_000;

export function rateLimited(what: string, retryAfterMs: number): WelinkError {
  const retryAfter = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return new WelinkError("RATE_LIMITED", `${what}; retry in ${retryAfter} s`, { retryAfter });
}

/**
 * Two limits. The per-key ceiling protects this server (in memory, per process): every
 * authenticated call counts, whatever becomes of it. The per-account rolling 60-minute
 * windows protect the LinkedIn account (We-Link's 100 action and 150 message-sync requests
 * an hour): sliding logs in the store, so every process on one PostgreSQL sees the same
 * window. Only asynchronous actions on an account count; reading state (`get_response`,
 * account details) does not. The account hit is recorded in the same commit as the request
 * it admits (see commit.ts), so a call refused before that (bad input, inactive account,
 * key ceiling) never uses up the window.
 */
export function checkKeyCeiling(ceiling: KeyCeiling, caller: Caller, options: ResolvedOptions, now: number): void {
  const hit = ceiling.hit(caller.key.id, now);
  if (!hit.allowed) {
    throw rateLimited(`more than ${options.keyRatePerMinute} requests a minute on this key`, hit.retryAfterMs);
  }
}

/** The account window an async call on `account` must fit in, applied atomically with its enqueue. */
export function windowFor(
  action: ActionDef,
  account: Account | null,
  options: ResolvedOptions,
  now: number,
): WindowSpec | null {
  if (action.mode !== "async" || !account) return null;
  const sync = action.messageSync === true;
  return {
    key: `account:${account.id}:${sync ? "sync" : "actions"}`,
    windowMs: HOUR_MS,
    limit: sync ? options.accountSyncPerHour : options.accountActionsPerHour,
    now,
  };
}

/** The 429 for a call its account's window refused. */
export function windowRefused(window: WindowSpec, retryAfterMs: number): WelinkError {
  const kind = window.key.endsWith(":sync") ? "message-sync" : "action";
  return rateLimited(`${window.limit} ${kind} requests per rolling hour reached for this account`, retryAfterMs);
}
