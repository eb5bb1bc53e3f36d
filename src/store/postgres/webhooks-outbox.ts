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
    text: `WITH inserted AS (
      INSERT INTO webhook_deliveries
        (id, workspace_id, account_id, request_id, event_type, payload, status, attempts, next_attempt_at, created_at)
      SELECT $1, $2, $3, $4, $5, $6::jsonb, 'pending', 0, $7, $7
      FROM webhook_endpoints e WHERE e.workspace_id = $2${filter}
      RETURNING id)
    SELECT id, pg_notify('${WEBHOOKS_CHANNEL}', '') FROM inserted`,
    values: [id, row.workspaceId, row.accountId, row.requestId, row.eventType, JSON.stringify(row.payload), row.now],
  });
  return result.rowCount ? id : null;
}
