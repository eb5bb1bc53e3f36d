import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { RunningApi } from "../../src/api/server.ts";
import { startApi } from "../../src/api/server.ts";
import { buildCatalogue, CATALOGUE, defineAction } from "../../src/catalog/index.ts";
import { pgUrl } from "../support/pg.ts";
import { openTestStore, type Tenant, type TestStore, tenant } from "./support.ts";

/**
 * The gateway over real sockets, on both stores: every HTTP status of the seed, every
 * platform code, and isolation between two workspaces.
 */

// A test-only action whose handler fails unexpectedly, to prove no stack leaves the server.
const explode = defineAction({
  name: "explode",
  family: "accounts",
  mode: "sync",
  summary: "test: throws",
  input: z.object({}),
  codes: [],
  async handler() {
    throw new Error("secret detail at /srv/welink/src/thing.ts:12");
  },
});

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

function client(api: RunningApi) {
  return async function post(
    path: string,
    body: unknown,
    headers: Record<string, string> = {},
    raw?: { body: string; type?: string },
  ): Promise<Answer> {
    const res = await fetch(`${api.url}${path}`, {
      method: "POST",
      headers: { "content-type": raw?.type ?? "application/json", ...headers },
      body: raw ? raw.body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
  };
}

function expectError(answer: Answer, status: number, code: string): void {
  expect(answer.status).toBe(status);
  expect(answer.body.status).toBe(code);
  expect(typeof answer.body.message).toBe("string");
  expect(answer.body.requestId).toBe(answer.headers.get("x-request-id"));
  expect(typeof answer.body.retryable).toBe("boolean");
  expect(["request", "prospect", "account", "session"]).toContain(answer.body.scope);
  expect(JSON.stringify(answer.body)).not.toMatch(/\bat .*\.ts:\d+|stack/i);
}

function suite(dialect: "sqlite" | "postgres") {
  let t: TestStore;
  let api: RunningApi;
  let post: ReturnType<typeof client>;
  let a: Tenant;
  let b: Tenant;
  let restricted: Tenant;
  let fenced: Tenant;

  beforeAll(async () => {
    t = await openTestStore(dialect);
    api = await startApi(
      { store: t.store, clock: t.clock },
      {
        port: 0,
        host: "127.0.0.1",
        accountActionsPerHour: 3,
        accountSyncPerHour: 2,
        keyRatePerMinute: 1000,
        catalogue: buildCatalogue([[...CATALOGUE.values()], [explode]]),
      },
    );
    post = client(api);
    a = await tenant(t, "alpha");
    b = await tenant(t, "beta");
    restricted = await tenant(t, "scoped", { scopes: ["messaging", "get_response"] });
    fenced = await tenant(t, "fenced", { allowIps: ["203.0.113.0/24"] });
  });
  afterAll(async () => {
    await api?.close();
    await t?.close();
  });

  it("200: an async action is acknowledged with the request row id, durably queued", async () => {
    const r = await post("/api/v1/connect", { accountId: a.accountId, profile_id: "ACoAAA1" }, a.headers);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe("QUEUED");
    expect(r.body.requestId).toBe(r.body.request_id);
    expect(r.headers.get("x-request-id")).toBe(r.body.requestId);
    const row = await t.store.getRequest(r.body.requestId as string);
    expect(row).toMatchObject({
      status: "QUEUED",
      action: "connect",
      accountId: a.accountId,
      workspaceId: a.workspaceId,
    });
    expect(row!.expiresAt).toBe(t.clock.now() + 86_400_000);
  });

  it("200: sync endpoints answer directly, with x-request-id", async () => {
    const r = await post("/api/v1/get_all_ln_accounts", {}, a.headers);
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ accountId: a.accountId, email: "alpha@example.com", status: "ACTIVE" }]);
    expect(r.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("400 INVALID_REQUEST: missing field, malformed JSON, oversized body, wrong content type", async () => {
    const missing = await post("/api/v1/connect", { accountId: a.accountId }, a.headers);
    expectError(missing, 400, "INVALID_REQUEST");
    expect(missing.body.message).toMatch(/profile_id/);
    const malformed = await post("/api/v1/connect", null, a.headers, { body: '{"accountId": ' });
    expectError(malformed, 400, "INVALID_REQUEST");
    expect(malformed.body.message).toMatch(/JSON/);
    const big = await post("/api/v1/connect", null, a.headers, {
      body: JSON.stringify({ accountId: a.accountId, profile_id: "x", pad: "x".repeat(1024 * 1024) }),
    });
    expectError(big, 400, "INVALID_REQUEST");
    expect(big.body.message).toMatch(/1 MiB/);
    const xml = await post("/api/v1/connect", null, a.headers, { body: "<connect/>", type: "application/xml" });
    expectError(xml, 400, "INVALID_REQUEST");
    const text = await post("/api/v1/connect", null, a.headers, { body: "hello", type: "text/plain" });
    expectError(text, 400, "INVALID_REQUEST");
  });

  it("400 CUSTOM_MESSAGE_TOO_LONG: a note over 300 characters", async () => {
    const r = await post(
      "/api/v1/connect",
      { accountId: a.accountId, profile_id: "ACoAAA2", message: "x".repeat(301) },
      a.headers,
    );
    expectError(r, 400, "CUSTOM_MESSAGE_TOO_LONG");
  });

  it("400 ACCOUNT_NOT_ACTIVE: an action on an account that is not ACTIVE", async () => {
    await t.store.updateAccount(b.accountId, { status: "SESSION_EXPIRED" }, t.clock.now());
    const r = await post("/api/v1/view_profile", { accountId: b.accountId, profile_id: "x" }, b.headers);
    expectError(r, 400, "ACCOUNT_NOT_ACTIVE");
    expect(r.body.message).toMatch(/Linked account not active/);
    await t.store.updateAccount(b.accountId, { status: "ACTIVE" }, t.clock.now());
  });

  it("400 IDEMPOTENCY_KEY_REUSED, and a replay returns the original requestId", async () => {
    const x = await tenant(t, "idem-x");
    const y = await tenant(t, "idem-y");
    const h = { ...x.headers, "idempotency-key": "k-1" };
    const first = await post("/api/v1/follow_profile", { accountId: x.accountId, profile_id: "p1" }, h);
    const again = await post("/api/v1/follow_profile", { profile_id: "p1", accountId: x.accountId }, h);
    expect(again.status).toBe(200);
    expect(again.body.requestId).toBe(first.body.requestId);
    expect(again.headers.get("x-request-id")).toBe(first.body.requestId);
    const other = await post("/api/v1/follow_profile", { accountId: x.accountId, profile_id: "p2" }, h);
    expectError(other, 400, "IDEMPOTENCY_KEY_REUSED");
    // The same key in another workspace is another key.
    const elsewhere = await post(
      "/api/v1/follow_profile",
      { accountId: y.accountId, profile_id: "p2" },
      { ...y.headers, "idempotency-key": "k-1" },
    );
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.requestId).not.toBe(first.body.requestId);
  });

  it("401 UNAUTHORIZED: missing key, wrong secret, revoked key", async () => {
    expectError(await post("/api/v1/get_all_ln_accounts", {}), 401, "UNAUTHORIZED");
    expectError(
      await post("/api/v1/get_all_ln_accounts", {}, { ...a.headers, "x-api-secret": "wrong" }),
      401,
      "UNAUTHORIZED",
    );
    const gone = await tenant(t, "gone");
    await t.store.revokeApiKey(gone.headers["x-api-key"]!, t.clock.now());
    expectError(await post("/api/v1/get_all_ln_accounts", {}, gone.headers), 401, "UNAUTHORIZED");
  });

  it("401 IP_NOT_ALLOWED: a caller outside the key's allow-list", async () => {
    expectError(await post("/api/v1/get_all_ln_accounts", {}, fenced.headers), 401, "IP_NOT_ALLOWED");
  });

  it("401 ACTION_NOT_ALLOWED: an action outside the key's scopes (action and family scopes)", async () => {
    expectError(
      await post("/api/v1/connect", { accountId: restricted.accountId, profile_id: "x" }, restricted.headers),
      401,
      "ACTION_NOT_ALLOWED",
    );
    const family = await post(
      "/api/v1/send_message_to_profile_id",
      { accountId: restricted.accountId, profile_id: "x", message: "hi" },
      restricted.headers,
    );
    expect(family.status).toBe(200);
  });

  it("404 NOT_FOUND: unknown route, unknown account, unknown request", async () => {
    expectError(await post("/api/v1/no_such_action", {}, a.headers), 404, "NOT_FOUND");
    expectError(await post("/nowhere", {}), 404, "NOT_FOUND");
    expectError(
      await post("/api/v1/get_ln_account_details", { accountId: crypto.randomUUID() }, a.headers),
      404,
      "NOT_FOUND",
    );
    expectError(await post("/api/v1/get_response", { request_id: crypto.randomUUID() }, a.headers), 404, "NOT_FOUND");
  });

  it("isolation: a key never sees or touches another workspace's accounts or requests", async () => {
    const mine = await post("/api/v1/connect", { accountId: b.accountId, profile_id: "iso" }, b.headers);
    const id = mine.body.requestId as string;
    // Alpha cannot read beta's request under any id spelling, nor beta's account.
    for (const key of ["request_id", "requestId", "requestID"]) {
      expectError(await post("/api/v1/get_response", { [key]: id }, a.headers), 404, "NOT_FOUND");
    }
    expectError(await post("/api/v1/get_ln_account_details", { accountId: b.accountId }, a.headers), 404, "NOT_FOUND");
    expectError(
      await post("/api/v1/connect", { accountId: b.accountId, profile_id: "x" }, a.headers),
      404,
      "NOT_FOUND",
    );
    expectError(await post("/api/v1/disconnect_account", { accountId: b.accountId }, a.headers), 404, "NOT_FOUND");
    const list = await post("/api/v1/get_all_ln_accounts", {}, a.headers);
    expect((list.body as unknown as { accountId: string }[]).map((x) => x.accountId)).toEqual([a.accountId]);
    // Beta still owns both, untouched.
    const own = await post("/api/v1/get_response", { requestID: id }, b.headers);
    expect(own.body).toMatchObject({ status: "QUEUED", requestId: id, accountId: b.accountId });
    const details = await post("/api/v1/get_ln_account_details", { accountId: b.accountId }, b.headers);
    expect(details.body).toMatchObject({ accountId: b.accountId, status: "ACTIVE" });
  });

  it("429 RATE_LIMITED: the rolling 60-minute account window, with retryAfter and Retry-After", async () => {
    const c = await tenant(t, "gamma");
    const connect = (n: number) => post("/api/v1/connect", { accountId: c.accountId, profile_id: `rl${n}` }, c.headers);
    for (let i = 0; i < 3; i++) {
      expect((await connect(i)).status).toBe(200);
      t.clock.advance(60_000);
    }
    const refused = await connect(3);
    expectError(refused, 429, "RATE_LIMITED");
    // The oldest hit was 3 minutes ago: it leaves the window in 57 minutes.
    expect(refused.body.retryAfter).toBe(57 * 60);
    expect(refused.headers.get("retry-after")).toBe(String(57 * 60));
    // Message sync has its own window (2 here) and does not consume the action window.
    const sync = () => post("/api/v1/personal_message_threads", { accountId: c.accountId }, c.headers);
    expect((await sync()).status).toBe(200);
    expect((await sync()).status).toBe(200);
    expectError(await sync(), 429, "RATE_LIMITED");
    // A true rolling window: one slot frees when the oldest hit is 60 minutes old.
    t.clock.advance(57 * 60_000);
    expect((await connect(4)).status).toBe(200);
    expectError(await connect(5), 429, "RATE_LIMITED");
  });

  it("500 INTERNAL_ERROR: an unexpected failure, without stack or detail", async () => {
    const r = await post("/api/v1/explode", {}, a.headers);
    expectError(r, 500, "INTERNAL_ERROR");
    expect(r.body.message).not.toMatch(/secret detail/);
  });

  it("login_v2 creates the account in LOGGING_IN with encrypted secrets, none in the request row", async () => {
    const r = await post(
      "/api/v1/login_v2",
      {
        email: "new@example.com",
        password: "hunter2",
        proxy: { host: "proxy.example", port: 8080, username: "u", password: "proxy-secret" },
        two_fa_secret: "JBSWY3DPEHPK3PXP",
      },
      a.headers,
    );
    expect(r.status).toBe(200);
    const accountId = r.body.accountId as string;
    const account = await t.store.getAccount(accountId);
    expect(account).toMatchObject({ status: "LOGGING_IN", workspaceId: a.workspaceId, email: "new@example.com" });
    expect(account!.proxy).toEqual({ host: "proxy.example", port: 8080, username: "u" });
    expect(await t.store.getAccountSecrets(accountId)).toMatchObject({
      password: "hunter2",
      proxy_password: "proxy-secret",
      two_fa_secret: "JBSWY3DPEHPK3PXP",
    });
    const row = await t.store.getRequest(r.body.requestId as string);
    expect(JSON.stringify(row!.input)).not.toMatch(/hunter2|proxy-secret|JBSWY3DPEHPK3PXP/);
    // login_code needs PIN_REQUIRED.
    const early = await post("/api/v1/login_code", { accountId, code: "1", requestId: r.body.requestId }, a.headers);
    expectError(early, 400, "ACCOUNT_NOT_ACTIVE");
    await t.store.updateAccount(accountId, { status: "PIN_REQUIRED" }, t.clock.now());
    // The login named must be this account's, in this workspace.
    const other = await post("/api/v1/connect", { accountId: b.accountId, profile_id: "pin" }, b.headers);
    for (const requestId of [other.body.requestId, crypto.randomUUID()]) {
      expectError(await post("/api/v1/login_code", { accountId, code: "1", requestId }, a.headers), 404, "NOT_FOUND");
    }
    const code = await post(
      "/api/v1/login_code",
      { accountId, code: "424242", request_id: r.body.requestId },
      a.headers,
    );
    expect(code.status).toBe(200);
  });

  it("disconnect_account erases secrets and fails queued work with ACCOUNT_DISCONNECTED", async () => {
    const d = await tenant(t, "delta");
    const queued = await post("/api/v1/connect", { accountId: d.accountId, profile_id: "q" }, d.headers);
    const before = await post("/api/v1/get_ln_account_details", { accountId: d.accountId }, d.headers);
    expect(before.body.queue_depth).toBe(1);
    expect(before.body.proxy).toEqual({ location: "US" });
    const r = await post("/api/v1/disconnect_account", { accountId: d.accountId }, d.headers);
    expect(r.body).toEqual({ message: "Account disconnected successfully" });
    const row = await t.store.getRequest(queued.body.requestId as string);
    expect(row!.status).toBe("ACCOUNT_DISCONNECTED");
    expect(Object.keys((await t.store.getAccountSecrets(d.accountId)) ?? {})).toEqual([]);
    const list = await post("/api/v1/get_all_ln_accounts", {}, d.headers);
    expect(list.body).toEqual([]);
    expectError(
      await post("/api/v1/connect", { accountId: d.accountId, profile_id: "q" }, d.headers),
      400,
      "ACCOUNT_NOT_ACTIVE",
    );
  });

  it("GET /health answers 200 with the store up; GET /openapi.json describes every route", async () => {
    const health = await fetch(`${api.url}/health`);
    expect(health.status).toBe(200);
    const doc = (await (await fetch(`${api.url}/openapi.json`)).json()) as { openapi: string; paths: object };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/api/v1/connect");
  });
}

describe("gateway over HTTP, SQLite", () => suite("sqlite"));
describe.runIf(pgUrl())("gateway over HTTP, PostgreSQL", () => suite("postgres"));
