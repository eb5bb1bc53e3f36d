import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { activeRequests, verifyActiveRequests } from "../../src/store/sqlite/active-requests.ts";
import { transaction } from "../../src/store/sqlite/db.ts";
import { enqueueInTransaction } from "../../src/store/sqlite/enqueue.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { NewRequest } from "../../src/store/types.ts";
import { seedAccount, sqliteFiles } from "./sqlite-files.ts";

/**
 * On SQLite the engine finds an account's queued requests in a copy held in memory
 * (active-requests.ts). These check that the copy never drifts from the table: inserts,
 * updates and deletes by any statement of the connection, a rollback, another connection's
 * commit, a restart, and a change that bypassed the triggers.
 */
const T0 = 1_800_000_000_000;
const open = sqliteFiles("welink-active-");

describe("SQLite active requests (the engine's queue view)", () => {
  let store: SqliteStore;
  let dataDir: string;
  let workspaceId: string;
  let accountId: string;

  function request(action = "connect", runAt = T0): NewRequest {
    return { id: randomUUID(), workspaceId, accountId, action, input: {}, runAt, expiresAt: null, now: T0 };
  }
  const rowidOf = (id: string) =>
    (store.db.prepare("SELECT rowid AS r FROM requests WHERE id = ?").get(id) as { r: number }).r;

  beforeAll(async () => {
    ({ store, dataDir } = await open());
    ({ workspaceId, accountId } = await seedAccount(store, T0));
  });
  afterAll(async () => store.close());

  it("follows enqueues, and any statement's updates and deletes", async () => {
    const [a, b, c] = [request(), request("message", T0 + 500), request()];
    await store.enqueue([a, b, c]);
    let active = activeRequests(store.db);
    expect(active.count(accountId)).toBe(3);
    expect(active.head(accountId, T0)).toBe(rowidOf(a.id));
    expect(active.queued(accountId)).toEqual([rowidOf(a.id), rowidOf(b.id), rowidOf(c.id)]);

    // Claimed by raw SQL: no longer the head, still counted.
    store.db.prepare("UPDATE requests SET status = 'PROCESSING' WHERE id = ?").run(a.id);
    active = activeRequests(store.db);
    expect(active.head(accountId, T0)).toBe(rowidOf(c.id));
    expect(active.head(accountId, T0 + 500, new Set(["message"]))).toBe(rowidOf(b.id));
    expect(active.count(accountId)).toBe(3);

    // Postponed: the next run is the earliest run_at of what is QUEUED.
    store.db.prepare("UPDATE requests SET run_at = ? WHERE id = ?").run(T0 + 9000, c.id);
    expect(activeRequests(store.db).nextRun(accountId)).toBe(T0 + 500);
    expect(activeRequests(store.db).head(accountId, T0)).toBeNull();

    // Finished and deleted: gone.
    store.db.prepare("UPDATE requests SET status = 'COMPLETED' WHERE id = ?").run(a.id);
    store.db.prepare("DELETE FROM requests WHERE id = ?").run(b.id);
    active = activeRequests(store.db);
    expect(active.count(accountId)).toBe(1);
    expect(active.queued(accountId)).toEqual([rowidOf(c.id)]);
    expect(active.accountsWithQueued()).toEqual([accountId]);
    expect(verifyActiveRequests(store.db)).toBe(true);
    store.db.prepare("UPDATE requests SET status = 'FAILED' WHERE id = ?").run(c.id);
    expect(activeRequests(store.db).accountsWithQueued()).toEqual([]);
  });

  it("drops what a rolled-back transaction did", () => {
    const r = request();
    const failing = transaction(store.db, "test.rollback", (db, jobs: NewRequest[]) => {
      enqueueInTransaction(db, jobs);
      expect(activeRequests(db).count(accountId)).toBe(1);
      throw new Error("abort");
    });
    expect(() => failing([r])).toThrow("abort");
    expect(activeRequests(store.db).count(accountId)).toBe(0);
  });

  it("sees what another connection committed, and what a restart finds in the file", async () => {
    const { store: other } = await open(dataDir);
    const r = request();
    await other.enqueue([r]);
    expect(activeRequests(store.db).queued(accountId)).toEqual([rowidOf(r.id)]);
    await other.close();

    await store.close();
    ({ store } = await open(dataDir));
    expect(activeRequests(store.db).queued(accountId)).toEqual([rowidOf(r.id)]);
    store.db.prepare("UPDATE requests SET status = 'FAILED' WHERE id = ?").run(r.id);
  });

  it("is read again when a change bypassed it", () => {
    const r = request();
    // This connection's update trigger gone (the last test on it): the copy misses the update.
    store.db.prepare("DROP TRIGGER temp.welink_request_updated").run();
    transaction(store.db, "test.enqueue", enqueueInTransaction)([r]);
    store.db.prepare("UPDATE requests SET status = 'FAILED' WHERE id = ?").run(r.id);
    expect(activeRequests(store.db).count(accountId)).toBe(1);
    expect(verifyActiveRequests(store.db)).toBe(false);
    expect(activeRequests(store.db).count(accountId)).toBe(0);
    expect(verifyActiveRequests(store.db)).toBe(true);
  });
});
