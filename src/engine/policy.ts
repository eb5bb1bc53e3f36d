import { CATALOG, type ErrorCode, isWelinkError } from "../errors/index.ts";
import type { Random } from "../lib/random.ts";
import type { AccountStatus } from "../store/types.ts";
import {
  type BackoffPolicy,
  backoffMs,
  COOLDOWN_429,
  type CooldownPolicy,
  cooldownMs,
  TRANSIENT_BACKOFF,
} from "./backoff.ts";

/**
 * What a failed run means for the request, its lane and its account. Pure: the worker
 * loop turns the decision into one store transaction.
 *
 * - STATUS_429: the account cools down (growing) and the request is retried after it.
 * - FUSE_LIMIT_EXCEEDED: the request fails; the invitation bucket pauses until the weekly
 *   window frees a slot (the caller computes that instant from the action log).
 * - ACCOUNT_RESTRICTED, SESSION_EXPIRED: the request fails; the whole account pauses and
 *   changes status (an `account_status` event goes out).
 * - Transient trouble (errors that are not WelinkErrors, timeouts, INTERNAL_ERROR,
 *   PROXY_ERROR and other retryable codes): retried with back-off a bounded number of times.
 * - Anything else fails at once. Prospect-scoped codes never touch the lane or account.
 */
export type Decision =
  | {
      kind: "fail";
      code: string;
      message: string;
      /** Pause this bucket of the account until then. */
      pauseBucket?: boolean;
      /** Pause the whole account with this status. */
      accountStatus?: AccountStatus;
    }
  | {
      kind: "retry";
      code: string;
      message: string;
      at: number;
      /** The request may have reached LinkedIn: verify before running it again. */
      outcomeUnknown: boolean;
      /** The whole lane waits until `at` (account-wide trouble), not just this request. */
      holdLane: boolean;
      /** A 429 cooldown: the new streak length. */
      cooldownStreak?: number;
    };

/** A run that outlived its timeout: the request may have left, so its outcome is unknown. */
export class RunTimeoutError extends Error {
  constructor(ms: number) {
    super(`the action did not finish within ${ms} ms`);
    this.name = "RunTimeoutError";
  }
}

export interface PolicyInput {
  error: unknown;
  /** Attempts so far, this one included. */
  attempts: number;
  /** 429s in a row on this account before this one. */
  streak429: number;
  now: number;
  random: Random;
  backoff?: BackoffPolicy;
  cooldown?: CooldownPolicy;
}

const ACCOUNT_PAUSES: Partial<Record<ErrorCode, AccountStatus>> = {
  ACCOUNT_RESTRICTED: "RESTRICTED",
  SESSION_EXPIRED: "SESSION_EXPIRED",
};

/** Codes whose failure may come after the write left (a 5xx, a cut connection). */
const MAYBE_SENT: ReadonlySet<string> = new Set(["INTERNAL_ERROR"]);

export function decide(input: PolicyInput): Decision {
  const { error, attempts, now, random } = input;
  const backoff = input.backoff ?? TRANSIENT_BACKOFF;
  if (!isWelinkError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    if (attempts >= backoff.maxAttempts) return { kind: "fail", code: "INTERNAL_ERROR", message };
    return {
      kind: "retry",
      code: "INTERNAL_ERROR",
      message,
      at: now + backoffMs(backoff, attempts, random),
      outcomeUnknown: true,
      holdLane: false,
    };
  }
  const code = error.code;
  const message = error.message;
  if (code === "STATUS_429") {
    const cooldown = input.cooldown ?? COOLDOWN_429;
    const streak = input.streak429 + 1;
    if (attempts >= cooldown.maxAttempts) return { kind: "fail", code, message };
    const wait = Math.max(cooldownMs(cooldown, streak), (error.retryAfter ?? 0) * 1000);
    return {
      kind: "retry",
      code,
      message,
      at: now + wait,
      outcomeUnknown: false,
      holdLane: true,
      cooldownStreak: streak,
    };
  }
  if (code === "FUSE_LIMIT_EXCEEDED") return { kind: "fail", code, message, pauseBucket: true };
  const status = ACCOUNT_PAUSES[code];
  if (status) return { kind: "fail", code, message, accountStatus: status };
  const spec = CATALOG[code];
  if (spec.retryable && attempts < backoff.maxAttempts) {
    const wait = Math.max(backoffMs(backoff, attempts, random), (error.retryAfter ?? 0) * 1000);
    return {
      kind: "retry",
      code,
      message,
      at: now + wait,
      outcomeUnknown: MAYBE_SENT.has(code),
      // Proxy trouble is the account's: its other requests would fail the same way.
      holdLane: spec.scope === "account",
    };
  }
  return { kind: "fail", code, message };
}
