import type { AttemptOutcome } from "../webhook-types.ts";
import { type Client, type Pool, withTransaction } from "./db.ts";

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

/**
 * The rows are locked with SKIP LOCKED first: an engine transaction that is inserting the
 * next delivery of one of these accounts holds its head (our row) and may be waiting for
 * another of our rows; waiting for it while holding the others could deadlock. The rows
 * we could not lock are written in a later transaction, one at a time (holding nothing else,
 * a plain wait is safe).
 */
export async function recordAttempts(pool: Pool, outcomes: AttemptOutcome[]): Promise<void> {
  let remaining = outcomes;
  while (remaining.length > 0) {
    const batch = remaining;
    const written = await withTransaction(pool, async (client) => {
      let mine = batch;
      if (batch.length > 1) {
        const { rows } = await client.query<{ id: string }>({
          name: "welink_webhooks_record_lock",
          text: "SELECT id FROM webhook_deliveries WHERE id = ANY($1) FOR UPDATE SKIP LOCKED",
          values: [batch.map((o) => o.deliveryId)],
        });
        const locked = new Set(rows.map((r) => r.id));
        mine = batch.filter((o) => locked.has(o.deliveryId));
        if (mine.length === 0) mine = batch.slice(0, 1);
      }
      await write(client, mine);
      return new Set(mine.map((o) => o.deliveryId));
    });
    remaining = batch.filter((o) => !written.has(o.deliveryId));
  }
}

async function write(client: Client, outcomes: AttemptOutcome[]): Promise<void> {
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
}
