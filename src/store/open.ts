import { type Clock, systemClock } from "../lib/clock.ts";
import { openSqlite } from "./sqlite/db.ts";
import { SqliteStore } from "./sqlite/store.ts";
import type { Store } from "./types.ts";

export interface OpenStoreOptions {
  /** A `postgres://` or `postgresql://` URL selects PostgreSQL; anything else, SQLite. */
  databaseUrl?: string;
  /** Where the SQLite file lives (`<dataDir>/welink.db`). */
  dataDir: string;
  /** 32 bytes from `loadMasterKey`. */
  masterKey: Buffer;
  clock?: Clock;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the configured store. It does not migrate: callers call `migrate()`. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  if (isPostgresUrl(options.databaseUrl)) {
    throw new Error("PostgreSQL store is not available yet");
  }
  return new SqliteStore(openSqlite(options.dataDir), options.masterKey, clock);
}
