import { LANE_COLUMNS, type LaneRaw, type LaneState, toLane } from "../engine-types.ts";
import { parseText, unitTimes } from "../rows.ts";
import { activeRequests, verifyActiveRequests } from "./active-requests.ts";
import { type Db, prepared, transaction } from "./db.ts";

/**
 * After an enqueue: the accounts' lanes have work due at `at` (earlier due times stay).
 * Lanes are created here, lazily, so the gateway's enqueue path stays one INSERT.
 */
export function touchLanes(db: Db, accountIds: string[], at: number, unpause = false): void {
  transaction(db, "lanes.touch", (tx: Db, ids: string[], when: number, lift: boolean) => {
    const touch = prepared(
      tx,
      `INSERT INTO lanes (account_id, due_at) SELECT id, ? FROM accounts WHERE id = ?
       ON CONFLICT (account_id) DO UPDATE SET due_at = min(coalesce(due_at, excluded.due_at), excluded.due_at),
         paused = CASE WHEN ? THEN NULL ELSE paused END`,
    );
    for (const id of ids) touch.run(when, id, lift ? 1 : 0);
  })(accountIds, at, unpause);
}

export function releasePostponed(db: Db, accountId: string, now: number, minGapMs: number): number {
  return transaction(db, "lanes.release", (tx: Db, id: string, at: number, gap: number) => {
    const postponed = activeRequests(tx).postponed(id, at);
    const n =
      postponed.length === 0
        ? 0
        : prepared(
            tx,
            `UPDATE requests SET run_at = ? WHERE rowid IN (SELECT value FROM json_each(?))
             AND status = 'QUEUED' AND run_at > ? AND last_error IS NULL`,
          ).run(at, JSON.stringify(postponed), at).changes;
    prepared(
      tx,
      `UPDATE lanes SET due_at = ?,
         next_at = CASE WHEN coalesce(cooldown_until, 0) > ? THEN next_at
                        ELSE min(next_at, max(coalesce(last_finished_at, 0) + ?, ?)) END
       WHERE account_id = ?`,
    ).run(at, at, gap, at, id);
    return n;
  })(accountId, now, minGapMs);
}

/**
 * Safety net for lost wake-ups (a process died between its enqueue and its touch): QUEUED
 * work whose lane is missing or idle is marked due now. The accounts with QUEUED work come
 * from the in-memory queue view, which is first checked against the table (its size).
 */
export function repairLanes(db: Db, now: number, sessionActions: readonly string[]): number {
  return transaction(db, "lanes.repair", (tx: Db, at: number, sessions: readonly string[]) => {
    verifyActiveRequests(tx);
    const active = activeRequests(tx);
    const withWork = JSON.stringify(active.accountsWithQueued());
    const withLogins = JSON.stringify(active.accountsWithQueued(new Set(sessions)));
    const created = prepared(
      tx,
      `INSERT INTO lanes (account_id, due_at)
       SELECT a.id, ? FROM accounts a
       WHERE a.id IN (SELECT value FROM json_each(?))
         AND NOT EXISTS (SELECT 1 FROM lanes l WHERE l.account_id = a.id)`,
    ).run(at, withWork).changes;
    // An idle lane with work wakes; a paused one only for a session action (a login).
    const wake = prepared(
      tx,
      `UPDATE lanes SET due_at = ? WHERE due_at IS NULL AND busy_request_id IS NULL
       AND (paused IS NULL) = ? AND account_id IN (SELECT value FROM json_each(?))`,
    );
    const woken = wake.run(at, 1, withWork).changes + wake.run(at, 0, withLogins).changes;
    return created + woken;
  })(now, sessionActions);
}

/** The earliest due time of an idle lane. */
export function nextDueAt(db: Db): number | null {
  const sql = "SELECT min(due_at) AS t FROM lanes WHERE due_at IS NOT NULL AND busy_request_id IS NULL";
  return (prepared(db, sql).get() as { t: number | null }).t;
}

/** The earliest lease expiry of a busy lane. */
export function nextLeaseExpiry(db: Db): number | null {
  const sql = "SELECT min(lease_until) AS t FROM lanes WHERE busy_request_id IS NOT NULL";
  return (prepared(db, sql).get() as { t: number | null }).t;
}

export function getLane(db: Db, accountId: string): LaneState | null {
  const raw = prepared(db, `SELECT ${LANE_COLUMNS} FROM lanes WHERE account_id = ?`).get(accountId) as
    | LaneRaw
    | undefined;
  return raw ? toLane(raw, parseText) : null;
}

export function actionTimes(db: Db, accountId: string, bucket: string, since: number): number[] {
  const rows = prepared(
    db,
    "SELECT at, weight FROM action_log WHERE account_id = ? AND bucket = ? AND at > ? ORDER BY at",
  ).all(accountId, bucket, since) as { at: number; weight: number }[];
  return unitTimes(rows);
}

export function pruneActionLog(db: Db, before: number): number {
  return prepared(db, "DELETE FROM action_log WHERE at < ?").run(before).changes;
}
