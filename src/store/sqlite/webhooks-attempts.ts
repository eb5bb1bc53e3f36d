import type { AttemptOutcome } from "../webhook-types.ts";
import { type Db, prepared, transaction } from "./db.ts";

const LOG = `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
  SELECT id, attempts + 1, ?, ?, ?, ? FROM webhook_deliveries WHERE id = ?`;

const MOVE = `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, locked_until = NULL,
    next_attempt_at = coalesce(?, next_attempt_at), last_status = ?, last_error = ?,
    delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
  WHERE id = ?`;

const PROMOTE = `UPDATE webhook_deliveries SET ready = 1 WHERE seq = (
    SELECT min(p.seq) FROM webhook_deliveries p WHERE p.status = 'pending'
      AND p.account_id = (SELECT account_id FROM webhook_deliveries WHERE id = ?))`;

/**
 * Logs attempts and moves their deliveries to their new states, in one transaction: the
 * commit (and its WAL write) is what costs, so the dispatcher hands in every attempt that
 * ended since the last call. When a delivery leaves `pending` (delivered or failed), the
 * next pending delivery of its account becomes `ready`: that releases the account's queue.
 */
export function recordAttempts(db: Db, outcomes: AttemptOutcome[]): void {
  transaction(db, "webhooks.record", (tx, list: AttemptOutcome[]) => {
    const log = prepared(tx, LOG);
    const move = prepared(tx, MOVE);
    const promote = prepared(tx, PROMOTE);
    for (const o of list) {
      log.run(o.at, o.statusCode, o.error, Math.round(o.durationMs), o.deliveryId);
      move.run(o.status, o.nextAttemptAt, o.statusCode, o.error, o.status, o.at, o.deliveryId);
      if (o.status !== "pending") promote.run(o.deliveryId);
    }
  })(outcomes);
}
