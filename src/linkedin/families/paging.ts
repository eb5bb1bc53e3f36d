/**
 * The paging loop every offset-paged search shares (people, Sales Navigator, Recruiter):
 * pages from `start` until `limit` results or LinkedIn's cap, resuming after the last
 * result handed out (even inside a page), with the caller's pace between two pages.
 */
export interface PagingOptions {
  limit?: number;
  start?: number;
  /** Waits before every page after the first (the engine's page gap). */
  pace?: () => Promise<void>;
}

/** The paging options of an API input (`limit`, `start`) and the run's pace. */
export function pagingOptionsOf(
  input: { limit?: unknown; start?: unknown },
  pace?: () => Promise<void>,
): PagingOptions {
  const out: PagingOptions = {};
  if (typeof input.limit === "number") out.limit = input.limit;
  if (typeof input.start === "number") out.start = input.start;
  if (pace) out.pace = pace;
  return out;
}

export interface Paged<T> {
  results: T[];
  total: number;
  next_start: number | null;
}

export async function pageThrough<T>(
  first: number,
  limit: number,
  cap: number,
  fetchPage: (start: number) => Promise<{ items: T[]; total: number }>,
  pace?: () => Promise<void>,
): Promise<Paged<T>> {
  const results: T[] = [];
  let start = first;
  let total = 0;
  let pages = 0;
  while (results.length < limit && start < cap) {
    if (pages++ > 0) await pace?.();
    const page = await fetchPage(start);
    total = Math.min(page.total, cap);
    const taken = page.items.slice(0, limit - results.length);
    results.push(...taken);
    start += taken.length;
    if (!page.items.length || start >= total) return { results, total, next_start: null };
    if (taken.length < page.items.length) break;
  }
  return { results, total, next_start: start < total ? start : null };
}
