import { between, type Random } from "../lib/random.ts";

/**
 * Pacing: the jittered gap between two actions of one LinkedIn account. A human does not
 * click at a fixed rhythm, and LinkedIn's burst detector (60 requests a minute per session
 * in the sandbox) punishes bursts, so every gap is drawn uniformly in [min, max].
 */
export interface Pacing {
  min_gap_s: number;
  max_gap_s: number;
  /**
   * The gap between two pages of one paged read (a 1,000-result search is 100 pages): a
   * person pages through results at a few seconds a page, and 100 pages at once would
   * break the burst rule. Absent in a stored pacing: the default's.
   */
  page_min_gap_s?: number;
  page_max_gap_s?: number;
}

/** Against linkedin.com: half a minute to two minutes between actions, 3-8 s between pages. */
export const LIVE_PACING: Pacing = { min_gap_s: 30, max_gap_s: 120, page_min_gap_s: 3, page_max_gap_s: 8 };
/**
 * Against the sandbox: fast enough to demo, still visibly paced; pages at 1.2 s or more
 * stay under the sandbox's 60 requests a minute.
 */
export const SANDBOX_PACING: Pacing = { min_gap_s: 1, max_gap_s: 3, page_min_gap_s: 1.2, page_max_gap_s: 2.5 };

/** A gap in milliseconds; 0 when both bounds are 0 (benchmarks, tests). */
export function drawGapMs(random: Random, pacing: Pacing): number {
  const min = Math.max(0, Math.round(pacing.min_gap_s * 1000));
  const max = Math.max(min, Math.round(pacing.max_gap_s * 1000));
  if (max === 0) return 0;
  return between(random, min, max);
}

/** A gap between two pages of a paged read, in milliseconds. */
export function drawPageGapMs(random: Random, pacing: Pacing): number {
  return drawGapMs(random, { min_gap_s: pacing.page_min_gap_s ?? 0, max_gap_s: pacing.page_max_gap_s ?? 0 });
}

/** Validates a pacing given by `set_limits` (merged over the current one); returns a message or null. */
export function pacingProblem(pacing: Pacing): string | null {
  return (
    gapProblem(pacing.min_gap_s, pacing.max_gap_s, "") ??
    gapProblem(pacing.page_min_gap_s ?? 0, pacing.page_max_gap_s ?? 0, "page_")
  );
}

function gapProblem(min: number, max: number, prefix: string): string | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return "pacing gaps must be numbers";
  if (min < 0 || max < 0) return "pacing gaps must be >= 0";
  if (max < min) return `pacing.${prefix}max_gap_s must be >= pacing.${prefix}min_gap_s`;
  if (max > 86_400) return `pacing.${prefix}max_gap_s must be <= 86400`;
  return null;
}
