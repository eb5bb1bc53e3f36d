import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createKey, type NewKeyOptions } from "../../src/api/key-admin.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import type { AccountStatus, Store } from "../../src/store/types.ts";
import { freshSchema } from "../support/pg.ts";

export interface TestStore {
  store: Store;
  clock: ManualClock;
  close(): Promise<void>;
}

/** A migrated store on a temp SQLite file, or on a fresh PostgreSQL schema. */
export async function openTestStore(dialect: "sqlite" | "postgres"): Promise<TestStore> {
  const clock = new ManualClock();
  const masterKey = randomBytes(32);
  if (dialect === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "welink-api-"));
    const store = await openStore({ dataDir: dir, masterKey, clock });
    await store.migrate();
    return {
      store,
      clock,
      async close() {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const schema = await freshSchema("api");
  const store = await openStore({ databaseUrl: schema.url, dataDir: tmpdir(), masterKey, clock });
  await store.migrate();
  return {
    store,
    clock,
    async close() {
      await store.close();
      await schema.drop();
    },
  };
}

export interface Tenant {
  workspaceId: string;
  headers: Record<string, string>;
  accountId: string;
}

/** A workspace with a key and one account in the given status. */
export async function tenant(
  t: TestStore,
  name: string,
  options: Partial<NewKeyOptions> & { status?: AccountStatus } = {},
): Promise<Tenant> {
  const key = await createKey(t.store, t.clock, { workspace: name, ...options });
  const accountId = randomUUID();
  await t.store.createAccount({
    id: accountId,
    workspaceId: key.workspaceId,
    email: `${name}@example.com`,
    status: options.status ?? "ACTIVE",
    proxy: { location: "US" },
    secrets: { password: "pw" },
    now: t.clock.now(),
  });
  return {
    workspaceId: key.workspaceId,
    headers: { "x-api-key": key.apiKey, "x-api-secret": key.apiSecret },
    accountId,
  };
}
