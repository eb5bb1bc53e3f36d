import type { WindowHit } from "../types.ts";
import { type Db, prepared, transaction } from "./db.ts";

/**
 * Sliding-log windows: one row per accepted hit, counted over (now - windowMs, now]. Hits
 * stamped later than `now` (a racing process whose clock read came a moment later) count
 * too: the limit holds even when callers' `now` values arrive out of order.
 *
 * The table is the record; decisions are taken on a copy of the whole log in memory (per
 * key, its hit times in order), read from the table when first needed. A hit then costs
 * one INSERT in the caller's transaction, on an index ordered by time (004): no DELETE and
 * no count query per call, and no random page per account. Measured in bench/intake
 * (2-core VM, 4,000 accounts): the window's share of a batch commit went from about half
 * (delete, count, insert on the (key, at) index) to under a fifth.
 *
 * Exact across connections and processes: the copy is trusted only while no other
 * connection has committed to the file. Hits run inside a write transaction (the write
 * lock is held) and first read `PRAGMA data_version`, which changes when another
 * connection committed; then the copy is read again from the table. A rolled-back
 * transaction makes the next one read it again too.
 *
 * Each row carries when it leaves its window (`until`, 004): rows past it are deleted at
 * most PRUNE_ROWS per transaction and once a PRUNE_EVERY_MS, so pruning never stalls a
 * commit; until then they are never counted.
 *
 * The gateway's hits have a cheaper record (007): a hit that admits a request is decided
 * here (`admitInTransaction`, no row) and recorded by that request's row, which carries the
 * window's key (`window_key`) and the hit's time (`created_at`), in the same transaction.
 * The copy is read from both tables. Measured (bench/intake, SQLite, both variants in one
 * run, 3 rounds): 21,562-22,392 req/s against 20,538-22,584 with the `window_hits` row,
 * the server's CPU a request 44.2-45.7 µs against 44.3-48.8.
 */
const PRUNE_EVERY_MS = 1000;
const PRUNE_ROWS = 2000;
/**
 * How far back request rows are read as hits: a hit recorded by its request can only be
 * for a window this long at most (longer ones get a `window_hits` row).
 */
export const REQUEST_HITS_HORIZON_MS = 2 * 3_600_000;

interface Memory {
  /** `PRAGMA data_version` when the copy was last known to match the file; null: read it again. */
  version: number | null;
  /** Per key, hit times in ascending order (the older ones may have left the window). */
  logs: Map<string, number[]>;
  nextPruneAt: number;
}

const memories = new WeakMap<Db, Memory>();

function memoryOf(db: Db): Memory {
  let memory = memories.get(db);
  if (!memory) {
    memory = { version: null, logs: new Map(), nextPruneAt: 0 };
    memories.set(db, memory);
  }
  return memory;
}

/** One hit in its own transaction. */
export function hitWindow(db: Db, key: string, windowMs: number, limit: number, now: number): WindowHit {
  return withWindows(db, () => transaction(db, "hitWindow", hitAlone)(key, windowMs, limit, now));
}

function hitAlone(db: Db, key: string, windowMs: number, limit: number, now: number): WindowHit {
  checkWindows(db, now);
  return hitInTransaction(db, key, windowMs, limit, now);
}

/**
 * Runs `fn`, which opens and commits the transaction holding the hits, so that a rollback
 * cannot leave the copy ahead of the table.
 */
export function withWindows<R>(db: Db, fn: () => R): R {
  try {
    return fn();
  } catch (error) {
    memoryOf(db).version = null;
    throw error;
  }
}

/**
 * Brings the copy in line with the file: call it in the transaction, before its hits.
 * `now`: the callers' clock, which bounds how far back request rows are read.
 */
export function checkWindows(db: Db, now: number): void {
  const memory = memoryOf(db);
  const version = (prepared(db, "PRAGMA data_version").get() as { data_version: number }).data_version;
  if (version === memory.version) return;
  memory.logs.clear();
  // The request rows of the horizon through requests_workspace (workspace_id, created_at):
  // CROSS JOIN keeps the workspaces as the outer loop (else the planner may scan requests).
  const rows = prepared(
    db,
    `SELECT key, at FROM (
       SELECT key, at FROM window_hits
       UNION ALL
       SELECT r.window_key AS key, r.created_at AS at FROM workspaces w
         CROSS JOIN requests r ON r.workspace_id = w.id AND r.created_at > ?
       WHERE r.window_key IS NOT NULL
     ) ORDER BY at`,
  ).all(now - REQUEST_HITS_HORIZON_MS) as { key: string; at: number }[];
  for (const { key, at } of rows) {
    const log = memory.logs.get(key);
    if (log) log.push(at);
    else memory.logs.set(key, [at]);
  }
  memory.version = version;
}

/** One hit inside an open write transaction in which `checkWindows` ran (under `withWindows`). */
export function hitInTransaction(db: Db, key: string, windowMs: number, limit: number, now: number): WindowHit {
  const hit = admitInTransaction(db, key, windowMs, limit, now);
  if (hit.allowed) recordHit(db, key, windowMs, now);
  return hit;
}

/**
 * The decision of a hit, counted in the copy but not written: the caller records it in
 * the same transaction, by a request row carrying `window_key` (only for windows up to
 * REQUEST_HITS_HORIZON_MS) or by `recordHit`.
 */
export function admitInTransaction(db: Db, key: string, windowMs: number, limit: number, now: number): WindowHit {
  const memory = memoryOf(db);
  if (memory.version === null) checkWindows(db, now);
  if (now >= memory.nextPruneAt) prune(db, memory, now);
  const since = now - windowMs;
  let times = memory.logs.get(key);
  if (!times) {
    times = [];
    memory.logs.set(key, times);
  }
  let gone = 0;
  while (gone < times.length && times[gone]! <= since) gone++;
  if (gone > 0) times.splice(0, gone);
  const live = times.length;
  if (live < limit) {
    insertSorted(times, now);
    return { allowed: true, count: live + 1, retryAfterMs: 0 };
  }
  // The hit whose leaving brings the count under the limit: the oldest, unless the limit
  // was lowered below what the log already holds.
  const at = times[live - Math.max(limit, 1)] ?? now;
  return { allowed: false, count: live, retryAfterMs: Math.max(0, at + windowMs - now) };
}

/** Writes the record of an admitted hit as a `window_hits` row. */
export function recordHit(db: Db, key: string, windowMs: number, now: number): void {
  prepared(db, "INSERT INTO window_hits (key, at, until) VALUES (?, ?, ?)").run(key, now, now + windowMs);
}

/** Deletes (a bounded number of) rows that have left their window. */
function prune(db: Db, memory: Memory, now: number): void {
  const deleted = prepared(
    db,
    "DELETE FROM window_hits WHERE rowid IN (SELECT rowid FROM window_hits WHERE until <= ? ORDER BY until LIMIT ?)",
  ).run(now, PRUNE_ROWS).changes;
  // A full round means more are waiting: carry on in the next transaction.
  memory.nextPruneAt = deleted === PRUNE_ROWS ? now : now + PRUNE_EVERY_MS;
}

function insertSorted(times: number[], at: number): void {
  let i = times.length;
  while (i > 0 && times[i - 1]! > at) i--;
  if (i === times.length) times.push(at);
  else times.splice(i, 0, at);
}

/** Live hits of a key, from the copy (read again first if another connection wrote). */
export function peekWindow(db: Db, key: string, windowMs: number, now: number): number {
  checkWindows(db, now);
  const times = memoryOf(db).logs.get(key);
  if (!times) return 0;
  const since = now - windowMs;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= since) lo = mid + 1;
    else hi = mid;
  }
  return times.length - lo;
}
