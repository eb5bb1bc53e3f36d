import type pg from "pg";
import { uuid7 } from "../../lib/uuid7.ts";
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
  const id = row.id ?? uuid7();
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

/**
 * `insertDelivery` for many rows in ONE statement (one round trip however many rows: the
 * engine's finish batch). The rows are inserted in the given order, so `seq` keeps each
 * account's order. Every account's current head is locked FOR UPDATE as above (the
 * lateral sub-query, once per distinct account); within the batch, only an account's first
 * row can be its head. Returns, per row, its delivery id or null when skipped. Ids are
 * time-ordered (v7): the primary key is appended to, not written on a random page.
 */
export async function insertDeliveries(client: Queryable, rows: readonly NewDelivery[]): Promise<(string | null)[]> {
  if (rows.length === 0) return [];
  if (rows.length === 1) return [await insertDelivery(client, rows[0]!)];
  const ids = rows.map((row) => row.id ?? uuid7());
  const result = await client.query<{ id: string }>({
    name: "welink_webhooks_insert_many",
    text: INSERT_MANY,
    values: [
      ids,
      rows.map((row) => row.workspaceId),
      rows.map((row) => row.accountId),
      rows.map((row) => row.requestId),
      rows.map((row) => row.eventType),
      rows.map((row) => JSON.stringify(row.payload)),
      rows.map((row) => row.now),
    ],
  });
  const inserted = new Set(result.rows.map((row) => row.id));
  return ids.map((id) => (inserted.has(id) ? id : null));
}

const INSERT_MANY = `WITH u AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::bigint[])
      WITH ORDINALITY AS u(id, workspace_id, account_id, request_id, event_type, payload, now, n)),
  kept AS (
    SELECT u.*, min(u.n) OVER (PARTITION BY u.account_id) AS first_n FROM u
    JOIN webhook_endpoints e ON e.workspace_id = u.workspace_id
    WHERE e.events = '[]'::jsonb OR e.events ? u.event_type),
  head AS (
    SELECT a.account_id, h.seq FROM (SELECT DISTINCT account_id FROM kept WHERE account_id IS NOT NULL) a
    LEFT JOIN LATERAL (
      SELECT d.seq FROM webhook_deliveries d
      WHERE d.account_id = a.account_id AND d.status = 'pending' ORDER BY d.seq LIMIT 1 FOR UPDATE) h ON true),
  inserted AS (
    INSERT INTO webhook_deliveries
      (id, workspace_id, account_id, request_id, event_type, payload, status, attempts, next_attempt_at, created_at, ready)
    SELECT k.id, k.workspace_id, k.account_id, k.request_id, k.event_type, k.payload, 'pending', 0, k.now, k.now,
      k.account_id IS NULL OR (k.n = k.first_n AND h.seq IS NULL)
    FROM kept k LEFT JOIN head h ON h.account_id = k.account_id
    ORDER BY k.n
    RETURNING id)
  SELECT id, CASE WHEN row_number() OVER () = 1 THEN pg_notify('${WEBHOOKS_CHANNEL}', '') END AS notified FROM inserted`;
