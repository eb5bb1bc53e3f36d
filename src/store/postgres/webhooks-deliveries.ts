import { parsed } from "../rows.ts";
import { type AttemptRaw, DELIVERY_COLUMNS, type DeliveryRaw, toAttempt, toDelivery } from "../webhook-rows.ts";
import type { DeliveryFilter, DeliveryPage, DeliveryRow, DeliveryWithAttempts, NewDelivery } from "../webhook-types.ts";
import type { Queryable } from "./db.ts";
import { insertDelivery, WEBHOOKS_CHANNEL } from "./webhooks-outbox.ts";

/** The delivery log, newest first, each delivery with its attempts. */
export async function listDeliveries(db: Queryable, filter: DeliveryFilter): Promise<DeliveryPage> {
  const where = ["d.workspace_id = $1"];
  const values: unknown[] = [filter.workspaceId];
  const add = (sql: string, value: unknown) => {
    values.push(value);
    where.push(sql.replace("?", `$${values.length}`));
  };
  if (filter.requestId !== undefined) add("d.request_id = ?", filter.requestId);
  if (filter.status !== undefined) add("d.status = ?", filter.status);
  if (filter.cursor !== undefined) add("d.seq < ?", filter.cursor);
  values.push(filter.limit + 1);
  const { rows } = await db.query<DeliveryRaw>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE ${where.join(" AND ")}
     ORDER BY d.seq DESC LIMIT $${values.length}`,
    values,
  );
  const page = rows.slice(0, filter.limit).map((raw) => toDelivery(raw, parsed));
  return {
    deliveries: await withAttempts(db, page),
    nextCursor: rows.length > filter.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}

export async function getDelivery(
  db: Queryable,
  workspaceId: string,
  id: string,
): Promise<DeliveryWithAttempts | null> {
  const { rows } = await db.query<DeliveryRaw>(
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = $1 AND d.workspace_id = $2`,
    [id, workspaceId],
  );
  return rows[0] ? ((await withAttempts(db, [toDelivery(rows[0], parsed)]))[0] ?? null) : null;
}

async function withAttempts(db: Queryable, deliveries: DeliveryRow[]): Promise<DeliveryWithAttempts[]> {
  if (deliveries.length === 0) return [];
  const { rows } = await db.query<AttemptRaw>(
    `SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM webhook_attempts
     WHERE delivery_id = ANY($1) ORDER BY delivery_id, attempt`,
    [deliveries.map((d) => d.id)],
  );
  const byDelivery = new Map<string, ReturnType<typeof toAttempt>[]>();
  for (const raw of rows) {
    const list = byDelivery.get(raw.delivery_id) ?? [];
    list.push(toAttempt(raw));
    byDelivery.set(raw.delivery_id, list);
  }
  return deliveries.map((d) => ({ ...d, attemptLog: byDelivery.get(d.id) ?? [] }));
}

/**
 * Due again now, same id (= same `webhook-id`, so the receiver can de-duplicate). A replay is
 * an explicit "send it now": it is `ready` at once, outside its account's order. A lease of
 * an attempt in flight is kept, so a replay never sends the same delivery twice at once.
 */
export async function replayDelivery(
  db: Queryable,
  workspaceId: string,
  id: string,
  now: number,
): Promise<DeliveryRow | null> {
  const { rows } = await db.query<DeliveryRaw>(
    // The NOTIFY wakes the worker nodes' dispatchers (this may run on an API-only node).
    `WITH d AS (
       UPDATE webhook_deliveries d SET status = 'pending', next_attempt_at = $3, ready = true,
         locked_until = CASE WHEN d.locked_until > $3 THEN d.locked_until ELSE NULL END
       WHERE d.id = $1 AND d.workspace_id = $2 RETURNING ${DELIVERY_COLUMNS})
     SELECT d.*, pg_notify('${WEBHOOKS_CHANNEL}', '') FROM d`,
    [id, workspaceId, now],
  );
  return rows[0] ? toDelivery(rows[0], parsed) : null;
}

/** An outbox insert on its own (test events, events raised outside the engine). */
export async function enqueueDelivery(
  db: Queryable,
  row: NewDelivery,
  options: { ignoreFilter?: boolean } = {},
): Promise<string | null> {
  return insertDelivery(db, row, options);
}
