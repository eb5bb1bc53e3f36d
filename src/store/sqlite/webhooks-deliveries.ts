import { parseText } from "../rows.ts";
import {
  type AttemptRaw,
  DELIVERY_COLUMNS,
  DELIVERY_COLUMNS_BARE,
  type DeliveryRaw,
  toAttempt,
  toDelivery,
} from "../webhook-rows.ts";
import type { DeliveryFilter, DeliveryPage, DeliveryRow, DeliveryWithAttempts, NewDelivery } from "../webhook-types.ts";
import { type Db, prepared, transaction } from "./db.ts";
import { insertDelivery } from "./webhooks-outbox.ts";

/** The delivery log, newest first, each delivery with its attempts. */
export function listDeliveries(db: Db, filter: DeliveryFilter): DeliveryPage {
  const where = ["d.workspace_id = ?"];
  const values: unknown[] = [filter.workspaceId];
  if (filter.requestId !== undefined) {
    where.push("d.request_id = ?");
    values.push(filter.requestId);
  }
  if (filter.status !== undefined) {
    where.push("d.status = ?");
    values.push(filter.status);
  }
  if (filter.cursor !== undefined) {
    where.push("d.seq < ?");
    values.push(filter.cursor);
  }
  const raws = db
    .prepare(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE ${where.join(" AND ")} ORDER BY d.seq DESC LIMIT ?`,
    )
    .all(...values, filter.limit + 1) as DeliveryRaw[];
  const page = raws.slice(0, filter.limit).map((raw) => toDelivery(raw, parseText));
  return {
    deliveries: withAttempts(db, page),
    nextCursor: raws.length > filter.limit ? (page.at(-1)?.seq ?? null) : null,
  };
}

export function getDelivery(db: Db, workspaceId: string, id: string): DeliveryWithAttempts | null {
  const raw = prepared(
    db,
    `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d WHERE d.id = ? AND d.workspace_id = ?`,
  ).get(id, workspaceId) as DeliveryRaw | undefined;
  return raw ? (withAttempts(db, [toDelivery(raw, parseText)])[0] ?? null) : null;
}

function withAttempts(db: Db, deliveries: DeliveryRow[]): DeliveryWithAttempts[] {
  if (deliveries.length === 0) return [];
  const raws = db
    .prepare(
      `SELECT delivery_id, attempt, at, status_code, error, duration_ms FROM webhook_attempts
       WHERE delivery_id IN (${deliveries.map(() => "?").join(", ")}) ORDER BY delivery_id, attempt`,
    )
    .all(...deliveries.map((d) => d.id)) as AttemptRaw[];
  const byDelivery = new Map<string, ReturnType<typeof toAttempt>[]>();
  for (const raw of raws) {
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
export function replayDelivery(db: Db, workspaceId: string, id: string, now: number): DeliveryRow | null {
  const raw = prepared(
    db,
    `UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = @now, ready = 1,
       locked_until = CASE WHEN locked_until > @now THEN locked_until ELSE NULL END
     WHERE id = @id AND workspace_id = @workspace RETURNING ${DELIVERY_COLUMNS_BARE}`,
  ).get({ id, workspace: workspaceId, now }) as DeliveryRaw | undefined;
  return raw ? toDelivery(raw, parseText) : null;
}

/** An outbox insert in its own transaction (test events, events raised outside the engine). */
export function enqueueDelivery(db: Db, row: NewDelivery, options: { ignoreFilter?: boolean } = {}): string | null {
  return transaction(db, "webhooks.enqueue", (_tx, r: NewDelivery, o: { ignoreFilter?: boolean }) =>
    insertDelivery(db, r, o),
  )(row, options);
}
