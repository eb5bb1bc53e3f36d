import { type Clock, systemClock } from "../lib/clock.ts";
import { createPool } from "./postgres/db.ts";
import { PostgresStore } from "./postgres/store.ts";
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
  /** PostgreSQL only: connections in the pool (default 10). */
  poolSize?: number;
}

export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the configured store. It does not migrate: callers call `migrate()`. */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const clock = options.clock ?? systemClock;
  if (isPostgresUrl(options.databaseUrl)) {
    return new PostgresStore(createPool(options.databaseUrl, { max: options.poolSize }), options.masterKey, clock);
  }
  const store = new SqliteStore(openSqlite(options.dataDir), options.masterKey, clock);
  store.checkpointInBackground();
  return store;
}
