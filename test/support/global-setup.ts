import pg from "pg";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** PostgreSQL URL for the PostgreSQL half of the suite, or "" when it is skipped. */
    pgUrl: string;
  }
}

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test";

/** Decides once per run whether the PostgreSQL half runs, and says so in one line when it does not. */
export default async function setup(project: TestProject): Promise<void> {
  const url = process.env.WELINK_TEST_PG_URL ?? DEFAULT_URL;
  const required = process.env.WELINK_TEST_REQUIRE_PG === "1" || process.env.CI === "true";
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("select 1");
    project.provide("pgUrl", url);
  } catch (error) {
    if (required) throw new Error(`PostgreSQL is required but not reachable at ${url}: ${String(error)}`);
    console.log(`PostgreSQL not reachable at ${url}: skipping the PostgreSQL half of the suite.`);
    project.provide("pgUrl", "");
  } finally {
    await client.end().catch(() => {});
  }
}
