import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { NewDelivery } from "../webhook-types.ts";

/** A pool or a client inside an open transaction. */
export type Queryable = Pick<pg.ClientBase, "query"> | Pick<pg.Pool, "query">;

/** The channel dispatchers LISTEN on; the NOTIFY is delivered when the caller's transaction commits. */
export const WEBHOOKS_CHANNEL = "welink_webhooks";

/**
 * Outbox insert, run with the client of the caller's open transaction (the engine's
 * completion commits a request's terminal state and its webhook row together). A workspace
 * without a webhook endpoint, or whose `events` filter excludes this event type, gets no
 * row. The same statement NOTIFYs `welink_webhooks`, so a dispatcher wakes at commit
 * without a second round trip. Returns the delivery id, or null when skipped.
 *
 * The new row is `ready` (its account's head) when the account has no pending delivery. The
 * account's current head is locked FOR UPDATE to decide that: a dispatcher finishing that
 * head at the same moment either commits first (we then skip it, see no pending row and are
 * the head) or waits for our commit and then promotes us. Without the lock both could miss
 * each other and leave this row blocked forever.
 */
export async function insertDelivery(
  client: Queryable,
  row: NewDelivery,
  options: { ignoreFilter?: boolean } = {},
): Promise<string | null> {
  const id = row.id ?? randomUUID();
  const filter = options.ignoreFilter ? "" : ` AND (e.events = '[]'::jsonb OR e.events ? $5)`;
  const result = await client.query({
    name: options.ignoreFilter ? "welink_webhooks_insert_any" : "welink_webhooks_insert",
    text: `WITH head AS (
      SELECT seq FROM webhook_deliveries
      WHERE account_id = $3 AND status = 'pending' ORDER BY seq LIMIT 1 FOR UPDATE),
    inserted AS (
      INSERT INTO webhook_deliveries
        (id, workspace_id, account_id, request_id, event_type, payload, status, attempts, next_attempt_at, created_at, ready)
      SELECT $1, $2, $3, $4, $5, $6::jsonb, 'pending', 0, $7, $7, NOT EXISTS (SELECT 1 FROM head)
      FROM webhook_endpoints e WHERE e.workspace_id = $2${filter}
      RETURNING id)
    SELECT id, pg_notify('${WEBHOOKS_CHANNEL}', '') FROM inserted`,
    values: [id, row.workspaceId, row.accountId, row.requestId, row.eventType, JSON.stringify(row.payload), row.now],
  });
  return result.rowCount ? id : null;
}
