import type { Pool } from "./db.ts";

/** Extends this worker's leases; returns the request ids it still holds. */
export async function renewLeases(
  pool: Pool,
  workerId: string,
  requestIds: string[],
  until: number,
): Promise<string[]> {
  if (requestIds.length === 0) return [];
  // Only the lane carries the authoritative lease (requests.lease_until records the claim's).
  // Rows are locked in account order, the order every multi-lane statement uses.
  const res = await pool.query({
    name: "welink_lanes_renew",
    text: `WITH mine AS (
      SELECT account_id FROM lanes WHERE busy_request_id = ANY($2::text[]) AND lease_owner = $3
      ORDER BY account_id FOR UPDATE)
    UPDATE lanes l SET lease_until = $1 FROM mine WHERE l.account_id = mine.account_id RETURNING l.busy_request_id AS id`,
    values: [until, requestIds, workerId],
  });
  return (res.rows as { id: string }[]).map((r) => r.id);
}

/**
 * Requeues the work of dead workers in one statement: lanes whose lease expired are freed
 * (locked with SKIP LOCKED, so two reapers do not fight) and their requests go back to
 * QUEUED flagged `outcome_unknown` (verify before running again).
 */
export async function reclaimExpired(pool: Pool, now: number): Promise<number> {
  const res = await pool.query({
    name: "welink_lanes_reclaim",
    text: `WITH expired AS (
      SELECT account_id, busy_request_id FROM lanes
      WHERE busy_request_id IS NOT NULL AND lease_until < $1 FOR UPDATE SKIP LOCKED
    ), freed AS (
      UPDATE lanes l SET busy_request_id = NULL, lease_owner = NULL, lease_until = NULL, due_at = $1
      FROM expired e WHERE l.account_id = e.account_id RETURNING e.busy_request_id
    )
    UPDATE requests r SET status = 'QUEUED', outcome_unknown = 1, run_at = least(r.run_at, $1), lease_owner = NULL, lease_until = NULL
    FROM freed f WHERE r.id = f.busy_request_id AND r.status = 'PROCESSING' RETURNING r.id`,
    values: [now],
  });
  return res.rowCount ?? 0;
}
