import { between, type Random } from "../lib/random.ts";

/**
 * Pacing: the jittered gap between two actions of one LinkedIn account. A human does not
 * click at a fixed rhythm, and LinkedIn's burst detector (60 requests a minute per session
 * in the sandbox) punishes bursts, so every gap is drawn uniformly in [min, max].
 */
export interface Pacing {
  min_gap_s: number;
  max_gap_s: number;
}

/** Against linkedin.com: half a minute to two minutes between actions. */
export const LIVE_PACING: Pacing = { min_gap_s: 30, max_gap_s: 120 };
/** Against the sandbox: fast enough to demo, still visibly paced. */
export const SANDBOX_PACING: Pacing = { min_gap_s: 1, max_gap_s: 3 };

/** A gap in milliseconds; 0 when both bounds are 0 (benchmarks, tests). */
export function drawGapMs(random: Random, pacing: Pacing): number {
  const min = Math.max(0, Math.round(pacing.min_gap_s * 1000));
  const max = Math.max(min, Math.round(pacing.max_gap_s * 1000));
  if (max === 0) return 0;
  return between(random, min, max);
}

/** Validates a pacing given by `set_limits`; returns a message or null. */
export function pacingProblem(pacing: Pacing): string | null {
  const { min_gap_s: min, max_gap_s: max } = pacing;
  if (!Number.isFinite(min) || !Number.isFinite(max)) return "pacing gaps must be numbers";
  if (min < 0 || max < 0) return "pacing gaps must be >= 0";
  if (max < min) return "pacing.max_gap_s must be >= pacing.min_gap_s";
  if (max > 86_400) return "pacing.max_gap_s must be <= 86400";
  return null;
}
