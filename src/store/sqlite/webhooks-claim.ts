import { parseText } from "../rows.ts";
import type { SecretBox } from "../secret-box.ts";
import { type ClaimedRaw, DELIVERY_COLUMNS, toClaimed } from "../webhook-rows.ts";
import type { ClaimedDelivery } from "../webhook-types.ts";
import { type Db, prepared, transaction } from "./db.ts";

/**
 * Order per account: only `ready` rows (the head of their account's queue) are claimable,
 * and the next row of an account is promoted when its head leaves `pending` (see
 * webhooks-attempts.ts). Blocked rows are not even scanned, so a long backlog behind a
 * failing receiver costs the claim nothing; the price of the order is head-of-line
 * blocking: a failing head holds its account's later events back until it is delivered or
 * fails (up to ~15 h with the default schedule).
 */
const SELECT_DUE = `SELECT ${DELIVERY_COLUMNS}, e.url, e.secret_enc, e.signing, a.status AS account_status
  FROM webhook_deliveries d
  JOIN webhook_endpoints e ON e.workspace_id = d.workspace_id
  LEFT JOIN accounts a ON a.id = d.account_id
  WHERE d.status = 'pending' AND d.ready = 1 AND d.next_attempt_at <= @now
    AND (d.locked_until IS NULL OR d.locked_until <= @now)
  ORDER BY d.next_attempt_at, d.seq LIMIT @limit`;

const LEASE = "UPDATE webhook_deliveries SET locked_until = ? WHERE seq = ?";

/** "Webhooks stop" when an account is disconnected: all its pending deliveries fail, none is sent. */
const STOP_ACCOUNT = `UPDATE webhook_deliveries SET status = 'failed', last_error = 'account disconnected',
  locked_until = NULL, ready = 0 WHERE account_id = ? AND status = 'pending'`;

/** SQLite mode is one process, but leases still make a crashed sender's work come back. */
export function claimDue(db: Db, box: SecretBox, now: number, limit: number, leaseMs: number): ClaimedDelivery[] {
  const raws = transaction(db, "webhooks.claim", (tx, at: number, max: number, until: number) => {
    const rows = prepared(tx, SELECT_DUE).all({ now: at, limit: max }) as ClaimedRaw[];
    const lease = prepared(tx, LEASE);
    const stop = prepared(tx, STOP_ACCOUNT);
    const claimed: ClaimedRaw[] = [];
    for (const row of rows) {
      if (row.account_status === "DISCONNECTED") stop.run(row.account_id);
      else {
        lease.run(until, row.seq);
        claimed.push(row);
      }
    }
    return claimed;
  })(now, limit, now + leaseMs);
  return raws.map((raw) => toClaimed(raw, parseText, box.open));
}

/** When the next claimable delivery falls due (a retry, or a lease that expires); null when none. */
export function nextDueAt(db: Db): number | null {
  const row = prepared(
    db,
    `SELECT min(max(next_attempt_at, coalesce(locked_until, 0))) AS at
     FROM webhook_deliveries WHERE status = 'pending' AND ready = 1`,
  ).get() as { at: number | null };
  return row.at;
}

export function renewLeases(db: Db, deliveryIds: string[], until: number): void {
  if (deliveryIds.length === 0) return;
  const statement = db.prepare("UPDATE webhook_deliveries SET locked_until = ? WHERE id = ? AND status = 'pending'");
  db.transaction(() => {
    for (const id of deliveryIds) statement.run(until, id);
  })();
}
