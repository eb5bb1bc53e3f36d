import type { DeliveryOf } from "../engine-types.ts";
import { parsed, REQUEST_COLUMNS, type RequestRaw, toRequest } from "../rows.ts";
import { type Client, type Pool, withTransaction } from "./db.ts";
import { insertDelivery } from "./webhooks-outbox.ts";

async function failRows(
  client: Client,
  rows: RequestRaw[],
  code: string,
  message: string,
  now: number,
  deliveryOf: DeliveryOf,
) {
  if (rows.length === 0) return 0;
  const res = await client.query(
    `UPDATE requests SET status = $1, message = $2, finished_at = $3 WHERE id = ANY($4::text[]) AND status = 'QUEUED' RETURNING id`,
    [code, message, now, rows.map((r) => r.id)],
  );
  const done = new Set((res.rows as { id: string }[]).map((r) => r.id));
  for (const raw of rows) {
    if (!done.has(raw.id)) continue;
    const delivery = deliveryOf(toRequest({ ...raw, status: code, message, finished_at: now }, parsed));
    if (delivery) await insertDelivery(client, delivery);
  }
  return done.size;
}

/** QUEUED requests past `expires_at` fail with QUEUE_TIMEOUT_THRESHOLD_EXCEEDED, webhook included. */
export async function sweepTimeouts(pool: Pool, now: number, limit: number, deliveryOf: DeliveryOf): Promise<number> {
  return withTransaction(pool, async (client) => {
    const res = await client.query(
      `SELECT ${REQUEST_COLUMNS} FROM requests WHERE status = 'QUEUED' AND expires_at IS NOT NULL AND expires_at <= $1
       ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    return failRows(
      client,
      res.rows as RequestRaw[],
      "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED",
      "Request was queued too long and automatically failed",
      now,
      deliveryOf,
    );
  });
}

/** Disconnect: the account's QUEUED requests fail with `code` (webhooks included) and its lane pauses. */
export async function cancelAccount(
  pool: Pool,
  accountId: string,
  code: string,
  message: string,
  now: number,
  deliveryOf: DeliveryOf,
): Promise<number> {
  return withTransaction(pool, async (client) => {
    // Lock the lane first so no worker claims from it while we cancel.
    await client.query(
      `INSERT INTO lanes (account_id, paused, due_at) SELECT id, $2, NULL FROM accounts WHERE id = $1
       ON CONFLICT (account_id) DO UPDATE SET paused = excluded.paused, due_at = NULL`,
      [accountId, code],
    );
    const res = await client.query(
      `SELECT ${REQUEST_COLUMNS} FROM requests WHERE account_id = $1 AND status = 'QUEUED' ORDER BY run_at, created_at FOR UPDATE`,
      [accountId],
    );
    return failRows(client, res.rows as RequestRaw[], code, message, now, deliveryOf);
  });
}
