import type { AttemptOutcome } from "../webhook-types.ts";
import { type Pool, withTransaction } from "./db.ts";

/**
 * Logs attempts and moves their deliveries to their new states, in one transaction (one
 * commit, one WAL flush, for every attempt that ended since the dispatcher's last call).
 */
const MOVE = `WITH o AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::text[], $6::bigint[], $7::int[])
      AS o(id, status, next_attempt_at, status_code, error, at, duration_ms)),
  d AS (
    UPDATE webhook_deliveries w SET attempts = w.attempts + 1, status = o.status, locked_until = NULL,
      next_attempt_at = coalesce(o.next_attempt_at, w.next_attempt_at), last_status = o.status_code,
      last_error = o.error, delivered_at = CASE WHEN o.status = 'delivered' THEN o.at ELSE w.delivered_at END
    FROM o WHERE w.id = o.id
    RETURNING w.id, w.attempts, w.account_id, w.status),
  logged AS (
    INSERT INTO webhook_attempts (delivery_id, attempt, at, status_code, error, duration_ms)
    SELECT d.id, d.attempts, o.at, o.status_code, o.error, o.duration_ms FROM d JOIN o ON o.id = d.id)
  SELECT account_id AS released FROM d WHERE status <> 'pending' AND account_id IS NOT NULL`;

/**
 * When a delivery leaves `pending`, the next pending delivery of its account becomes
 * `ready`. This is a second statement on purpose: under READ COMMITTED it takes a fresh
 * snapshot, after the first statement's row locks, so it sees a row that an outbox insert
 * committed while we waited for those locks (see webhooks-outbox.ts).
 */
const PROMOTE = `UPDATE webhook_deliveries w SET ready = true
  FROM (SELECT min(seq) AS seq FROM webhook_deliveries
        WHERE account_id = ANY($1) AND status = 'pending' GROUP BY account_id) h
  WHERE w.seq = h.seq AND NOT w.ready`;

export async function recordAttempts(pool: Pool, outcomes: AttemptOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  await withTransaction(pool, async (client) => {
    const { rows } = await client.query<{ released: string }>({
      name: "welink_webhooks_record",
      text: MOVE,
      values: [
        outcomes.map((o) => o.deliveryId),
        outcomes.map((o) => o.status),
        outcomes.map((o) => o.nextAttemptAt),
        outcomes.map((o) => o.statusCode),
        outcomes.map((o) => o.error),
        outcomes.map((o) => o.at),
        outcomes.map((o) => Math.round(o.durationMs)),
      ],
    });
    const released = [...new Set(rows.map((r) => r.released))];
    if (released.length > 0) {
      await client.query({ name: "welink_webhooks_promote", text: PROMOTE, values: [released] });
    }
  });
}
