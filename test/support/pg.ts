import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

/** The PostgreSQL URL of this run, or "" when the PostgreSQL half is skipped. */
export function pgUrl(): string {
  return inject("pgUrl");
}

/**
 * A fresh schema for one test file, so files run in parallel without seeing each other's
 * rows. Returns a connection URL whose search_path is that schema, and a drop function.
 */
export async function freshSchema(prefix = "t"): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  const base = pgUrl();
  if (!base) throw new Error("PostgreSQL half is skipped; guard with describe.runIf(pgUrl())");
  const schema = `${prefix}_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}
