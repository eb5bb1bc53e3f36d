import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import type { PostgresStore } from "../../src/store/postgres/store.ts";
import { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { NewRequest, Store } from "../../src/store/types.ts";
import { freshSchema, pgUrl } from "../support/pg.ts";

/**
 * One suite, both adapters. Each factory opens a migrated store on a private database
 * (a temp dir for SQLite, a fresh schema for PostgreSQL) and knows how to read a raw
 * column, so the encryption test can look under the adapter.
 */
interface Harness {
  store: Store;
  /** The raw `accounts.secrets` column. */
  rawSecrets(accountId: string): Promise<string | null>;
  /** Deletes a request row under the adapter (retention does this in production). */
  deleteRequest(id: string): Promise<void>;
  /** A second, independent store (own connection or pool) on the same database. */
  openAnother(): Promise<Store>;
  cleanup(): Promise<void>;
}

interface Factory {
  name: string;
  setup(masterKey: Buffer): Promise<Harness>;
}

const sqliteFactory: Factory = {
  name: "sqlite",
  async setup(masterKey) {
    const dataDir = mkdtempSync(join(tmpdir(), "welink-store-"));
    const clock = new ManualClock();
    const store = await openStore({ dataDir, masterKey, clock });
    const others: Store[] = [];
    return {
      store,
      async rawSecrets(id) {
        const row = (store as SqliteStore).db.prepare("SELECT secrets FROM accounts WHERE id = ?").get(id) as {
          secrets: string | null;
        };
        return row.secrets;
      },
      async deleteRequest(id) {
        (store as SqliteStore).db.prepare("DELETE FROM requests WHERE id = ?").run(id);
      },
      async openAnother() {
        const other = await openStore({ dataDir, masterKey, clock });
        others.push(other);
        return other;
      },
      async cleanup() {
        for (const other of others) await other.close();
        await store.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
};

const postgresFactory: Factory = {
  name: "postgres",
  async setup(masterKey) {
    const schema = await freshSchema("store");
    const clock = new ManualClock();
    const store = await openStore({ databaseUrl: schema.url, dataDir: "unused", masterKey, clock });
    const others: Store[] = [];
    return {
      store,
      async rawSecrets(id) {
        const { rows } = await (store as PostgresStore).pool.query("SELECT secrets FROM accounts WHERE id = $1", [id]);
        return rows[0].secrets;
      },
      async deleteRequest(id) {
        await (store as PostgresStore).pool.query("DELETE FROM requests WHERE id = $1", [id]);
      },
      async openAnother() {
        const other = await openStore({ databaseUrl: schema.url, dataDir: "unused", masterKey, clock });
        others.push(other);
        return other;
      },
      async cleanup() {
        for (const other of others) await other.close();
        await store.close();
        await schema.drop();
      },
    };
  },
};

const factories: Factory[] = pgUrl() ? [sqliteFactory, postgresFactory] : [sqliteFactory];

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const HOUR = 3_600_000;

describe.each(factories)("store ($name)", (factory) => {
  let h: Harness;
  let store: Store;
  let firstMigration: number[];
  const masterKey = randomBytes(32);

  beforeAll(async () => {
    h = await factory.setup(masterKey);
    store = h.store;
    firstMigration = await store.migrate();
  });
  afterAll(async () => {
    await h?.cleanup();
  });

  async function workspace(name = `ws-${randomUUID()}`) {
    return store.createWorkspace({ id: randomUUID(), name, createdAt: T0 });
  }

  async function account(workspaceId: string, now = T0) {
    return store.createAccount({
      id: randomUUID(),
      workspaceId,
      email: "ada@example.com",
      status: "LOGGING_IN",
      proxy: null,
      secrets: { password: "hunter2-plaintext" },
      now,
    });
  }

  function request(workspaceId: string, accountId: string | null, extra: Partial<NewRequest> = {}): NewRequest {
    return {
      id: randomUUID(),
      workspaceId,
      accountId,
      action: "connect",
      input: { profile: "ada", message: "Hello, Ada", nested: { n: 1, list: [1, "two", null] } },
      runAt: T0,
      expiresAt: T0 + HOUR,
      now: T0,
      ...extra,
    };
  }

  describe("migrations", () => {
    it("apply 001 first and nothing on a second run", async () => {
      expect(firstMigration[0]).toBe(1);
      expect(await store.migrate()).toEqual([]);
    });

    it("are safe when another process migrates the same database again", async () => {
      const other = await h.openAnother();
      expect(await other.migrate()).toEqual([]);
    });

    it("answer ping", async () => {
      expect(await store.ping()).toBe(true);
      expect(store.dialect).toBe(factory.name);
    });
  });

  describe("workspaces", () => {
    it("create, get, find by name, list", async () => {
      const ws = await workspace("Acme");
      expect(ws).toEqual({ id: ws.id, name: "Acme", createdAt: T0 });
      expect(await store.getWorkspace(ws.id)).toEqual(ws);
      expect(await store.findWorkspaceByName("Acme")).toEqual(ws);
      expect(await store.findWorkspaceByName("nope")).toBeNull();
      expect(await store.getWorkspace(randomUUID())).toBeNull();
      expect((await store.listWorkspaces()).map((w) => w.id)).toContain(ws.id);
    });

    it("refuse a duplicate name", async () => {
      await workspace("Twice");
      await expect(workspace("Twice")).rejects.toThrow();
    });
  });

  describe("api keys", () => {
    it("create, get, list per workspace and overall, revoke", async () => {
      const ws = await workspace();
      const other = await workspace();
      const key = await store.createApiKey({
        id: randomUUID(),
        workspaceId: ws.id,
        name: "default",
        secretHash: "scrypt$N=16384$salt$hash",
        scopes: ["connect", "messaging"],
        allowIps: ["10.0.0.0/8"],
        createdAt: T0,
        revokedAt: null,
      });
      const otherKey = await store.createApiKey({
        ...key,
        id: randomUUID(),
        workspaceId: other.id,
        scopes: [],
        allowIps: [],
      });
      expect(await store.getApiKey(key.id)).toEqual(key);
      expect(await store.getApiKey(randomUUID())).toBeNull();
      expect(await store.listApiKeys(ws.id)).toEqual([key]);
      const all = (await store.listApiKeys()).map((k) => k.id);
      expect(all).toEqual(expect.arrayContaining([key.id, otherKey.id]));

      expect(await store.revokeApiKey(key.id, T0 + 5)).toBe(true);
      expect(await store.revokeApiKey(key.id, T0 + 9)).toBe(true);
      expect((await store.getApiKey(key.id))?.revokedAt).toBe(T0 + 5);
      expect(await store.revokeApiKey(randomUUID(), T0)).toBe(false);
    });
  });

  describe("accounts", () => {
    it("create, get, list", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      expect(a).toEqual({
        id: a.id,
        workspaceId: ws.id,
        email: "ada@example.com",
        status: "LOGGING_IN",
        statusReason: null,
        profile: {},
        proxy: null,
        limits: {},
        createdAt: T0,
        updatedAt: T0,
        disconnectedAt: null,
      });
      const b = await account(ws.id, T0 + 1);
      expect(await store.getAccount(a.id)).toEqual(a);
      expect(await store.getAccount(randomUUID())).toBeNull();
      expect((await store.listAccounts(ws.id)).map((x) => x.id)).toEqual([a.id, b.id]);
      expect(await store.listAccounts((await workspace()).id)).toEqual([]);
    });

    it("update only the fields in the patch, JSON round-tripping", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const profile = { first_name: "Ada", last_name: "Lovelace", premium: true, headline: 'Ünïcode ✓ "quotes"' };
      const proxy = { protocol: "socks5" as const, host: "10.1.2.3", port: 1080, username: "u" };
      const limits = { connect: { daily: 20, weekly: 100 }, workingHours: ["09:00", "18:00"], pause: null };
      const updated = await store.updateAccount(a.id, { status: "ACTIVE", profile, proxy, limits }, T0 + 10);
      expect(updated).toEqual({ ...a, status: "ACTIVE", profile, proxy, limits, updatedAt: T0 + 10 });
      expect(await store.getAccount(a.id)).toEqual(updated);

      const disconnected = await store.updateAccount(
        a.id,
        {
          status: "DISCONNECTED",
          statusReason: "ACCOUNT_DISCONNECTED",
          proxy: null,
          email: null,
          disconnectedAt: T0 + 20,
        },
        T0 + 20,
      );
      expect(disconnected).toMatchObject({
        status: "DISCONNECTED",
        statusReason: "ACCOUNT_DISCONNECTED",
        proxy: null,
        email: null,
        profile,
        limits,
        disconnectedAt: T0 + 20,
        updatedAt: T0 + 20,
      });
      expect(await store.updateAccount(randomUUID(), { status: "ACTIVE" }, T0)).toBeNull();
    });

    it("keep secrets encrypted at rest, merge them, and erase them with null", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const raw = await h.rawSecrets(a.id);
      expect(raw).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
      expect(raw).not.toContain("hunter2");
      expect(Buffer.from(raw!.split(":")[3]!, "base64").toString("latin1")).not.toContain("hunter2");
      expect(await store.getAccountSecrets(a.id)).toEqual({ password: "hunter2-plaintext" });

      const cookies = [{ name: "li_at", value: "AQEDAS-secret-cookie", domain: ".linkedin.com" }];
      await store.setAccountSecrets(a.id, { cookies, two_fa_secret: "JBSWY3DPEHPK3PXP" }, T0 + 1);
      expect(await store.getAccountSecrets(a.id)).toEqual({
        password: "hunter2-plaintext",
        cookies,
        two_fa_secret: "JBSWY3DPEHPK3PXP",
      });
      const raw2 = await h.rawSecrets(a.id);
      expect(raw2).not.toContain("AQEDAS");
      expect(raw2).not.toContain("JBSWY3DP");
      expect(raw2).not.toBe(raw);

      await store.setAccountSecrets(a.id, { password: "new-pass" }, T0 + 2);
      expect((await store.getAccountSecrets(a.id))?.password).toBe("new-pass");

      await store.setAccountSecrets(a.id, null, T0 + 3);
      expect(await h.rawSecrets(a.id)).toBeNull();
      expect(await store.getAccountSecrets(a.id)).toEqual({});
      expect(await store.getAccountSecrets(randomUUID())).toBeNull();
    });

    it("refuse to open secrets with another master key", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const other = await h.openAnother();
      expect(await other.getAccountSecrets(a.id)).toEqual({ password: "hunter2-plaintext" });
      const wrong =
        factory.name === "sqlite"
          ? new SqliteStore((store as SqliteStore).db, randomBytes(32), new ManualClock())
          : null;
      if (wrong) await expect(wrong.getAccountSecrets(a.id)).rejects.toThrow(/authentication/);
    });
  });

  describe("enqueue", () => {
    it("inserts a batch in order and reads each row back as returned", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const batch = [request(ws.id, a.id), request(ws.id, a.id, { action: "send_message" }), request(ws.id, null)];
      const results = await store.enqueue(batch);
      expect(results.map((r) => r.kind)).toEqual(["created", "created", "created"]);
      for (let i = 0; i < batch.length; i++) {
        const r = results[i]!;
        if (r.kind === "conflict") throw new Error("unexpected");
        expect(r.request.id).toBe(batch[i]!.id);
        expect(r.request).toEqual({
          id: batch[i]!.id,
          workspaceId: ws.id,
          accountId: batch[i]!.accountId,
          action: batch[i]!.action,
          input: batch[i]!.input,
          status: "QUEUED",
          result: null,
          message: null,
          attempts: 0,
          runAt: T0,
          expiresAt: T0 + HOUR,
          createdAt: T0,
          startedAt: null,
          finishedAt: null,
        });
        expect(await store.getRequest(batch[i]!.id)).toEqual(r.request);
      }
      expect(await store.getRequest(randomUUID())).toBeNull();
      expect(await store.enqueue([])).toEqual([]);
    });

    it("replays the original for the same key and body, and conflicts for another body", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const first = request(ws.id, a.id, { idempotency: { key: "k-1", fingerprint: "fp-A" } });
      const [created] = await store.enqueue([first]);
      expect(created?.kind).toBe("created");

      const again = request(ws.id, a.id, { now: T0 + 50, idempotency: { key: "k-1", fingerprint: "fp-A" } });
      const [replayed] = await store.enqueue([again]);
      expect(replayed).toEqual({ kind: "replayed", request: (created as { request: unknown }).request });
      expect(await store.getRequest(again.id)).toBeNull();

      const other = request(ws.id, a.id, { idempotency: { key: "k-1", fingerprint: "fp-B" } });
      expect(await store.enqueue([other])).toEqual([{ kind: "conflict" }]);
      expect(await store.getRequest(other.id)).toBeNull();

      // Keys are per workspace: the same key elsewhere is a new request.
      const ws2 = await workspace();
      const [elsewhere] = await store.enqueue([
        request(ws2.id, null, { idempotency: { key: "k-1", fingerprint: "fp-B" } }),
      ]);
      expect(elsewhere?.kind).toBe("created");
    });

    it("handles a key repeated inside one batch", async () => {
      const ws = await workspace();
      const r1 = request(ws.id, null, { idempotency: { key: "dup", fingerprint: "x" } });
      const r2 = request(ws.id, null, { idempotency: { key: "dup", fingerprint: "x" } });
      const r3 = request(ws.id, null, { idempotency: { key: "dup", fingerprint: "y" } });
      const r4 = request(ws.id, null);
      const results = await store.enqueue([r1, r2, r3, r4]);
      expect(results.map((r) => r.kind)).toEqual(["created", "replayed", "conflict", "created"]);
      expect((results[1] as { request: { id: string } }).request.id).toBe(r1.id);
    });

    it("is all-or-nothing: a bad row rolls the whole batch back", async () => {
      const ws = await workspace();
      const good = request(ws.id, null, { idempotency: { key: "atomic", fingerprint: "f" } });
      const bad = request(ws.id, randomUUID()); // unknown account: foreign key violation
      await expect(store.enqueue([good, bad])).rejects.toThrow();
      expect(await store.getRequest(good.id)).toBeNull();
      const [retry] = await store.enqueue([request(ws.id, null, { idempotency: { key: "atomic", fingerprint: "f" } })]);
      expect(retry?.kind).toBe("created");
    });

    it("races on one key from two stores yield one request", async () => {
      const ws = await workspace();
      const other = await h.openAnother();
      const attempts = Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? store : other).enqueue([request(ws.id, null, { idempotency: { key: "race", fingerprint: "same" } })]),
      );
      const results = (await Promise.all(attempts)).flat();
      expect(results.filter((r) => r.kind === "created")).toHaveLength(1);
      const ids = new Set(results.map((r) => (r.kind === "conflict" ? "conflict" : r.request.id)));
      expect(ids.size).toBe(1);
    });

    it("races batches sharing keys in opposite orders without deadlock, each key owned once", async () => {
      const ws = await workspace();
      const other = await h.openAnother();
      const keys = Array.from({ length: 20 }, (_, i) => `multi-${i}`);
      const batch = (order: string[]) =>
        order.map((key) => request(ws.id, null, { idempotency: { key, fingerprint: "same" } }));
      const runs = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? store : other).enqueue(batch(i % 2 ? keys : [...keys].reverse()))),
      );
      const outcomes = runs.flat();
      expect(outcomes.filter((r) => r.kind === "conflict")).toEqual([]);
      expect(outcomes.filter((r) => r.kind === "created")).toHaveLength(keys.length);
      // Every answer for a key names the one request that owns it.
      for (let k = 0; k < keys.length; k++) {
        const ids = new Set(
          runs.map((results, i) => {
            const r = results[i % 2 ? k : keys.length - 1 - k]!;
            return r.kind === "conflict" ? "" : r.request.id;
          }),
        );
        expect(ids.size).toBe(1);
      }
      const all = await store.listRequests(ws.id, { limit: 1000 });
      expect(all).toHaveLength(keys.length);
    });

    it("frees a key whose request no longer exists", async () => {
      const ws = await workspace();
      const first = request(ws.id, null, { idempotency: { key: "gone", fingerprint: "a" } });
      await store.enqueue([first]);
      await h.deleteRequest(first.id);
      const second = request(ws.id, null, { idempotency: { key: "gone", fingerprint: "b" } });
      expect((await store.enqueue([second]))[0]?.kind).toBe("created");
      const [replayed] = await store.enqueue([
        request(ws.id, null, { idempotency: { key: "gone", fingerprint: "b" } }),
      ]);
      expect(replayed).toMatchObject({ kind: "replayed", request: { id: second.id } });
    });

    it("prunes idempotency records older than a time, freeing the key", async () => {
      const ws = await workspace();
      await store.enqueue([
        request(ws.id, null, { now: T0 - 2 * HOUR, idempotency: { key: "old", fingerprint: "a" } }),
      ]);
      expect(await store.pruneIdempotency(T0 - HOUR)).toBeGreaterThanOrEqual(1);
      const [fresh] = await store.enqueue([request(ws.id, null, { idempotency: { key: "old", fingerprint: "b" } })]);
      expect(fresh?.kind).toBe("created");
    });
  });

  describe("requests", () => {
    it("count pending and fail the queued ones of an account", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const b = await account(ws.id);
      await store.enqueue([request(ws.id, a.id), request(ws.id, a.id), request(ws.id, b.id)]);
      expect(await store.countPending(a.id)).toBe(2);
      expect(await store.countPending(b.id)).toBe(1);

      expect(await store.failPending(a.id, "ACCOUNT_DISCONNECTED", "Account was disconnected", T0 + 7)).toBe(2);
      expect(await store.countPending(a.id)).toBe(0);
      expect(await store.countPending(b.id)).toBe(1);
      const rows = await store.listRequests(ws.id, { accountId: a.id, limit: 10 });
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row).toMatchObject({
          status: "ACCOUNT_DISCONNECTED",
          message: "Account was disconnected",
          finishedAt: T0 + 7,
        });
      }
      expect(await store.failPending(a.id, "ACCOUNT_DISCONNECTED", "again", T0 + 8)).toBe(0);
    });

    it("list newest first with filters and a cursor that pages through ties", async () => {
      const ws = await workspace();
      const a = await account(ws.id);
      const batch1 = Array.from({ length: 5 }, () => request(ws.id, a.id, { now: T0 + 1 }));
      const batch2 = Array.from({ length: 5 }, () => request(ws.id, null, { now: T0 + 2 }));
      await store.enqueue(batch1);
      await store.enqueue(batch2);
      await store.enqueue([request((await workspace()).id, null, { now: T0 + 3 })]);

      const all = await store.listRequests(ws.id, { limit: 100 });
      expect(all).toHaveLength(10);
      expect(all.slice(0, 5).every((r) => r.createdAt === T0 + 2)).toBe(true);

      const paged: string[] = [];
      let before: string | undefined;
      for (;;) {
        const page = await store.listRequests(ws.id, { limit: 3, ...(before ? { before } : {}) });
        if (page.length === 0) break;
        paged.push(...page.map((r) => r.id));
        before = page.at(-1)!.id;
      }
      expect(paged).toEqual(all.map((r) => r.id));

      expect((await store.listRequests(ws.id, { accountId: a.id, limit: 100 })).map((r) => r.id).sort()).toEqual(
        batch1.map((r) => r.id).sort(),
      );
      expect(await store.listRequests(ws.id, { status: "SUCCESS", limit: 100 })).toEqual([]);
      expect(await store.listRequests(ws.id, { status: "QUEUED", limit: 4 })).toHaveLength(4);
    });
  });

  describe("windows", () => {
    it("slide: hits leave the window one by one, not all at a bucket edge", async () => {
      const key = `acct:${randomUUID()}`;
      const W = 60_000;
      expect(await store.hitWindow(key, W, 3, T0)).toEqual({ allowed: true, count: 1, retryAfterMs: 0 });
      expect(await store.hitWindow(key, W, 3, T0 + 10_000)).toEqual({ allowed: true, count: 2, retryAfterMs: 0 });
      expect(await store.hitWindow(key, W, 3, T0 + 20_000)).toEqual({ allowed: true, count: 3, retryAfterMs: 0 });
      expect(await store.hitWindow(key, W, 3, T0 + 30_000)).toEqual({ allowed: false, count: 3, retryAfterMs: 30_000 });
      expect(await store.peekWindow(key, W, T0 + 30_000)).toBe(3);
      // The first hit is still inside at T0 + W - 1, gone at T0 + W (window is (now - W, now]).
      expect((await store.hitWindow(key, W, 3, T0 + W - 1)).allowed).toBe(false);
      expect(await store.hitWindow(key, W, 3, T0 + W)).toEqual({ allowed: true, count: 3, retryAfterMs: 0 });
      // Now the oldest is the T0 + 10 s hit.
      expect(await store.hitWindow(key, W, 3, T0 + W + 1)).toEqual({ allowed: false, count: 3, retryAfterMs: 9_999 });
      expect(await store.peekWindow(key, W, T0 + W + 10_000)).toBe(2);
      expect(await store.peekWindow(key, W, T0 + 10 * W)).toBe(0);
      // Refused hits are not recorded: after the log empties, the full limit is available again.
      for (let i = 0; i < 3; i++) expect((await store.hitWindow(key, W, 3, T0 + 10 * W + i)).allowed).toBe(true);
    });

    it("keep keys apart and honour a lowered limit", async () => {
      const k1 = `key:${randomUUID()}`;
      const k2 = `key:${randomUUID()}`;
      for (let i = 0; i < 4; i++) await store.hitWindow(k1, 1000, 10, T0 + i * 100);
      expect(await store.peekWindow(k2, 1000, T0 + 400)).toBe(0);
      // Limit lowered to 2 with 4 live hits: room appears when the third-newest leaves (T0 + 200 + 1000).
      expect(await store.hitWindow(k1, 1000, 2, T0 + 500)).toEqual({ allowed: false, count: 4, retryAfterMs: 700 });
    });

    it("count hits stamped after `now`, so out-of-order clocks cannot exceed the limit", async () => {
      const key = `skew:${randomUUID()}`;
      expect((await store.hitWindow(key, 1000, 2, T0 + 100)).allowed).toBe(true);
      expect(await store.hitWindow(key, 1000, 2, T0 + 50)).toEqual({ allowed: true, count: 2, retryAfterMs: 0 });
      // The oldest live hit (T0 + 50) leaves at T0 + 1050.
      expect(await store.hitWindow(key, 1000, 2, T0 + 60)).toEqual({ allowed: false, count: 2, retryAfterMs: 990 });
    });

    it("never admit more than the limit when two stores race", async () => {
      const other = await h.openAnother();
      const key = `race:${randomUUID()}`;
      const hits = Array.from({ length: 60 }, (_, i) => (i % 2 ? store : other).hitWindow(key, HOUR, 25, T0 + i));
      const results = await Promise.all(hits);
      expect(results.filter((r) => r.allowed)).toHaveLength(25);
      expect(await store.peekWindow(key, HOUR, T0 + 100)).toBe(25);
    });
  });
});
