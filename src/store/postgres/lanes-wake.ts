import { LANE_COLUMNS, type LaneRaw, type LaneState, toLane } from "../engine-types.ts";
import { parsed, unitTimes } from "../rows.ts";
import { type Pool, withTransaction } from "./db.ts";

/** After an enqueue: the accounts' lanes have work due at `at`; missing lanes are created. */
export async function touchLanes(pool: Pool, accountIds: string[], at: number, unpause = false): Promise<void> {
  if (accountIds.length === 0) return;
  await pool.query({
    name: "welink_lanes_touch",
    text: `INSERT INTO lanes (account_id, due_at)
      SELECT a.id, $2 FROM accounts a WHERE a.id = ANY($1::text[]) ORDER BY a.id
      ON CONFLICT (account_id) DO UPDATE SET due_at = least(coalesce(lanes.due_at, excluded.due_at), excluded.due_at),
        paused = CASE WHEN $3 THEN NULL ELSE lanes.paused END`,
    values: [accountIds, at, unpause],
  });
}

export async function releasePostponed(pool: Pool, accountId: string, now: number, minGapMs: number): Promise<number> {
  return withTransaction(pool, async (client) => {
    // Lane first (the lock order of every engine statement).
    await client.query(
      `UPDATE lanes SET due_at = $2,
         next_at = CASE WHEN coalesce(cooldown_until, 0) > $2 THEN next_at
                        ELSE least(next_at, greatest(coalesce(last_finished_at, 0) + $3, $2)) END
       WHERE account_id = $1`,
      [accountId, now, minGapMs],
    );
    const res = await client.query(
      `UPDATE requests SET run_at = $2 WHERE account_id = $1 AND status = 'QUEUED' AND run_at > $2 AND last_error IS NULL`,
      [accountId, now],
    );
    return res.rowCount ?? 0;
  });
}

/** Safety net for lost wake-ups: QUEUED work whose lane is missing or idle is marked due now. */
export async function repairLanes(pool: Pool, now: number, sessionActions: readonly string[]): Promise<number> {
  const created = await pool.query(
    `INSERT INTO lanes (account_id, due_at)
     SELECT a.id, $1::bigint FROM accounts a
     WHERE NOT EXISTS (SELECT 1 FROM lanes l WHERE l.account_id = a.id)
       AND EXISTS (SELECT 1 FROM requests r WHERE r.account_id = a.id AND r.status = 'QUEUED')
     ON CONFLICT (account_id) DO NOTHING`,
    [now],
  );
  const woken = await pool.query(
    `UPDATE lanes l SET due_at = $1 WHERE l.account_id IN (
       SELECT l2.account_id FROM lanes l2 WHERE l2.due_at IS NULL AND l2.busy_request_id IS NULL
       AND EXISTS (SELECT 1 FROM requests r WHERE r.account_id = l2.account_id AND r.status = 'QUEUED'
         AND (l2.paused IS NULL OR r.action = ANY($2::text[])))
       FOR UPDATE SKIP LOCKED)`,
    [now, sessionActions],
  );
  return (created.rowCount ?? 0) + (woken.rowCount ?? 0);
}

export async function nextDueAt(pool: Pool): Promise<number | null> {
  const res = await pool.query({
    name: "welink_lanes_next_due",
    text: "SELECT min(due_at) AS t FROM lanes WHERE due_at IS NOT NULL AND busy_request_id IS NULL",
  });
  return (res.rows[0] as { t: number | null }).t;
}

export async function nextLeaseExpiry(pool: Pool): Promise<number | null> {
  const res = await pool.query({
    name: "welink_lanes_next_lease",
    text: "SELECT min(lease_until) AS t FROM lanes WHERE busy_request_id IS NOT NULL",
  });
  return (res.rows[0] as { t: number | null }).t;
}

export async function getLane(pool: Pool, accountId: string): Promise<LaneState | null> {
  const res = await pool.query(`SELECT ${LANE_COLUMNS} FROM lanes WHERE account_id = $1`, [accountId]);
  const raw = res.rows[0] as LaneRaw | undefined;
  return raw ? toLane(raw, parsed) : null;
}

export async function actionTimes(pool: Pool, accountId: string, bucket: string, since: number): Promise<number[]> {
  const res = await pool.query({
    name: "welink_action_times",
    text: "SELECT at, weight FROM action_log WHERE account_id = $1 AND bucket = $2 AND at > $3 ORDER BY at",
    values: [accountId, bucket, since],
  });
  return unitTimes(res.rows as { at: number; weight: number }[]);
}

export async function pruneActionLog(pool: Pool, before: number): Promise<number> {
  const res = await pool.query("DELETE FROM action_log WHERE at < $1", [before]);
  return res.rowCount ?? 0;
}
