import type { EngineStore } from "../engine-types.ts";
import type { Pool } from "./db.ts";
import { claimLanes } from "./lanes-claim.ts";
import { finishAndClaim, finishRequests } from "./lanes-finish.ts";
import { reclaimExpired, renewLeases } from "./lanes-leases.ts";
import { cancelAccount, sweepTimeouts } from "./lanes-sweep.ts";
import * as trackers from "./lanes-trackers.ts";
import {
  actionTimes,
  getLane,
  nextDueAt,
  nextLeaseExpiry,
  pruneActionLog,
  releasePostponed,
  repairLanes,
  touchLanes,
} from "./lanes-wake.ts";

/** The engine's operations over a pg Pool (the store's `pool`). */
export function postgresEngineStore(pool: Pool, sessionActions: readonly string[] = []): EngineStore {
  return {
    async claimLanes(options) {
      return claimLanes(pool, options);
    },
    async finishRequests(items) {
      return finishRequests(pool, items);
    },
    async finishAndClaim(items, claim) {
      return finishAndClaim(pool, items, claim);
    },
    async renewLeases(workerId, ids, until) {
      return renewLeases(pool, workerId, ids, until);
    },
    async reclaimExpired(now) {
      return reclaimExpired(pool, now);
    },
    async sweepTimeouts(now, limit, deliveryOf) {
      return sweepTimeouts(pool, now, limit, deliveryOf);
    },
    async cancelAccount(accountId, code, message, now, deliveryOf) {
      return cancelAccount(pool, accountId, code, message, now, deliveryOf);
    },
    async touchLanes(accountIds, at, options) {
      await touchLanes(pool, accountIds, at, options?.unpause ?? false);
    },
    async releasePostponed(accountId, now, minGapMs) {
      return releasePostponed(pool, accountId, now, minGapMs);
    },
    async repairLanes(now) {
      return repairLanes(pool, now, sessionActions);
    },
    async nextDueAt() {
      return nextDueAt(pool);
    },
    async nextLeaseExpiry() {
      return nextLeaseExpiry(pool);
    },
    async getLane(accountId) {
      return getLane(pool, accountId);
    },
    async actionTimes(accountId, bucket, since) {
      return actionTimes(pool, accountId, bucket, since);
    },
    async pruneActionLog(before) {
      return pruneActionLog(pool, before);
    },
    async createTracker(tracker) {
      return trackers.createTracker(pool, tracker);
    },
    async listTrackers(accountId, options) {
      return trackers.listTrackers(pool, accountId, options?.activeOnly ?? false);
    },
    async getTracker(id) {
      return trackers.getTracker(pool, id);
    },
    async setTrackerActive(id, active, now) {
      return trackers.setTrackerActive(pool, id, active, now);
    },
    async claimTrackers(now, limit, leaseMs) {
      return trackers.claimTrackers(pool, now, limit, leaseMs);
    },
    async finishTracker(outcome) {
      await trackers.finishTracker(pool, outcome);
    },
  };
}
