import type { AttemptOutcome } from "../webhook-types.ts";
import { type Db, prepared, transaction } from "./db.ts";

/** Logs one attempt and moves the delivery to its new state, in one transaction. */
export function recordAttempt(db: Db, outcome: AttemptOutcome): void {
  transaction(db, "webhooks.record", (tx, o: AttemptOutcome) => {
    prepared(
      tx,
      `INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
       SELECT id, attempts + 1, ?, ?, ?, ? FROM webhook_deliveries WHERE id = ?`,
    ).run(o.at, o.statusCode, o.error, Math.round(o.durationMs), o.deliveryId);
    prepared(
      tx,
      `UPDATE webhook_deliveries SET attempts = attempts + 1, status = ?, locked_until = NULL,
         next_attempt_at = coalesce(?, next_attempt_at), last_status = ?, last_error = ?,
         delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END
       WHERE id = ?`,
    ).run(o.status, o.nextAttemptAt, o.statusCode, o.error, o.status, o.at, o.deliveryId);
  })(outcome);
}
