import type { WindowHit } from "../types.ts";
import { type Db, prepared, transaction } from "./db.ts";

/**
 * Sliding-log windows: one row per accepted hit, counted over (now - windowMs, now]. Hits
 * stamped later than `now` (a racing process whose clock read came a moment later) count
 * too: the limit holds even when callers' `now` values arrive out of order. One
 * transaction per hit; SQLite has one writer at a time, which makes count-then-insert
 * atomic across processes sharing the file. Hits that left the window are pruned on the
 * way, so a key's log never holds more than `limit` live rows.
 */
export function hitWindow(db: Db, key: string, windowMs: number, limit: number, now: number): WindowHit {
  return transaction(db, "hitWindow", hit)(key, windowMs, limit, now);
}

function hit(db: Db, key: string, windowMs: number, limit: number, now: number): WindowHit {
  const since = now - windowMs;
  prepared(db, "DELETE FROM window_hits WHERE key = ? AND at <= ?").run(key, since);
  const live = peekWindow(db, key, windowMs, now);
  if (live < limit) {
    prepared(db, "INSERT INTO window_hits (key, at) VALUES (?, ?)").run(key, now);
    return { allowed: true, count: live + 1, retryAfterMs: 0 };
  }
  // The hit whose leaving brings the count under the limit: the oldest, unless the limit
  // was lowered below what the log already holds.
  const freeing = prepared(db, "SELECT at FROM window_hits WHERE key = ? AND at > ? ORDER BY at LIMIT 1 OFFSET ?").get(
    key,
    since,
    live - Math.max(limit, 1),
  ) as { at: number } | undefined;
  const at = freeing?.at ?? now;
  return { allowed: false, count: live, retryAfterMs: Math.max(0, at + windowMs - now) };
}

export function peekWindow(db: Db, key: string, windowMs: number, now: number): number {
  const row = prepared(db, "SELECT count(*) AS n FROM window_hits WHERE key = ? AND at > ?").get(
    key,
    now - windowMs,
  ) as { n: number };
  return row.n;
}
