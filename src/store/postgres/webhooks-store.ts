import type { SecretBox } from "../secret-box.ts";
import type { WebhookStore } from "../webhook-types.ts";
import type { Pool } from "./db.ts";
import { recordAttempts } from "./webhooks-attempts.ts";
import { claimDue, nextDueAt, renewLeases } from "./webhooks-claim.ts";
import { enqueueDelivery, getDelivery, listDeliveries, replayDelivery } from "./webhooks-deliveries.ts";
import { getEndpoint, setEndpoint } from "./webhooks-endpoints.ts";
import { pruneDeliveries } from "./webhooks-prune.ts";

/** The webhook operations over the PostgreSQL pool and the store's secret box. */
export function postgresWebhooks(pool: Pool, box: SecretBox): WebhookStore {
  return {
    getEndpoint: (workspaceId) => getEndpoint(pool, box, workspaceId),
    setEndpoint: (endpoint) => setEndpoint(pool, box, endpoint),
    enqueue: (row, options) => enqueueDelivery(pool, row, options),
    claimDue: (now, limit, leaseMs) => claimDue(pool, box, now, limit, leaseMs),
    recordAttempts: (outcomes) => recordAttempts(pool, outcomes),
    renewLeases: (ids, until) => renewLeases(pool, ids, until),
    nextDueAt: () => nextDueAt(pool),
    list: (filter) => listDeliveries(pool, filter),
    get: (workspaceId, id) => getDelivery(pool, workspaceId, id),
    prune: (before, limit) => pruneDeliveries(pool, before, limit),
    // Other workers' leases are theirs until they expire.
    recover: async () => 0,
    replay: (workspaceId, id, now) => replayDelivery(pool, workspaceId, id, now),
  };
}
