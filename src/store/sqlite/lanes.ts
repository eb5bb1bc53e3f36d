import type { EngineStore } from "../engine-types.ts";
import type { Db } from "./db.ts";
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

/** The engine's operations over one SQLite connection (the store's `db`). */
export function sqliteEngineStore(db: Db, sessionActions: readonly string[] = []): EngineStore {
  return {
    async claimLanes(options) {
      return claimLanes(db, options);
    },
    async finishRequests(items) {
      return finishRequests(db, items);
    },
    async finishAndClaim(items, claim) {
      return finishAndClaim(db, items, claim);
    },
    async renewLeases(workerId, ids, until) {
      return renewLeases(db, workerId, ids, until);
    },
    async reclaimExpired(now) {
      return reclaimExpired(db, now);
    },
    async sweepTimeouts(now, limit, deliveryOf) {
      return sweepTimeouts(db, now, limit, deliveryOf);
    },
    async cancelAccount(accountId, code, message, now, deliveryOf) {
      return cancelAccount(db, accountId, code, message, now, deliveryOf);
    },
    async touchLanes(accountIds, at, options) {
      touchLanes(db, accountIds, at, options?.unpause ?? false);
    },
    async releasePostponed(accountId, now, minGapMs) {
      return releasePostponed(db, accountId, now, minGapMs);
    },
    async repairLanes(now) {
      return repairLanes(db, now, sessionActions);
    },
    async nextDueAt() {
      return nextDueAt(db);
    },
    async nextLeaseExpiry() {
      return nextLeaseExpiry(db);
    },
    async getLane(accountId) {
      return getLane(db, accountId);
    },
    async actionTimes(accountId, bucket, since) {
      return actionTimes(db, accountId, bucket, since);
    },
    async pruneActionLog(before) {
      return pruneActionLog(db, before);
    },
    async createTracker(tracker) {
      return trackers.createTracker(db, tracker);
    },
    async listTrackers(accountId, options) {
      return trackers.listTrackers(db, accountId, options?.activeOnly ?? false);
    },
    async getTracker(id) {
      return trackers.getTracker(db, id);
    },
    async setTrackerActive(id, active, now) {
      return trackers.setTrackerActive(db, id, active, now);
    },
    async claimTrackers(now, limit, leaseMs) {
      return trackers.claimTrackers(db, now, limit, leaseMs);
    },
    async finishTracker(outcome) {
      trackers.finishTracker(db, outcome);
    },
  };
}
