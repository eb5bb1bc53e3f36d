import {
  type NewTracker,
  TRACKER_COLUMNS,
  type TrackerOutcome,
  type TrackerRaw,
  type TrackerRow,
  toTracker,
} from "../engine-types.ts";
import { parseText } from "../rows.ts";
import { type Db, prepared, transaction } from "./db.ts";
import { insertDelivery } from "./webhooks-outbox.ts";

/** Reply and acceptance trackers: watches on LinkedIn state after a send. */
export function createTracker(db: Db, t: NewTracker): TrackerRow {
  insertTracker(db, t);
  return getTracker(db, t.id)!;
}

export function insertTracker(db: Db, t: NewTracker): void {
  prepared(
    db,
    `INSERT INTO trackers (id, workspace_id, account_id, request_id, kind, target, frequency_ms, next_check_at, active, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
  ).run(
    t.id,
    t.workspaceId,
    t.accountId,
    t.requestId,
    t.kind,
    JSON.stringify(t.target),
    t.frequencyMs,
    t.now + t.frequencyMs,
    t.now,
    t.now,
  );
}

export function getTracker(db: Db, id: string): TrackerRow | null {
  const raw = prepared(db, `SELECT ${TRACKER_COLUMNS} FROM trackers WHERE id = ?`).get(id) as TrackerRaw | undefined;
  return raw ? toTracker(raw, parseText) : null;
}

export function listTrackers(db: Db, accountId: string, activeOnly: boolean): TrackerRow[] {
  const rows = prepared(
    db,
    `SELECT ${TRACKER_COLUMNS} FROM trackers WHERE account_id = ? AND (? = 0 OR active = 1) ORDER BY created_at, id`,
  ).all(accountId, activeOnly ? 1 : 0) as TrackerRaw[];
  return rows.map((r) => toTracker(r, parseText));
}

/** Re-activating a tracker schedules its next check one period from now. */
export function setTrackerActive(db: Db, id: string, active: boolean, now: number): TrackerRow | null {
  prepared(
    db,
    `UPDATE trackers SET active = ?, updated_at = ?,
       next_check_at = CASE WHEN ? THEN ? + frequency_ms ELSE next_check_at END
     WHERE id = ?`,
  ).run(active ? 1 : 0, now, active ? 1 : 0, now, id);
  return getTracker(db, id);
}

export function claimTrackers(db: Db, now: number, limit: number, leaseMs: number): TrackerRow[] {
  return transaction(db, "trackers.claim", (tx: Db, at: number, max: number, lease: number) => {
    const rows = prepared(
      tx,
      `SELECT ${TRACKER_COLUMNS} FROM trackers WHERE active = 1 AND next_check_at <= ?
       AND (lease_until IS NULL OR lease_until < ?) ORDER BY next_check_at LIMIT ?`,
    ).all(at, at, max) as TrackerRaw[];
    const take = prepared(tx, "UPDATE trackers SET lease_until = ? WHERE id = ?");
    for (const r of rows) take.run(at + lease, r.id);
    return rows.map((r) => toTracker(r, parseText));
  })(now, limit, leaseMs);
}

export function finishTracker(db: Db, outcome: TrackerOutcome): void {
  transaction(db, "trackers.finish", (tx: Db, o: TrackerOutcome) => {
    if (o.fired) {
      const changes = prepared(
        tx,
        "UPDATE trackers SET active = 0, fired_at = ?, lease_until = NULL, checks = checks + 1, updated_at = ? WHERE id = ? AND active = 1",
      ).run(o.now, o.now, o.trackerId).changes;
      if (changes > 0 && o.delivery) insertDelivery(tx, o.delivery);
    } else {
      prepared(
        tx,
        "UPDATE trackers SET next_check_at = ?, lease_until = NULL, checks = checks + 1, updated_at = ? WHERE id = ?",
      ).run(o.nextCheckAt, o.now, o.trackerId);
    }
  })(outcome);
}
