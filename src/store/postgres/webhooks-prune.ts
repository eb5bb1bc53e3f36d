import type { Queryable } from "./db.ts";

/** Retention of the delivery log: finished deliveries older than `before`, oldest first, in one statement. */
export async function pruneDeliveries(db: Queryable, before: number, limit: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH gone AS (
       DELETE FROM webhook_deliveries WHERE seq IN (
         SELECT seq FROM webhook_deliveries WHERE status <> 'pending' AND created_at < $1 ORDER BY seq LIMIT $2)
       RETURNING id),
     logged AS (DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM gone))
     SELECT count(*)::int AS n FROM gone`,
    [before, limit],
  );
  return rows[0]?.n ?? 0;
}
