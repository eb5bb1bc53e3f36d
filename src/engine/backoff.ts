import type { Random } from "../lib/random.ts";

/**
 * Back-off for transient failures (network, 5xx, timeouts, proxy trouble): exponential,
 * capped, with "equal jitter" (half fixed, half random) so that the requests of many lanes
 * that failed together do not come back together.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts in all (the first run included) before the request fails. */
  maxAttempts: number;
}

export const TRANSIENT_BACKOFF: BackoffPolicy = { baseMs: 10_000, capMs: 10 * 60_000, maxAttempts: 5 };

/** Delay before attempt `attempt + 1`, given `attempt` (>= 1) attempts failed. */
export function backoffMs(policy: BackoffPolicy, attempt: number, random: Random): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + (random.next() * exp) / 2);
}

/**
 * The account-wide cooldown after LinkedIn answered 429: 5 min, 10, 20, 40, … capped at
 * 4 h, growing with each 429 in a row (a success resets the count). Exact, not jittered,
 * so operators can read it back from `get_limits` and tests can assert it.
 */
export interface CooldownPolicy {
  baseMs: number;
  capMs: number;
  /** Attempts of one request that ended in 429 before it fails with STATUS_429. */
  maxAttempts: number;
}

export const COOLDOWN_429: CooldownPolicy = { baseMs: 5 * 60_000, capMs: 4 * 3_600_000, maxAttempts: 6 };

/** `streak` = how many 429s in a row, this one included (>= 1). */
export function cooldownMs(policy: CooldownPolicy, streak: number): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, streak - 1));
}
