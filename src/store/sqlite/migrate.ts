import { loadMigrations } from "../migrate.ts";
import type { Db } from "./db.ts";

const FOLDER = new URL("./migrations/", import.meta.url);

/**
 * Applies the pending `NNN_*.sql` files of `./migrations/` in order. The whole run is one
 * IMMEDIATE transaction: it takes the write lock before reading what is applied, so two
 * processes starting on the same file cannot both apply 001. Returns the versions applied.
 */
export function migrateSqlite(db: Db, now: number, folder: URL = FOLDER): number[] {
  const migrations = loadMigrations(folder);
  const run = db.transaction(() => {
    db.exec(
      "CREATE TABLE IF NOT EXISTS welink_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
    );
    const applied = new Set(
      (db.prepare("SELECT version FROM welink_migrations").all() as { version: number }[]).map((r) => r.version),
    );
    const record = db.prepare("INSERT INTO welink_migrations (version, name, applied_at) VALUES (?, ?, ?)");
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      try {
        db.exec(migration.sql);
      } catch (error) {
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
      }
      record.run(migration.version, migration.name, now);
      done.push(migration.version);
    }
    return done;
  });
  return run.immediate();
}
