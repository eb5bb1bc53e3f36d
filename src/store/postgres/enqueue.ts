import { newRequestRow, parsed, REQUEST_COLUMNS, type RequestRaw, toRequest } from "../rows.ts";
import type { EnqueueResult, NewRequest, RequestRow } from "../types.ts";
import { type Pool, type Queryable, withTransaction } from "./db.ts";

/**
 * The API's hot path. A batch without Idempotency-Keys is ONE statement (a multi-row
 * insert over unnest'ed arrays), atomic on its own, so it costs one round trip.
 *
 * With keys, one transaction: claim every key first with INSERT … ON CONFLICT DO NOTHING
 * (the unique constraint decides races between processes: a loser waits for the winner's
 * commit, then sees its row), read the owners of the keys it lost, insert the requests of
 * the keys it won (the key's foreign key to the request is deferred to commit), and answer
 * each request against its key's owner: same fingerprint → replayed, else conflict.
 */
export async function enqueue(pool: Pool, requests: NewRequest[]): Promise<EnqueueResult[]> {
  if (requests.length === 0) return [];
  if (!requests.some((r) => r.idempotency)) {
    await insertRequests(pool, requests);
    return requests.map((request) => ({ kind: "created", request: newRequestRow(request) }));
  }
  return withTransaction(pool, (client) => enqueueWithKeys(client, requests));
}

interface Owner {
  fingerprint: string;
  row: RequestRow;
  /** Index in this batch of the request that claimed the key; -1 when it was claimed earlier. */
  claimedBy: number;
}

async function enqueueWithKeys(client: Queryable, requests: NewRequest[]): Promise<EnqueueResult[]> {
  // The first request per key in the batch is the one that tries to claim it.
  const leaders = new Map<string, number>();
  requests.forEach((request, i) => {
    if (!request.idempotency) return;
    const id = keyId(request.workspaceId, request.idempotency.key);
    if (!leaders.has(id)) leaders.set(id, i);
  });
  // Claimed in a fixed order so two batches sharing keys lock them in the same order.
  const claims = [...leaders.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, i]) => requests[i]!);
  const { rows: won } = await client.query<{ workspace_id: string; key: string }>({
    name: "welink_claim_keys",
    text: `INSERT INTO idempotency_keys (workspace_id, key, fingerprint, request_id, created_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[])
           ON CONFLICT (workspace_id, key) DO NOTHING RETURNING workspace_id, key`,
    values: [
      claims.map((r) => r.workspaceId),
      claims.map((r) => r.idempotency!.key),
      claims.map((r) => r.idempotency!.fingerprint),
      claims.map((r) => r.id),
      claims.map((r) => r.now),
    ],
  });

  const owners = new Map<string, Owner>();
  for (const { workspace_id, key } of won) {
    const id = keyId(workspace_id, key);
    const index = leaders.get(id)!;
    const leader = requests[index]!;
    owners.set(id, { fingerprint: leader.idempotency!.fingerprint, row: newRequestRow(leader), claimedBy: index });
  }
  const lost = claims.filter((r) => !owners.has(keyId(r.workspaceId, r.idempotency!.key)));
  if (lost.length > 0) {
    for (const owner of await readOwners(client, lost)) owners.set(owner.id, owner);
  }

  const toInsert: NewRequest[] = [];
  const results: EnqueueResult[] = requests.map((request, i) => {
    if (!request.idempotency) {
      toInsert.push(request);
      return { kind: "created", request: newRequestRow(request) };
    }
    const owner = owners.get(keyId(request.workspaceId, request.idempotency.key));
    if (owner?.claimedBy === i) {
      toInsert.push(request);
      return { kind: "created", request: owner.row };
    }
    // No owner: the key's request vanished between claim and read (deleted); treat as taken.
    if (!owner || owner.fingerprint !== request.idempotency.fingerprint) return { kind: "conflict" };
    return { kind: "replayed", request: owner.row };
  });
  if (toInsert.length > 0) await insertRequests(client, toInsert);
  return results;
}

async function readOwners(client: Queryable, lost: NewRequest[]): Promise<(Owner & { id: string })[]> {
  const columns = REQUEST_COLUMNS.split(", ")
    .map((c) => `r.${c}`)
    .join(", ");
  const { rows } = await client.query<RequestRaw & { k_key: string; k_fingerprint: string }>({
    name: "welink_read_key_owners",
    text: `SELECT k.key AS k_key, k.fingerprint AS k_fingerprint, ${columns}
           FROM idempotency_keys k JOIN requests r ON r.id = k.request_id
           WHERE (k.workspace_id, k.key) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    values: [lost.map((r) => r.workspaceId), lost.map((r) => r.idempotency!.key)],
  });
  return rows.map((raw) => ({
    id: keyId(raw.workspace_id, raw.k_key),
    fingerprint: raw.k_fingerprint,
    row: toRequest(raw, parsed),
    claimedBy: -1,
  }));
}

async function insertRequests(db: Queryable, requests: NewRequest[]): Promise<void> {
  await db.query({
    name: "welink_insert_requests",
    text: `INSERT INTO requests (id, workspace_id, account_id, action, input, status, run_at, expires_at, created_at)
           SELECT id, workspace_id, account_id, action, input::jsonb, 'QUEUED', run_at, expires_at, created_at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[])
             AS t(id, workspace_id, account_id, action, input, run_at, expires_at, created_at)`,
    values: [
      requests.map((r) => r.id),
      requests.map((r) => r.workspaceId),
      requests.map((r) => r.accountId),
      requests.map((r) => r.action),
      requests.map((r) => JSON.stringify(r.input)),
      requests.map((r) => r.runAt),
      requests.map((r) => r.expiresAt),
      requests.map((r) => r.now),
    ],
  });
}

function keyId(workspaceId: string, key: string): string {
  return `${workspaceId}\u0000${key}`;
}
