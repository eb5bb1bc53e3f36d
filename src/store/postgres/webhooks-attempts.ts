import type { AttemptOutcome } from "../webhook-types.ts";
import type { Queryable } from "./db.ts";

/** Logs one attempt and moves the delivery to its new state, in one statement. */
export async function recordAttempt(db: Queryable, o: AttemptOutcome): Promise<void> {
  await db.query({
    name: "welink_webhooks_record",
    text: `WITH d AS (
        UPDATE webhook_deliveries SET attempts = attempts + 1, status = $2, locked_until = NULL,
          next_attempt_at = coalesce($3, next_attempt_at), last_status = $4, last_error = $5,
          delivered_at = CASE WHEN $2 = 'delivered' THEN $6 ELSE delivered_at END
        WHERE id = $1 RETURNING id, attempts)
      INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
      SELECT id, attempts, $6, $4, $5, $7 FROM d`,
    values: [o.deliveryId, o.status, o.nextAttemptAt, o.statusCode, o.error, o.at, Math.round(o.durationMs)],
  });
}
