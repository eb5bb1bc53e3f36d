import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import type { PostgresStore } from "../../src/store/postgres/store.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { AccountProfile, NewRequest, RequestRow, Store } from "../../src/store/types.ts";
import { freshSchema } from "../support/pg.ts";

export type Dialect = "sqlite" | "postgres";

export interface TestStore {
  store: Store;
  /** SQLite: the data directory; PostgreSQL: the connection URL (with its private schema). */
  location: string;
  masterKey: Buffer;
  close(): Promise<void>;
}

/** A migrated store of the given dialect in a private directory / schema. */
export async function openTestStore(dialect: Dialect, clock: Clock, poolSize?: number): Promise<TestStore> {
  const masterKey = randomBytes(32);
  if (dialect === "sqlite") {
    const dataDir = mkdtempSync(join(tmpdir(), "welink-engine-"));
    const store = await openStore({ dataDir, masterKey, clock });
    await store.migrate();
    return {
      store,
      location: dataDir,
      masterKey,
      async close() {
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = await freshSchema("eng");
  const store = await openStore({
    databaseUrl: schema.url,
    dataDir: "",
    masterKey,
    clock,
    ...(poolSize ? { poolSize } : {}),
  });
  await store.migrate();
  return {
    store,
    location: schema.url,
    masterKey,
    async close() {
      await store.close();
      await schema.drop();
    },
  };
}

/** Raw SQL on either dialect (test set-up and assertions only). */
export async function sql(store: Store, text: string, values: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (store.dialect === "sqlite") {
    const db = (store as SqliteStore).db;
    const order: number[] = [];
    const q = text.replace(/\$(\d+)/g, (_, n: string) => {
      order.push(Number(n) - 1);
      return "?";
    });
    const stmt = db.prepare(q);
    const vals = order.map((i) => values[i]).map((v) => (typeof v === "boolean" ? (v ? 1 : 0) : v));
    if (stmt.reader) return stmt.all(...vals) as Record<string, unknown>[];
    stmt.run(...vals);
    return [];
  }
  const res = await (store as PostgresStore).pool.query(text, values);
  return res.rows as Record<string, unknown>[];
}

export interface Seeded {
  workspaceId: string;
  accountIds: string[];
}

/** A workspace with a webhook endpoint (so outbox rows are written) and `n` ACTIVE accounts. */
export async function seed(
  store: Store,
  now: number,
  n: number,
  options: { profile?: AccountProfile; limits?: Record<string, unknown>; webhook?: boolean } = {},
): Promise<Seeded> {
  const workspaceId = randomUUID();
  await store.createWorkspace({ id: workspaceId, name: `ws-${workspaceId}`, createdAt: now });
  if (options.webhook !== false) {
    await sql(
      store,
      "INSERT INTO webhook_endpoints (workspace_id, url, secret_enc, signing, events, created_at, updated_at) VALUES ($1, $2, $3, 'jwt', '[]', $4, $4)",
      [workspaceId, "http://127.0.0.1:9/hook", "x", now],
    );
  }
  const accountIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    await store.createAccount({
      id,
      workspaceId,
      email: `a${i}@example.test`,
      status: "ACTIVE",
      proxy: null,
      secrets: {},
      now,
    });
    if (options.profile || options.limits) {
      await store.updateAccount(
        id,
        {
          ...(options.profile ? { profile: options.profile } : {}),
          ...(options.limits ? { limits: options.limits } : {}),
        },
        now,
      );
    }
    accountIds.push(id);
  }
  return { workspaceId, accountIds };
}

export function newRequest(
  seeded: Seeded,
  accountId: string,
  action: string,
  now: number,
  input: Record<string, unknown> = {},
  expiresInMs: number | null = 24 * 3_600_000,
): NewRequest {
  return {
    id: randomUUID(),
    workspaceId: seeded.workspaceId,
    accountId,
    action,
    input: { accountId, ...input },
    runAt: now,
    expiresAt: expiresInMs === null ? null : now + expiresInMs,
    now,
  };
}

export async function statuses(store: Store, ids: string[]): Promise<string[]> {
  const rows = await Promise.all(ids.map((id) => store.getRequest(id)));
  return rows.map((r) => (r as RequestRow).status);
}

export async function deliveries(store: Store, requestId: string): Promise<Record<string, unknown>[]> {
  return sql(store, "SELECT id, event_type, payload FROM webhook_deliveries WHERE request_id = $1", [requestId]);
}

export function parseJson(value: unknown): Record<string, unknown> {
  return (typeof value === "string" ? JSON.parse(value) : value) as Record<string, unknown>;
}
