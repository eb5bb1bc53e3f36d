import { type Db, prepared, transaction } from "./db.ts";

/** Extends this worker's leases; returns the request ids it still holds. */
export function renewLeases(db: Db, workerId: string, requestIds: string[], until: number): string[] {
  // Everything the transaction uses is an argument: `transaction` caches the first function.
  return transaction(db, "lanes.renew", (tx: Db, owner: string, ids: string[], to: number) => {
    const held: string[] = [];
    const lane = prepared(tx, "UPDATE lanes SET lease_until = ? WHERE busy_request_id = ? AND lease_owner = ?");
    // Only the lane carries the authoritative lease (requests.lease_until records the claim's).
    for (const id of ids) if (lane.run(to, id, owner).changes > 0) held.push(id);
    return held;
  })(workerId, requestIds, until);
}

/**
 * Requeues the work of dead workers: a lane whose lease expired is freed and its request
 * goes back to QUEUED, flagged `outcome_unknown` because the worker may have sent it
 * before dying (the engine verifies before running it again).
 */
export function reclaimExpired(db: Db, now: number): number {
  return transaction(db, "lanes.reclaim", (tx: Db, at: number) => {
    const expired = prepared(
      tx,
      "SELECT account_id, busy_request_id FROM lanes WHERE busy_request_id IS NOT NULL AND lease_until < ?",
    ).all(at) as { account_id: string; busy_request_id: string }[];
    const request = prepared(
      tx,
      `UPDATE requests SET status = 'QUEUED', outcome_unknown = 1, run_at = min(run_at, ?), lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND status = 'PROCESSING'`,
    );
    const lane = prepared(
      tx,
      `UPDATE lanes SET busy_request_id = NULL, lease_owner = NULL, lease_until = NULL, due_at = ?
       WHERE account_id = ? AND busy_request_id = ?`,
    );
    for (const row of expired) {
      request.run(at, row.busy_request_id);
      lane.run(at, row.account_id, row.busy_request_id);
    }
    return expired.length;
  })(now);
}
