import type { EngineStore } from "../store/engine-types.ts";
import type { Store } from "../store/types.ts";
import { SESSION_ACTIONS } from "./actions.ts";
import { requestDelivery } from "./outbox.ts";
import { type Pacing, SANDBOX_PACING } from "./pacing.ts";
import { engineStoreOf, releaseFor } from "./store.ts";
import { REQUESTS_CHANNEL } from "./wake.ts";

/**
 * What catalogue handlers reach of the engine through `ctx.deps.engine`: its store
 * operations (limits, trackers) and the default pacing. An API-only process (no worker
 * running) builds one with `engineHandleOf`; a running `Engine` is one too.
 */
export interface EngineHandle {
  readonly store: EngineStore;
  readonly defaultPacing: Pacing;
  /** Limits changed: requests postponed by a quota and the lane are looked at again (all processes); a pause stays. */
  touchAccount?(accountId: string): Promise<void>;
  /**
   * Disconnect: fails the account's QUEUED requests with ACCOUNT_DISCONNECTED, each with its
   * webhook row, and pauses its lane (what `store.failPending` does, plus the webhooks).
   */
  cancelAccount?(accountId: string): Promise<number>;
}

export async function engineHandleOf(store: Store, defaultPacing: Pacing = SANDBOX_PACING): Promise<EngineHandle> {
  const es = await engineStoreOf(store, SESSION_ACTIONS);
  return {
    store: es,
    defaultPacing,
    touchAccount: async (accountId) => {
      await releaseFor(es, store, accountId, Date.now(), defaultPacing);
      if (store.dialect === "postgres") {
        await (store as Store & { pool: import("pg").Pool }).pool.query(`NOTIFY ${REQUESTS_CHANNEL}`);
      }
    },
    cancelAccount: (accountId) =>
      es.cancelAccount(
        accountId,
        "ACCOUNT_DISCONNECTED",
        "The account was disconnected before the request ran",
        Date.now(),
        (r) => requestDelivery(r, Date.now()),
      ),
  };
}
