import type { EngineStore } from "../store/engine-types.ts";
import { sqliteEngineStore } from "../store/sqlite/lanes.ts";
import type { Store } from "../store/types.ts";
import type { Pacing } from "./pacing.ts";
import { settingsOf } from "./settings.ts";

/**
 * The engine's operations for a store, by dialect, over the handle the adapter exposes
 * (`SqliteStore.db`, `PostgresStore.pool`). An adapter that carries the methods itself
 * (a test double, a future adapter) is used as it is.
 */
export async function engineStoreOf(store: Store, sessionActions: readonly string[]): Promise<EngineStore> {
  const own = store as Store & Partial<EngineStore>;
  if (typeof own.claimLanes === "function") return own as Store & EngineStore;
  if (store.dialect === "sqlite") {
    const { db } = store as Store & { db: Parameters<typeof sqliteEngineStore>[0] };
    return sqliteEngineStore(db, sessionActions);
  }
  const { postgresEngineStore } = await import("../store/postgres/lanes.ts");
  const { pool } = store as Store & { pool: Parameters<typeof postgresEngineStore>[0] };
  return postgresEngineStore(pool, sessionActions);
}

/**
 * After a settings change: the account's postponed requests and its lane are looked at
 * again with the new limits (the pacing gap since the last action still holds).
 */
export async function releaseFor(
  es: EngineStore,
  store: Store,
  accountId: string,
  now: number,
  defaultPacing: Pacing,
): Promise<number> {
  const account = await store.getAccount(accountId);
  const minGapMs = settingsOf(account, defaultPacing).pacing.min_gap_s * 1000;
  return es.releasePostponed(accountId, now, minGapMs);
}
