import { parsed } from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import { type ClaimedRaw, DELIVERY_COLUMNS, toClaimed } from "../webhook-rows.ts";
import type { ClaimedDelivery } from "../webhook-types.ts";
import type { Queryable } from "./db.ts";

/**
 * A delivery is claimable when it is pending, due, not leased by a live sender, and the
 * head of its account's queue: no earlier (by seq) delivery of the same account is still
 * pending. That keeps order per account across any number of dispatchers; its cost is
 * head-of-line blocking (a failing head holds its account's later events back until it is
 * delivered or fails, at most ~15 h with the default schedule).
 */
const HEAD = `(d.account_id IS NULL OR NOT EXISTS (
  SELECT 1 FROM webhook_deliveries p WHERE p.account_id = d.account_id AND p.status = 'pending' AND p.seq < d.seq))`;

/**
 * SKIP LOCKED lets many processes claim at once without waiting on each other; the lease
 * (`locked_until`) keeps the claim after this statement commits, while the POST is in flight.
 */
const CLAIM = `WITH due AS (
    SELECT d.seq FROM webhook_deliveries d
    WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND (d.locked_until IS NULL OR d.locked_until <= $1)
      AND ${HEAD}
    ORDER BY d.next_attempt_at, d.seq LIMIT $2
    FOR UPDATE OF d SKIP LOCKED)
  UPDATE webhook_deliveries d SET locked_until = $3
  FROM due, webhook_endpoints e
  WHERE d.seq = due.seq AND e.workspace_id = d.workspace_id
  RETURNING ${DELIVERY_COLUMNS}, e.url, e.secret_enc, e.signing`;

/** Rows locked by another process's stop are skipped; that process fails them. */
const STOP_DISCONNECTED = `UPDATE webhook_deliveries SET status = 'failed', last_error = 'account disconnected',
    locked_until = NULL
  WHERE seq IN (
    SELECT d.seq FROM webhook_deliveries d JOIN accounts a ON a.id = d.account_id
    WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND a.status = 'DISCONNECTED'
    FOR UPDATE OF d SKIP LOCKED)`;

export async function claimDue(
  db: Queryable,
  box: SecretBox,
  now: number,
  limit: number,
  leaseMs: number,
): Promise<ClaimedDelivery[]> {
  await db.query({ name: "welink_webhooks_stop", text: STOP_DISCONNECTED, values: [now] });
  const { rows } = await db.query<ClaimedRaw>({
    name: "welink_webhooks_claim",
    text: CLAIM,
    values: [now, limit, now + leaseMs],
  });
  // RETURNING does not keep the CTE's order.
  rows.sort((a, b) => Number(a.next_attempt_at) - Number(b.next_attempt_at) || Number(a.seq) - Number(b.seq));
  return rows.map((raw) => toClaimed(raw, parsed, box.open));
}

/** When the next claimable delivery falls due (a retry, or a lease that expires); null when none. */
export async function nextDueAt(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ at: number | string | null }>({
    name: "welink_webhooks_next_due",
    text: `SELECT min(greatest(d.next_attempt_at, coalesce(d.locked_until, 0))) AS at
           FROM webhook_deliveries d WHERE d.status = 'pending' AND ${HEAD}`,
  });
  const at = rows[0]?.at;
  return at === null || at === undefined ? null : Number(at);
}
