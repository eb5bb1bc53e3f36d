import type { WindowHit } from "../types.ts";
import type { Queryable } from "./db.ts";

/**
 * One call of `welink_hit_window` (migration 001): advisory lock on the key, prune, count,
 * insert when under the limit — atomic across processes and one round trip, which matters
 * because the gateway makes this call on every request.
 */
export async function hitWindow(
  db: Queryable,
  key: string,
  windowMs: number,
  limit: number,
  now: number,
): Promise<WindowHit> {
  const { rows } = await db.query<{ allowed: boolean; hits: number; freeing_at: number | null }>({
    name: "welink_hit_window",
    text: "SELECT allowed, hits, freeing_at FROM welink_hit_window($1, $2, $3, $4)",
    values: [key, windowMs, limit, now],
  });
  const row = rows[0]!;
  if (row.allowed) return { allowed: true, count: row.hits, retryAfterMs: 0 };
  const at = row.freeing_at ?? now;
  return { allowed: false, count: row.hits, retryAfterMs: Math.max(0, at + windowMs - now) };
}

export async function peekWindow(db: Queryable, key: string, windowMs: number, now: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>({
    name: "welink_peek_window",
    text: "SELECT count(*) AS n FROM window_hits WHERE key = $1 AND at > $2",
    values: [key, now - windowMs],
  });
  return rows[0]!.n;
}
