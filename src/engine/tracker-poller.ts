import type { Clock } from "../lib/clock.ts";
import type { EngineStore, TrackerRow } from "../store/engine-types.ts";
import { eventDelivery } from "./outbox.ts";
import { TRACKER_MAX_AGE_MS } from "./tracking.ts";

/**
 * Checks one tracker against LinkedIn (the driver provides it): the event's data when the
 * reply arrived / the invitation was accepted, else null.
 */
export type TrackerCheck = (tracker: TrackerRow) => Promise<Record<string, unknown> | null>;

/**
 * Whether the tracker's account may be read from LinkedIn now: null when it may, else the
 * earliest time to look again (the end of a 429 cooldown, the next working-hours opening,
 * a paused or inactive account's next regular check).
 */
export type TrackerGate = (tracker: TrackerRow, now: number) => Promise<number | null>;

export interface TrackerPoller {
  /** Checks the due trackers; at most one poll runs at a time. */
  poll(force?: boolean): Promise<void>;
  /** Resolves when no poll is running. */
  idle(): Promise<void>;
}

const EVENT = { reply: "message_received", acceptance: "connection_accepted" } as const;

export function createTrackerPoller(deps: {
  store: EngineStore;
  clock: Clock;
  check: TrackerCheck | undefined;
  gate?: TrackerGate;
  onError: (error: unknown) => void;
  /** Least time between two looks for due trackers (default 1 s). */
  everyMs?: number;
  leaseMs?: number;
}): TrackerPoller {
  const everyMs = deps.everyMs ?? 1000;
  const leaseMs = deps.leaseMs ?? 5 * 60_000;
  let last = Number.NEGATIVE_INFINITY;
  let current: Promise<void> | null = null;

  async function once(): Promise<void> {
    const check = deps.check;
    if (!check) return;
    const now = deps.clock.now();
    const due = await deps.store.claimTrackers(now, 50, leaseMs);
    for (const tracker of due) {
      try {
        if (now - tracker.createdAt > TRACKER_MAX_AGE_MS) {
          await deps.store.setTrackerActive(tracker.id, false, now);
          continue;
        }
        const notBefore = deps.gate ? await deps.gate(tracker, now) : null;
        if (notBefore !== null) {
          await deps.store.finishTracker({ trackerId: tracker.id, now, fired: false, nextCheckAt: notBefore });
          continue;
        }
        const data = await check(tracker);
        const at = deps.clock.now();
        if (data) {
          const payload = { tracker_id: tracker.id, requestId: tracker.requestId, ...tracker.target, ...data };
          await deps.store.finishTracker({
            trackerId: tracker.id,
            now: at,
            fired: true,
            delivery: eventDelivery(tracker.workspaceId, tracker.accountId, EVENT[tracker.kind], payload, at),
          });
        } else {
          await deps.store.finishTracker({
            trackerId: tracker.id,
            now: at,
            fired: false,
            nextCheckAt: at + tracker.frequencyMs,
          });
        }
      } catch (error) {
        deps.onError(error);
        const at = deps.clock.now();
        await deps.store
          .finishTracker({ trackerId: tracker.id, now: at, fired: false, nextCheckAt: at + tracker.frequencyMs })
          .catch(deps.onError);
      }
    }
  }

  return {
    async idle() {
      if (current) await current;
    },
    async poll(force = false) {
      if (!deps.check) return;
      if (current) return current;
      const now = deps.clock.now();
      if (!force && now - last < everyMs) return;
      last = now;
      current = once()
        .catch(deps.onError)
        .finally(() => {
          current = null;
        });
      return current;
    },
  };
}
