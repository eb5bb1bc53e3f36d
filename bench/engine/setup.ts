import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { Clock } from "../../src/lib/clock.ts";
import { uuid7 } from "../../src/lib/uuid7.ts";
import { openStore } from "../../src/store/open.ts";
import type { PostgresStore } from "../../src/store/postgres/store.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { NewRequest, Store } from "../../src/store/types.ts";

export const PG_URL = process.env.WELINK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export async function pgReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export interface BenchStore {
  store: Store;
  url: string;
  close(): Promise<void>;
}

/** A migrated store in a temporary directory (SQLite) or a private schema (PostgreSQL). */
export async function benchStore(dialect: "sqlite" | "postgres", clock: Clock, poolSize = 10): Promise<BenchStore> {
  const masterKey = randomBytes(32);
  if (dialect === "sqlite") {
    const dataDir = mkdtempSync(join(tmpdir(), "welink-bench-"));
    const store = await openStore({ dataDir, masterKey, clock });
    await store.migrate();
    return {
      store,
      url: dataDir,
      async close() {
        // Keeps the event loop alive while the store closes: its checkpoint thread is
        // unref'd, so awaiting its exit with nothing else pending would end the process.
        const keepAlive = setInterval(() => {}, 1000);
        await store.close();
        clearInterval(keepAlive);
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = `bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(PG_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const store = await openStore({ databaseUrl: url.toString(), dataDir: "", masterKey, clock, poolSize });
  await store.migrate();
  return {
    store,
    url: url.toString(),
    async close() {
      await store.close();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    },
  };
}

export async function exec(store: Store, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (store.dialect === "sqlite") {
    const stmt = (store as SqliteStore).db.prepare(text.replace(/\$\d+/g, "?"));
    if (stmt.reader) return stmt.all(...values) as Record<string, unknown>[];
    stmt.run(...values);
    return [];
  }
  return (await (store as PostgresStore).pool.query(text, values)).rows as Record<string, unknown>[];
}

/** A workspace with a webhook endpoint (so every completion writes an outbox row) and `n` accounts. */
export async function seedAccounts(
  store: Store,
  now: number,
  n: number,
  limits: Record<string, unknown> = {},
): Promise<{ workspaceId: string; accountIds: string[] }> {
  const workspaceId = randomUUID();
  await store.createWorkspace({ id: workspaceId, name: `bench-${workspaceId}`, createdAt: now });
  await exec(
    store,
    "INSERT INTO webhook_endpoints (workspace_id, url, secret_enc, signing, events, created_at, updated_at) VALUES ($1, $2, $3, 'jwt', '[]', $4, $5)",
    [workspaceId, "http://127.0.0.1:9/hook", "x", now, now],
  );
  const accountIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    await store.createAccount({ id, workspaceId, email: null, status: "ACTIVE", proxy: null, secrets: {}, now });
    if (Object.keys(limits).length) await store.updateAccount(id, { limits }, now);
    accountIds.push(id);
  }
  return { workspaceId, accountIds };
}

/** `perAccount` requests on every account, inserted in batches of 1,000 through `store.enqueue`, with v7 ids like the gateway's. */
export async function enqueueAll(
  store: Store,
  workspaceId: string,
  accountIds: string[],
  perAccount: number,
  now: number,
): Promise<number> {
  let batch: NewRequest[] = [];
  let total = 0;
  for (let i = 0; i < perAccount; i++) {
    for (const accountId of accountIds) {
      batch.push({
        // Time-ordered, as the gateway makes them (src/api/app.ts).
        id: uuid7(),
        workspaceId,
        accountId,
        action: "noop",
        input: { accountId },
        runAt: now,
        expiresAt: null,
        now,
      });
      if (batch.length === 1000) {
        await store.enqueue(batch);
        total += batch.length;
        batch = [];
      }
    }
  }
  if (batch.length) {
    await store.enqueue(batch);
    total += batch.length;
  }
  return total;
}
