import {
  type NewTracker,
  TRACKER_COLUMNS,
  type TrackerOutcome,
  type TrackerRaw,
  type TrackerRow,
  toTracker,
} from "../engine-types.ts";
import { parsed } from "../rows.ts";
import { type Pool, withTransaction } from "./db.ts";
import { insertDelivery } from "./webhooks-outbox.ts";

/** Reply and acceptance trackers: watches on LinkedIn state after a send. */
export async function insertTracker(client: Pick<Pool, "query">, t: NewTracker): Promise<void> {
  await client.query(
    `INSERT INTO trackers (id, workspace_id, account_id, request_id, kind, target, frequency_ms, next_check_at, active, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8, 1, $9, $9)`,
    [
      t.id,
      t.workspaceId,
      t.accountId,
      t.requestId,
      t.kind,
      JSON.stringify(t.target),
      t.frequencyMs,
      t.now + t.frequencyMs,
      t.now,
    ],
  );
}

export async function createTracker(pool: Pool, t: NewTracker): Promise<TrackerRow> {
  await insertTracker(pool, t);
  return (await getTracker(pool, t.id))!;
}

export async function getTracker(pool: Pool, id: string): Promise<TrackerRow | null> {
  const res = await pool.query(`SELECT ${TRACKER_COLUMNS} FROM trackers WHERE id = $1`, [id]);
  const raw = res.rows[0] as TrackerRaw | undefined;
  return raw ? toTracker(raw, parsed) : null;
}

export async function listTrackers(pool: Pool, accountId: string, activeOnly: boolean): Promise<TrackerRow[]> {
  const res = await pool.query(
    `SELECT ${TRACKER_COLUMNS} FROM trackers WHERE account_id = $1 AND (NOT $2 OR active = 1) ORDER BY created_at, id`,
    [accountId, activeOnly],
  );
  return (res.rows as TrackerRaw[]).map((r) => toTracker(r, parsed));
}

export async function setTrackerActive(
  pool: Pool,
  id: string,
  active: boolean,
  now: number,
): Promise<TrackerRow | null> {
  await pool.query(
    `UPDATE trackers SET active = $1, updated_at = $2,
       next_check_at = CASE WHEN $1 = 1 THEN $2 + frequency_ms ELSE next_check_at END
     WHERE id = $3`,
    [active ? 1 : 0, now, id],
  );
  return getTracker(pool, id);
}

export async function claimTrackers(pool: Pool, now: number, limit: number, leaseMs: number): Promise<TrackerRow[]> {
  const res = await pool.query(
    `UPDATE trackers SET lease_until = $1 + $3::bigint WHERE id IN (
       SELECT id FROM trackers WHERE active = 1 AND next_check_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
       ORDER BY next_check_at LIMIT $2 FOR UPDATE SKIP LOCKED)
     RETURNING ${TRACKER_COLUMNS}`,
    [now, limit, leaseMs],
  );
  return (res.rows as TrackerRaw[]).map((r) => toTracker(r, parsed));
}

export async function finishTracker(pool: Pool, o: TrackerOutcome): Promise<void> {
  await withTransaction(pool, async (client) => {
    if (o.fired) {
      const res = await client.query(
        "UPDATE trackers SET active = 0, fired_at = $1, lease_until = NULL, checks = checks + 1, updated_at = $1 WHERE id = $2 AND active = 1",
        [o.now, o.trackerId],
      );
      if ((res.rowCount ?? 0) > 0 && o.delivery) await insertDelivery(client, o.delivery);
    } else {
      await client.query(
        "UPDATE trackers SET next_check_at = $1, lease_until = NULL, checks = checks + 1, updated_at = $2 WHERE id = $3",
        [o.nextCheckAt, o.now, o.trackerId],
      );
    }
  });
}
