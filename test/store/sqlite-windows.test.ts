import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCommitter } from "../../src/api/commit.ts";
import { transaction } from "../../src/store/sqlite/db.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import { checkWindows, hitInTransaction, withWindows } from "../../src/store/sqlite/windows.ts";
import { seedAccount, sqliteFiles } from "./sqlite-files.ts";

/**
 * The SQLite window decides on a copy of the log in memory (windows.ts): these check that
 * the copy never drifts from the table (restart, another connection, a rollback) and that
 * the table is pruned by age.
 */
const H = 3_600_000;
const T0 = 1_800_000_000_000;
const open = sqliteFiles("welink-windows-");

describe("SQLite windows", () => {
  let store: SqliteStore;
  let dataDir: string;
  beforeAll(async () => {
    ({ store, dataDir } = await open());
  });
  afterAll(async () => store.close());

  it("are restored from the table by a new process on the same file", async () => {
    for (let i = 0; i < 3; i++) expect((await store.hitWindow("restart", H, 3, T0 + i)).allowed).toBe(true);
    await store.close();
    ({ store } = await open(dataDir));
    expect(await store.peekWindow("restart", H, T0 + 10)).toBe(3);
    expect(await store.hitWindow("restart", H, 3, T0 + 10)).toEqual({ allowed: false, count: 3, retryAfterMs: H - 10 });
  });

  it("see hits another connection committed, in hits and in peeks", async () => {
    const { store: other } = await open(dataDir);
    try {
      expect((await store.hitWindow("shared", H, 2, T0)).allowed).toBe(true);
      expect(await other.peekWindow("shared", H, T0 + 1)).toBe(1);
      expect((await other.hitWindow("shared", H, 2, T0 + 1)).allowed).toBe(true);
      expect(await store.peekWindow("shared", H, T0 + 2)).toBe(2);
      expect((await store.hitWindow("shared", H, 2, T0 + 2)).allowed).toBe(false);
    } finally {
      await other.close();
    }
  });

  it("forget hits of a transaction that rolled back", async () => {
    const db = store.db;
    const failing = transaction(db, "test-rollback", (tx) => {
      checkWindows(tx, T0);
      expect(hitInTransaction(tx, "rollback", H, 1, T0).allowed).toBe(true);
      throw new Error("insert failed");
    });
    expect(() => withWindows(db, () => failing())).toThrow("insert failed");
    expect(await store.peekWindow("rollback", H, T0)).toBe(0);
    expect((await store.hitWindow("rollback", H, 1, T0)).allowed).toBe(true);
  });

  it("record a gateway hit by the request it admits, and a replay's by a row of its own", async () => {
    const { workspaceId, accountId } = await seedAccount(store, T0);
    const key = `account:${accountId}:actions`;
    const at = T0 + 100;
    const job = (id: string, idempotent = true) => ({
      request: {
        id,
        workspaceId,
        accountId,
        action: "connect",
        input: {},
        runAt: at,
        expiresAt: null,
        now: at,
        ...(idempotent ? { idempotency: { key: "k1", fingerprint: "f1" } } : {}),
      },
      window: { key, windowMs: H, limit: 2, now: at },
    });
    const hitRows = () =>
      (store.db.prepare("SELECT count(*) AS n FROM window_hits WHERE key = ?").get(key) as { n: number }).n;
    const commit = createCommitter(store);
    const first = randomUUID();
    expect((await commit([job(first)]))[0]!.kind).toBe("created");
    expect(hitRows()).toBe(0);
    expect(store.db.prepare("SELECT window_key AS k FROM requests WHERE id = ?").get(first)).toEqual({ k: key });
    // The same Idempotency-Key again: no new row, and its hit is written apart.
    expect((await commit([job(randomUUID())]))[0]!.kind).toBe("replayed");
    expect(hitRows()).toBe(1);
    await store.close();
    ({ store } = await open(dataDir));
    expect(await store.peekWindow(key, H, at)).toBe(2);
    // Two hits in the window, one per record: a third request is refused.
    expect((await createCommitter(store)([job(randomUUID(), false)]))[0]!.kind).toBe("limited");
  });

  it("prune rows that left their window, and only those", async () => {
    const db = store.db;
    await store.hitWindow("short", 1000, 10, T0);
    await store.hitWindow("long", H, 10, T0);
    const rows = () =>
      (
        db.prepare("SELECT key FROM window_hits WHERE key IN ('short', 'long') ORDER BY key").all() as { key: string }[]
      ).map((r) => r.key);
    expect(rows()).toEqual(["long", "short"]);
    // Well past the short window (and past the prune interval), inside the long one.
    await store.hitWindow("other", H, 10, T0 + 60_000);
    expect(rows()).toEqual(["long"]);
    expect(await store.peekWindow("long", H, T0 + 60_000)).toBe(1);
  });
});
