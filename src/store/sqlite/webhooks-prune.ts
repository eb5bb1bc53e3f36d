import { type Db, prepared, transaction } from "./db.ts";

/** Retention of the delivery log: finished deliveries older than `before`, oldest first, in one transaction. */
export function pruneDeliveries(db: Db, before: number, limit: number): number {
  return transaction(db, "webhooks.prune", (tx, at: number, max: number) => {
    const ids = prepared(
      tx,
      `SELECT id FROM webhook_deliveries WHERE status <> 'pending' AND created_at < ? ORDER BY seq LIMIT ?`,
    ).all(at, max) as { id: string }[];
    const attempts = prepared(tx, "DELETE FROM webhook_attempts WHERE delivery_id = ?");
    const delivery = prepared(tx, "DELETE FROM webhook_deliveries WHERE id = ?");
    for (const { id } of ids) {
      attempts.run(id);
      delivery.run(id);
    }
    return ids.length;
  })(before, limit);
}

/** One process owns a SQLite store: leases found at start belong to a run that died. */
export function recoverLeases(db: Db): number {
  return prepared(
    db,
    "UPDATE webhook_deliveries SET locked_until = NULL WHERE status = 'pending' AND locked_until IS NOT NULL",
  ).run().changes;
}
