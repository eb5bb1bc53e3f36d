import type { EngineStore } from "../store/engine-types.ts";
import { sqliteEngineStore } from "../store/sqlite/lanes.ts";
import type { Store } from "../store/types.ts";

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
