import type { EngineStore } from "../store/engine-types.ts";
import type { Store } from "../store/types.ts";
import type { Pacing } from "./pacing.ts";
import { settingsOf } from "./settings.ts";
import type { TrackerGate } from "./tracker-poller.ts";
import { nextOpening } from "./working-hours.ts";

/**
 * A tracker's check reads LinkedIn as the account, so it keeps the account's safety rules
 * as its actions do: not while the account cools down after a 429 (until the cooldown
 * ends), not outside its working hours (until they open), and not while the account is
 * paused or not ACTIVE (restricted, session expired, disconnected: the next regular check).
 */
export function trackerGate(es: EngineStore, store: Store, defaultPacing: Pacing): TrackerGate {
  return async (tracker, now) => {
    const later = now + tracker.frequencyMs;
    const [lane, account] = await Promise.all([es.getLane(tracker.accountId), store.getAccount(tracker.accountId)]);
    if (account?.status !== "ACTIVE") return later;
    if (lane?.paused) return later;
    if (lane?.cooldownUntil && lane.cooldownUntil > now) return lane.cooldownUntil;
    const opens = nextOpening(now, settingsOf(account, defaultPacing).workingHours);
    return opens > now ? opens : null;
  };
}
