import { type BucketQuota, smallestLimit } from "./quotas.ts";

/**
 * Actions whose bucket counts results rather than calls (searches, `ActionDef.perResult`).
 * Before the run the request needs room for its whole `limit` (else the action's default),
 * capped at the bucket's smallest window, and it runs with that limit; after it, the
 * results it returned are counted.
 */
export interface ResultLimit {
  /** The units of the bucket the run needs, and the `limit` it runs with. */
  limit: number;
  /** The input to run with: the request's, or a copy with `limit` capped. */
  input: unknown;
}

export function resultLimit(defaultLimit: number, input: unknown, quota: BucketQuota): ResultLimit {
  const given = (input as { limit?: unknown } | null)?.limit;
  const wanted = typeof given === "number" && given > 0 ? given : defaultLimit;
  const limit = Math.max(1, Math.min(wanted, smallestLimit(quota)));
  return { limit, input: limit < wanted ? { ...(input as object), limit } : input };
}

/** How many results a per-result action returned (its `results` array), at least one: an empty search is a search. */
export function resultCount(result: unknown): number {
  const results = (result as { results?: unknown } | null)?.results;
  return Math.max(1, Array.isArray(results) ? results.length : 0);
}
