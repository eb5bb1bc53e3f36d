import { parsed } from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import { type ClaimedRaw, DELIVERY_COLUMNS, toClaimed } from "../webhook-rows.ts";
import type { ClaimedDelivery } from "../webhook-types.ts";
import type { Queryable } from "./db.ts";

/**
 * Order per account: only `ready` rows (the head of their account's queue) are claimable;
 * the next row is promoted when the head leaves `pending` (webhooks-attempts.ts), and the
 * outbox insert decides `ready` under a lock on the current head (webhooks-outbox.ts), so
 * the order holds across any number of processes. Blocked rows are not scanned; the price
 * of the order is head-of-line blocking (a failing head holds its account's later events
 * back until it is delivered or fails, up to ~15 h with the default schedule).
 *
 * SKIP LOCKED lets many processes claim at once without waiting on each other; the lease
 * (`locked_until`) keeps the claim after this statement commits, while the POST is in flight.
 */
const CLAIM = `WITH due AS (
    SELECT d.seq FROM webhook_deliveries d
    WHERE d.status = 'pending' AND d.ready AND d.next_attempt_at <= $1
      AND (d.locked_until IS NULL OR d.locked_until <= $1)
    ORDER BY d.next_attempt_at, d.seq LIMIT $2
    FOR UPDATE OF d SKIP LOCKED)
  UPDATE webhook_deliveries d SET locked_until = $3
  FROM due, webhook_endpoints e
  WHERE d.seq = due.seq AND e.workspace_id = d.workspace_id
  RETURNING ${DELIVERY_COLUMNS}, e.url, e.secret_enc, e.signing,
    (SELECT a.status FROM accounts a WHERE a.id = d.account_id) AS account_status`;

/** "Webhooks stop" when an account is disconnected: all its pending deliveries fail, none is sent. */
const STOP_ACCOUNTS = `UPDATE webhook_deliveries SET status = 'failed', last_error = 'account disconnected',
    locked_until = NULL, ready = false
  WHERE account_id = ANY($1) AND status = 'pending'`;

export async function claimDue(
  db: Queryable,
  box: SecretBox,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedRaw>({
    name: "welink_webhooks_claim",
    text: CLAIM,
    values: [now, limit, now + leaseMs],
  });
  const disconnected = rows.filter((r) => r.account_status === "DISCONNECTED");
  if (disconnected.length > 0) {
    await db.query(STOP_ACCOUNTS, [[...new Set(disconnected.map((r) => r.account_id))]]);
  }
  return (
    rows
      .filter((r) => r.account_status !== "DISCONNECTED")
      // RETURNING does not keep the CTE's order.
      .sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || Number(a.seq) - Number(b.seq))
      .map((raw) => toClaimed(raw, parsed, box.open))
  );
}

/** When the next claimable delivery falls due (a retry, or a lease that expires); null when none. */
export async function nextDueAt(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ at: number | string | null }>({
    name: "welink_webhooks_next_due",
    text: `SELECT min(greatest(next_attempt_at, coalesce(locked_until, 0))) AS at
           FROM webhook_deliveries WHERE status = 'pending' AND ready`,
  });
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : Number(at);
}

export async function renewLeases(db: Queryable, deliveryIds: string[], until: number): Promise<void> {
  if (deliveryIds.length === 0) return;
  await db.query({
    name: "welink_webhooks_renew",
    text: "UPDATE webhook_deliveries SET locked_until = $2 WHERE id = ANY($1) AND status = 'pending'",
    values: [deliveryIds, until],
  });
}
