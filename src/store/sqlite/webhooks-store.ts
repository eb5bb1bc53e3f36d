import type { SecretBox } from "../secret-box.ts";
import type { WebhookStore } from "../webhook-types.ts";
import type { Db } from "./db.ts";
import { recordAttempts } from "./webhooks-attempts.ts";
import { claimDue, nextDueAt, renewLeases } from "./webhooks-claim.ts";
import { enqueueDelivery, getDelivery, listDeliveries, replayDelivery } from "./webhooks-deliveries.ts";
import { getEndpoint, setEndpoint } from "./webhooks-endpoints.ts";
import { pruneDeliveries, recoverLeases } from "./webhooks-prune.ts";

/** The webhook operations over an open SQLite handle and the store's secret box. */
export function sqliteWebhooks(db: Db, box: SecretBox): WebhookStore {
  return {
    getEndpoint: async (workspaceId) => getEndpoint(db, box, workspaceId),
    setEndpoint: async (endpoint) => setEndpoint(db, box, endpoint),
    enqueue: async (row, options) => enqueueDelivery(db, row, options),
    claimDue: async (now, limit, leaseMs) => claimDue(db, box, now, limit, leaseMs),
    recordAttempts: async (outcomes) => recordAttempts(db, outcomes),
    nextDueAt: async () => nextDueAt(db),
    renewLeases: async (ids, until) => renewLeases(db, ids, until),
    list: async (filter) => listDeliveries(db, filter),
    get: async (workspaceId, id) => getDelivery(db, workspaceId, id),
    prune: async (before, limit) => pruneDeliveries(db, before, limit),
    recover: async () => recoverLeases(db),
    replay: async (workspaceId, id, now) => replayDelivery(db, workspaceId, id, now),
  };
}
