import { parseText } from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import { type ClaimedRaw, DELIVERY_COLUMNS, toClaimed } from "../webhook-rows.ts";
import type { ClaimedDelivery } from "../webhook-types.ts";
import { type Db, prepared, transaction } from "./db.ts";

/**
 * A delivery is claimable when it is pending, due, not leased by a live sender, and the
 * head of its account's queue: no earlier (by seq) delivery of the same account is still
 * pending. That is what keeps order per account; its cost is head-of-line blocking (a
 * failing head holds its account's later events back until it is delivered or fails).
 */
const HEAD = `(d.account_id IS NULL OR NOT EXISTS (
  SELECT 1 FROM webhook_deliveries p WHERE p.account_id = d.account_id AND p.status = 'pending' AND p.seq < d.seq))`;

const STOP_DISCONNECTED = `UPDATE webhook_deliveries SET status = 'failed', last_error = 'account disconnected',
  locked_until = NULL
  WHERE status = 'pending' AND next_attempt_at <= @now AND account_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = webhook_deliveries.account_id AND a.status = 'DISCONNECTED')`;

const SELECT_DUE = `SELECT ${DELIVERY_COLUMNS}, e.url, e.secret_enc, e.signing
  FROM webhook_deliveries d JOIN webhook_endpoints e ON e.workspace_id = d.workspace_id
  WHERE d.status = 'pending' AND d.next_attempt_at <= @now AND (d.locked_until IS NULL OR d.locked_until <= @now)
    AND ${HEAD}
  ORDER BY d.next_attempt_at, d.seq LIMIT @limit`;

const LEASE = "UPDATE webhook_deliveries SET locked_until = ? WHERE seq = ?";

/** SQLite mode is one process, but leases still make a crashed sender's work come back. */
export function claimDue(db: Db, box: SecretBox, now: number, limit: number, leaseMs: number): ClaimedDelivery[] {
  const raws = transaction(db, "webhooks.claim", (tx, at: number, max: number, until: number) => {
    prepared(tx, STOP_DISCONNECTED).run({ now: at });
    const rows = prepared(tx, SELECT_DUE).all({ now: at, limit: max }) as ClaimedRaw[];
    const lease = prepared(tx, LEASE);
    for (const row of rows) lease.run(until, row.seq);
    return rows;
  })(now, limit, now + leaseMs);
  return raws.map((raw) => toClaimed(raw, parseText, box.open));
}

/** When the next claimable delivery falls due (a retry, or a lease that expires); null when none. */
export function nextDueAt(db: Db): number | null {
  const row = prepared(
    db,
    `SELECT min(max(d.next_attempt_at, coalesce(d.locked_until, 0))) AS at
     FROM webhook_deliveries d WHERE d.status = 'pending' AND ${HEAD}`,
  ).get() as { at: number | null };
  return row.at;
}
