import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountCache } from "../../src/api/account-cache.ts";
import { buildApp } from "../../src/api/app.ts";
import { createEnqueuer } from "../../src/api/enqueue.ts";
import { canonicalJson, fingerprint } from "../../src/api/idempotency.ts";
import { isAllowed, parseAllowList } from "../../src/api/ip-list.ts";
import { KeyCeiling } from "../../src/api/key-ceiling.ts";
import { hashSecret, verifySecret } from "../../src/api/secrets.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import type { NewRequest, Store } from "../../src/store/types.ts";
import { openTestStore, type TestStore, tenant } from "./support.ts";

/** Units of the gateway, in process (Fastify inject) on a real SQLite file. */

/** A plain object delegating to the store (so the generic, non-SQLite commit path runs), counting enqueues. */
function spy(store: Store, calls: NewRequest[][]): Store {
  const proto = Object.getPrototypeOf(store) as object;
  const names = Object.getOwnPropertyNames(proto).filter((n) => n !== "constructor");
  const wrapper: Record<string, unknown> = { dialect: store.dialect };
  for (const name of names) {
    const fn = (store as unknown as Record<string, unknown>)[name];
    if (typeof fn === "function") wrapper[name] = fn.bind(store);
  }
  wrapper.enqueue = (requests: NewRequest[]) => {
    calls.push(requests);
    return store.enqueue(requests);
  };
  return wrapper as unknown as Store;
}

describe("gateway units", () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await openTestStore("sqlite");
  });
  afterAll(async () => t.close());

  it("secrets: scrypt hash verifies the right secret only", async () => {
    const hash = await hashSecret("s3cret");
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifySecret("s3cret", hash)).toBe(true);
    expect(await verifySecret("s3creT", hash)).toBe(false);
    expect(await verifySecret("s3cret", "garbage")).toBe(false);
  });

  it("ip lists: CIDR v4/v6, single addresses, IPv4-mapped callers; bad entries throw", () => {
    const list = parseAllowList(["10.0.0.0/8", "203.0.113.7", "2001:db8::/32"]);
    expect(isAllowed(list, "10.1.2.3")).toBe(true);
    expect(isAllowed(list, "::ffff:10.1.2.3")).toBe(true);
    expect(isAllowed(list, "203.0.113.7")).toBe(true);
    expect(isAllowed(list, "203.0.113.8")).toBe(false);
    expect(isAllowed(list, "2001:db8::1")).toBe(true);
    expect(isAllowed(list, "127.0.0.1")).toBe(false);
    expect(() => parseAllowList(["10.0.0.0/33"])).toThrow(/10.0.0.0\/33/);
    expect(() => parseAllowList(["nope"])).toThrow(/nope/);
  });

  it("key ceiling: an exact sliding log in O(1)", () => {
    const ceiling = new KeyCeiling(3, 60_000);
    expect(ceiling.hit("k", 0).allowed).toBe(true);
    expect(ceiling.hit("k", 10_000).allowed).toBe(true);
    expect(ceiling.hit("k", 20_000).allowed).toBe(true);
    expect(ceiling.hit("k", 30_000)).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(ceiling.hit("other", 30_000).allowed).toBe(true);
    expect(ceiling.hit("k", 60_001).allowed).toBe(true);
    expect(ceiling.hit("k", 60_002)).toEqual({ allowed: false, retryAfterMs: 9_998 });
  });

  it("idempotency fingerprint ignores key order, not values", () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe('{"a":[{"c":2,"d":1}],"b":1}');
    expect(fingerprint("connect", { a: 1, b: 2 })).toBe(fingerprint("connect", { b: 2, a: 1 }));
    expect(fingerprint("connect", { a: 1 })).not.toBe(fingerprint("connect", { a: 2 }));
    expect(fingerprint("connect", { a: 1 })).not.toBe(fingerprint("disconnect", { a: 1 }));
  });

  it("group commit: concurrent enqueues share one commit; onEnqueued gets their accounts once per commit", async () => {
    const owner = await tenant(t, "gc");
    const accounts = [{ accountId: owner.accountId }];
    for (let i = 1; i < 20; i++) {
      const accountId = crypto.randomUUID();
      await t.store.createAccount({
        id: accountId,
        workspaceId: owner.workspaceId,
        email: null,
        status: "ACTIVE",
        proxy: null,
        secrets: {},
        now: t.clock.now(),
      });
      accounts.push({ accountId });
    }
    for (const generic of [true, false]) {
      const calls: NewRequest[][] = [];
      const woken: string[][] = [];
      const store = generic ? spy(t.store, calls) : t.store;
      const app = await buildApp({ store, clock: t.clock, onEnqueued: (ids) => woken.push(ids) });
      // Warm the key cache so all twenty calls reach the enqueue in the same turns.
      await app.inject({ method: "POST", url: "/api/v1/get_all_ln_accounts", headers: owner.headers });
      const answers = await Promise.all(
        accounts.map((x, i) =>
          app.inject({
            method: "POST",
            url: "/api/v1/connect",
            headers: owner.headers,
            payload: { accountId: x.accountId, profile_id: `p${i}` },
          }),
        ),
      );
      expect(answers.every((r) => r.statusCode === 200)).toBe(true);
      expect(woken.flat().sort()).toEqual(accounts.map((x) => x.accountId).sort());
      expect(woken.length).toBeLessThan(20);
      if (generic) {
        expect(calls.reduce((n, batch) => n + batch.length, 0)).toBe(20);
        expect(calls.length).toBe(woken.length);
      }
      await app.close();
    }
  });

  it("enqueuer: one failing row does not fail the rest of its batch", async () => {
    const x = await tenant(t, "batch");
    const enqueuer = createEnqueuer(t.store, undefined);
    const base = { workspaceId: x.workspaceId, action: "connect", input: {}, runAt: 0, expiresAt: null, now: 0 };
    const good = enqueuer.enqueue({ request: { ...base, id: crypto.randomUUID(), accountId: x.accountId } });
    const bad = enqueuer.enqueue({ request: { ...base, id: crypto.randomUUID(), accountId: "no-such-account" } });
    expect((await good).kind).toBe("created");
    await expect(bad).rejects.toThrow();
    await enqueuer.drain();
  });

  it("per-key ceiling: 429 RATE_LIMITED with Retry-After once the minute's budget is spent", async () => {
    const x = await tenant(t, "ceiling");
    const app = await buildApp({ store: t.store, clock: t.clock }, { keyRatePerMinute: 2 });
    const call = () =>
      app.inject({ method: "POST", url: "/api/v1/get_all_ln_accounts", headers: x.headers, payload: {} });
    expect((await call()).statusCode).toBe(200);
    expect((await call()).statusCode).toBe(200);
    const refused = await call();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ status: "RATE_LIMITED", retryAfter: 60 });
    expect(refused.headers["retry-after"]).toBe("60");
    t.clock.advance(60_000);
    expect((await call()).statusCode).toBe(200);
    await app.close();
  });

  it("auth cache: a revoked key keeps working at most authCacheMs, a wrong secret never", async () => {
    const x = await tenant(t, "cache");
    const app = await buildApp({ store: t.store, clock: t.clock }, { authCacheMs: 30_000 });
    const call = (headers: Record<string, string>) =>
      app.inject({ method: "POST", url: "/api/v1/get_all_ln_accounts", headers, payload: {} });
    expect((await call(x.headers)).statusCode).toBe(200);
    expect((await call({ ...x.headers, "x-api-secret": "wrong" })).statusCode).toBe(401);
    await t.store.revokeApiKey(x.headers["x-api-key"]!, t.clock.now());
    expect((await call(x.headers)).statusCode).toBe(200);
    t.clock.advance(30_001);
    expect((await call(x.headers)).statusCode).toBe(401);
    await app.close();
  });

  it("a body-less POST counts as {}; request ids are accepted in every spelling", async () => {
    const x = await tenant(t, "spell");
    const app = await buildApp({ store: t.store, clock: t.clock });
    const list = await app.inject({ method: "POST", url: "/api/v1/get_all_ln_accounts", headers: x.headers });
    expect(list.statusCode).toBe(200);
    const ack = await app.inject({
      method: "POST",
      url: "/api/v1/profile_views",
      headers: x.headers,
      payload: { accountId: x.accountId, queue_timeout_s: 60 },
    });
    const id = ack.json().requestId;
    expect((await t.store.getRequest(id))!.expiresAt).toBe(t.clock.now() + 60_000);
    for (const key of ["request_id", "requestId", "requestID"]) {
      const r = await app.inject({
        method: "POST",
        url: "/api/v1/get_response",
        headers: x.headers,
        payload: { [key]: id },
      });
      expect(r.json()).toMatchObject({ status: "QUEUED", requestId: id, request_id: id, action: "profile_views" });
    }
    const none = await app.inject({ method: "POST", url: "/api/v1/get_response", headers: x.headers, payload: {} });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toMatch(/request_id/);
    await app.close();
  });

  it("account cache (SQLite): an ACTIVE account is kept until it changes, whoever changes it", async () => {
    const x = await tenant(t, "cached", { status: "LOGGING_IN" });
    const cache = new AccountCache(t.store, t.clock);
    const status = async () => (await cache.getActive(x.accountId))!.status;
    // Other states are read afresh on every call; an account that became ACTIVE is usable at once.
    expect(await status()).toBe("LOGGING_IN");
    expect(cache.peek(x.accountId)).toBeUndefined();
    await t.store.updateAccount(x.accountId, { status: "ACTIVE" }, t.clock.now());
    expect(await status()).toBe("ACTIVE");
    expect(cache.peek(x.accountId)?.status).toBe("ACTIVE");
    // Kept past the old one-second TTL...
    t.clock.advance(5_000);
    expect(cache.peek(x.accountId)?.status).toBe("ACTIVE");
    // ...but not past a change through the store,
    await t.store.updateAccount(x.accountId, { status: "SESSION_EXPIRED" }, t.clock.now());
    expect(cache.peek(x.accountId)).toBeUndefined();
    expect(await status()).toBe("SESSION_EXPIRED");
    // nor past SQL of this process that bypasses the store's methods (the engine's status writes),
    await t.store.updateAccount(x.accountId, { status: "ACTIVE" }, t.clock.now());
    expect(await status()).toBe("ACTIVE");
    const db = (t.store as SqliteStore).db;
    db.prepare("UPDATE accounts SET status = 'RESTRICTED' WHERE id = ?").run(x.accountId);
    expect(await status()).toBe("RESTRICTED");
    expect(await cache.getActive(crypto.randomUUID())).toBeNull();
    cache.close();
  });

  it("account cache (SQLite): a change committed by another process is seen on the next event-loop turn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "welink-cache-"));
    const masterKey = randomBytes(32);
    const clock = new ManualClock();
    const mine = await openStore({ dataDir: dir, masterKey, clock });
    await mine.migrate();
    const other = await openStore({ dataDir: dir, masterKey, clock });
    try {
      const u = await tenant({ store: mine, clock, close: async () => {} }, "two-processes");
      const cache = new AccountCache(mine, clock);
      expect((await cache.getActive(u.accountId))!.status).toBe("ACTIVE");
      await other.updateAccount(u.accountId, { status: "DISCONNECTED" }, clock.now());
      await new Promise((r) => setImmediate(r));
      expect(cache.peek(u.accountId)).toBeUndefined();
      expect((await cache.getActive(u.accountId))!.status).toBe("DISCONNECTED");
      cache.close();
    } finally {
      await other.close();
      await mine.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("account cache without a watch (as on PostgreSQL): ACTIVE accounts for at most a second", async () => {
    const x = await tenant(t, "ttl", { status: "ACTIVE" });
    const unwatched = spy(t.store, []);
    delete (unwatched as { watchAccounts?: unknown }).watchAccounts;
    const cache = new AccountCache(unwatched, t.clock);
    expect((await cache.getActive(x.accountId))!.status).toBe("ACTIVE");
    await t.store.updateAccount(x.accountId, { status: "SESSION_EXPIRED" }, t.clock.now());
    expect((await cache.getActive(x.accountId))!.status).toBe("ACTIVE");
    t.clock.advance(1001);
    expect((await cache.getActive(x.accountId))!.status).toBe("SESSION_EXPIRED");
    await t.store.updateAccount(x.accountId, { status: "ACTIVE" }, t.clock.now());
    await cache.getActive(x.accountId);
    await t.store.updateAccount(x.accountId, { status: "DISCONNECTED" }, t.clock.now());
    cache.forget(x.accountId);
    expect((await cache.getActive(x.accountId))!.status).toBe("DISCONNECTED");
  });

  it("health answers 500 in the error shape when the store is unreachable", async () => {
    const closed = await openTestStore("sqlite");
    const app = await buildApp({ store: closed.store, clock: closed.clock });
    await closed.close();
    const r = await app.inject({ method: "GET", url: "/health" });
    expect(r.statusCode).toBe(500);
    expect(r.json()).toMatchObject({ status: "INTERNAL_ERROR", requestId: r.headers["x-request-id"] });
    await app.close();
  });
});
