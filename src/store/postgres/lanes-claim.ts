import { ACCOUNT_ALIASED, type Claimed, type ClaimOptions, toLane, unaliasAccount } from "../engine-types.ts";
import { type AccountRaw, parsed, type RequestRaw, toAccount, toRequest } from "../rows.ts";
import type { Queryable } from "./db.ts";

/**
 * Claims due lanes in ONE statement. `FOR UPDATE SKIP LOCKED` on the lane rows is what
 * keeps two workers (any number of processes) off the same account: a lane locked by one
 * claimer is invisible to the others, and it leaves the claim busy (`busy_request_id`), so
 * later claims skip it by its WHERE clause until the finish or the lease's reclaim.
 * For each picked lane the lateral join finds its oldest QUEUED request; if it is due the
 * lane turns busy and the request PROCESSING, otherwise the lane's `due_at` moves to when
 * it will be, or to NULL (idle) when it has no work.
 */
const CLAIM = `
WITH picked AS (
  SELECT account_id, next_at, paused FROM lanes
  WHERE due_at <= $1 AND busy_request_id IS NULL
  ORDER BY due_at LIMIT $2
  FOR UPDATE SKIP LOCKED
), heads AS (
  SELECT p.account_id, h.id AS request_id,
         CASE WHEN h.id IS NOT NULL THEN greatest(h.run_at, p.next_at)
              WHEN m.next_run IS NOT NULL THEN greatest(m.next_run, p.next_at) END AS eligible
  FROM picked p
  -- The first due request in arrival order: a retried or postponed request keeps its place.
  LEFT JOIN LATERAL (
    SELECT r.id, r.run_at FROM requests r
    WHERE r.account_id = p.account_id AND r.status = 'QUEUED' AND r.run_at <= $1
      AND (p.paused IS NULL OR r.action = ANY($5::text[]))
    ORDER BY r.seq LIMIT 1
  ) h ON true
  -- None due: when the next one will be.
  LEFT JOIN LATERAL (
    SELECT min(r.run_at) AS next_run FROM requests r
    WHERE h.id IS NULL AND r.account_id = p.account_id AND r.status = 'QUEUED'
      AND (p.paused IS NULL OR r.action = ANY($5::text[]))
  ) m ON true
), updated AS (
  UPDATE lanes l SET
    busy_request_id = CASE WHEN h.request_id IS NOT NULL AND h.eligible <= $1 THEN h.request_id END,
    lease_owner = CASE WHEN h.request_id IS NOT NULL AND h.eligible <= $1 THEN $3 END,
    lease_until = CASE WHEN h.request_id IS NOT NULL AND h.eligible <= $1 THEN $4::bigint END,
    due_at = CASE WHEN h.request_id IS NOT NULL AND h.eligible <= $1 THEN NULL ELSE h.eligible END
  FROM heads h WHERE l.account_id = h.account_id
  RETURNING l.account_id, l.next_at, l.paused, l.cooldown_until, l.streak_429, l.bucket_pauses, l.last_finished_at,
            l.busy_request_id, h.eligible
), claimed AS (
  UPDATE requests r SET status = 'PROCESSING', started_at = $1, attempts = r.attempts + 1, lease_owner = $3, lease_until = $4
  FROM updated u WHERE r.id = u.busy_request_id AND r.status = 'QUEUED'
  RETURNING r.id, r.workspace_id, r.account_id, r.action, r.input, r.status, r.result, r.message, r.attempts, r.run_at,
            r.expires_at, r.created_at, r.started_at, r.finished_at, r.outcome_unknown,
            u.next_at AS l_next_at, u.paused AS l_paused, u.cooldown_until AS l_cooldown_until,
            u.streak_429 AS l_streak_429, u.bucket_pauses AS l_bucket_pauses,
            u.last_finished_at AS l_last_finished_at, u.eligible AS l_eligible
)
SELECT c.*, ${ACCOUNT_ALIASED} FROM claimed c JOIN accounts a ON a.id = c.account_id`;

export async function claimLanes(db: Queryable, options: ClaimOptions): Promise<Claimed[]> {
  const { now, workerId, limit, leaseMs } = options;
  const leaseUntil = now + leaseMs;
  const result = await db.query({
    name: "welink_lanes_claim",
    text: CLAIM,
    values: [now, limit, workerId, leaseUntil, options.sessionActions],
  });
  return (result.rows as (RequestRaw & Record<string, unknown>)[]).map((row) => {
    const request = toRequest(row, parsed);
    const lane = toLane(
      {
        account_id: row.account_id as string,
        due_at: null,
        next_at: row.l_next_at as number,
        busy_request_id: row.id,
        lease_owner: workerId,
        lease_until: leaseUntil,
        paused: row.l_paused as string | null,
        cooldown_until: row.l_cooldown_until as number | null,
        streak_429: row.l_streak_429 as number,
        bucket_pauses: row.l_bucket_pauses,
        last_finished_at: row.l_last_finished_at as number | null,
      },
      parsed,
    );
    const account = toAccount(unaliasAccount(row) as unknown as AccountRaw, parsed);
    return {
      request,
      outcomeUnknown: row.outcome_unknown === 1,
      lane,
      account,
      eligibleAt: row.l_eligible as number,
      leaseUntil,
    };
  });
}
