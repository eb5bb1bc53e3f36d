import { loadMigrations } from "../migrate.ts";
import type { Pool } from "./db.ts";

const FOLDER = new URL("./migrations/", import.meta.url);
/** Session advisory lock id of the migration runner (any constant nobody else uses). */
const MIGRATION_LOCK = 7_301_000_001;

/**
 * Applies the pending `NNN_*.sql` files of `./migrations/` in order, each in its own
 * transaction with its record in `welink_migrations`. Several processes starting together
 * queue on a session advisory lock, so exactly one applies each file and the others find
 * it recorded. Returns the versions this call applied.
 */
export async function migratePostgres(pool: Pool, now: number, folder: URL = FOLDER): Promise<number[]> {
  const migrations = loadMigrations(folder);
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS welink_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)",
      );
      const { rows } = await client.query<{ version: number }>("SELECT version FROM welink_migrations");
      const applied = new Set(rows.map((r) => r.version));
      const done: number[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.version)) continue;
        await client.query("BEGIN");
        try {
          await client.query(migration.sql);
          await client.query("INSERT INTO welink_migrations (version, name, applied_at) VALUES ($1, $2, $3)", [
            migration.version,
            migration.name,
            now,
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK").catch(() => {});
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, { cause: error });
        }
        done.push(migration.version);
      }
      return done;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}
