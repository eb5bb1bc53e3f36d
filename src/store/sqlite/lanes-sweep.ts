import type { DeliveryOf } from "../engine-types.ts";
import { parseText, REQUEST_COLUMNS, type RequestRaw, toRequest } from "../rows.ts";
import { activeRequests } from "./active-requests.ts";
import { type Db, prepared, transaction } from "./db.ts";
import { insertDelivery } from "./webhooks-outbox.ts";

const FAIL = `UPDATE requests SET status = ?, message = ?, finished_at = ? WHERE id = ? AND status = 'QUEUED'`;

function failAll(db: Db, rows: RequestRaw[], code: string, message: string, now: number, deliveryOf: DeliveryOf) {
  let n = 0;
  for (const raw of rows) {
    if (prepared(db, FAIL).run(code, message, now, raw.id).changes === 0) continue;
    const done = toRequest({ ...raw, status: code, message, finished_at: now }, parseText);
    const delivery = deliveryOf(done);
    if (delivery) insertDelivery(db, delivery);
    n++;
  }
  return n;
}

/** Requests still QUEUED past their `expires_at` fail with QUEUE_TIMEOUT_THRESHOLD_EXCEEDED, webhook included. */
export function sweepTimeouts(db: Db, now: number, limit: number, deliveryOf: DeliveryOf): number {
  return transaction(db, "lanes.sweep", (tx: Db, at: number, max: number, of: DeliveryOf) => {
    const rows = prepared(
      tx,
      // The first term names requests_active's own condition, so that the planner uses it.
      `SELECT ${REQUEST_COLUMNS} FROM requests
       WHERE status IN ('QUEUED', 'PROCESSING') AND status = 'QUEUED' AND expires_at IS NOT NULL AND expires_at <= ?
       ORDER BY expires_at LIMIT ?`,
    ).all(at, max) as RequestRaw[];
    return failAll(
      tx,
      rows,
      "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED",
      "Request was queued too long and automatically failed",
      at,
      of,
    );
  })(now, limit, deliveryOf);
}

/**
 * Disconnect: the account's QUEUED requests fail with `code` (webhooks included) and its
 * lane pauses, so nothing new starts; a request already running finishes on its own.
 */
export function cancelAccount(
  db: Db,
  accountId: string,
  code: string,
  message: string,
  now: number,
  deliveryOf: DeliveryOf,
): number {
  return transaction(db, "lanes.cancel", (tx: Db, id: string, c: string, m: string, at: number, of: DeliveryOf) => {
    const rowids = activeRequests(tx).queued(id);
    const rows = prepared(
      tx,
      `SELECT ${REQUEST_COLUMNS} FROM requests WHERE rowid IN (SELECT value FROM json_each(?)) AND status = 'QUEUED'
       ORDER BY run_at, created_at`,
    ).all(JSON.stringify(rowids)) as RequestRaw[];
    const n = failAll(tx, rows, c, m, at, of);
    prepared(
      tx,
      `INSERT INTO lanes (account_id, paused, due_at) SELECT id, ?, NULL FROM accounts WHERE id = ?
       ON CONFLICT (account_id) DO UPDATE SET paused = excluded.paused, due_at = NULL`,
    ).run(c, id);
    return n;
  })(accountId, code, message, now, deliveryOf);
}
