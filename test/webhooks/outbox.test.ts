import { readFileSync } from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  insertDeliveries as insertManyPg,
  insertDelivery as insertPg,
} from "../../src/store/postgres/webhooks-outbox.ts";
import {
  insertDelivery as insertSqlite,
  onDeliveryInserted,
  outboxWriter,
} from "../../src/store/sqlite/webhooks-outbox.ts";
import type { RequestRow } from "../../src/store/types.ts";
import { eventPayload, requestPayload } from "../../src/webhooks/payload.ts";
import { freshSchema, pgUrl } from "../support/pg.ts";

const migration = (dialect: string) =>
  readFileSync(new URL(`../../src/store/${dialect}/migrations/003_webhooks.sql`, import.meta.url), "utf8");

const request = (patch: Partial<RequestRow>): RequestRow => ({
  id: "r-1",
  workspaceId: "w-1",
  accountId: "a-1",
  action: "connect",
  input: {},
  status: "SUCCESS",
  result: { connected: true, profile_id: "p-1" },
  message: null,
  attempts: 1,
  runAt: 0,
  expiresAt: null,
  createdAt: 0,
  startedAt: 1,
  finishedAt: 2,
  ...patch,
});

describe("payload", () => {
  it("builds the success shape", () => {
    expect(requestPayload(request({}))).toEqual({
      status: "SUCCESS",
      requestId: "r-1",
      request_id: "r-1",
      result: { connected: true, profile_id: "p-1" },
      event_type: "/api/v1/connect",
      event: "CONNECTION_SENT",
      accountId: "a-1",
    });
  });

  it("builds the failure shape with retryable and scope from the catalogue", () => {
    const payload = requestPayload(
      request({ status: "PROFILE_NOT_FOUND", result: null, message: "Profile not found" }),
    );
    expect(payload).toEqual({
      status: "PROFILE_NOT_FOUND",
      requestId: "r-1",
      request_id: "r-1",
      message: "Profile not found",
      event_type: "/api/v1/connect",
      event: "CONNECTION_FAILED",
      accountId: "a-1",
      retryable: false,
      scope: "prospect",
    });
  });

  it("names login, send and unsolicited events", () => {
    expect(requestPayload(request({ action: "login_v2", status: "PIN_REQUIRED", result: null })).event).toBe(
      "LOGIN_PIN_REQUIRED",
    );
    expect(requestPayload(request({ action: "send_message_to_thread" })).event).toBe("MESSAGE_SENT");
    expect(eventPayload("connection_accepted", "a-1", { profile_id: "p" })).toMatchObject({
      event_type: "/api/v1/connection_accepted",
      event: "CONNECTION_ACCEPTED",
      accountId: "a-1",
      result: { profile_id: "p" },
    });
  });
});

const delivery = (eventType: string) => ({
  workspaceId: "w-1",
  accountId: "a-1",
  requestId: "r-1",
  eventType,
  payload: requestPayload(request({})),
  now: 1000,
});

describe("outbox insert, SQLite", () => {
  const db = new Database(":memory:");
  db.exec(migration("sqlite"));

  it("skips a workspace without an endpoint, honours the events filter, commits with the caller", async () => {
    expect(insertSqlite(db, delivery("/api/v1/connect"))).toBeNull();
    db.prepare(
      `INSERT INTO webhook_endpoints (workspace_id, url, secret_enc, signing, events, created_at, updated_at)
       VALUES ('w-1', 'http://x', 'enc', 'jwt', '["/api/v1/connect"]', 0, 0)`,
    ).run();
    let woke = 0;
    const off = onDeliveryInserted(() => woke++);
    const ids = db.transaction(() => [
      insertSqlite(db, delivery("/api/v1/connect")),
      insertSqlite(db, delivery("/api/v1/endorse")),
    ])();
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBeNull();
    const rolledBack = () =>
      db.transaction(() => {
        insertSqlite(db, delivery("/api/v1/connect"));
        throw new Error("rollback");
      })();
    expect(rolledBack).toThrow("rollback");
    const rows = db.prepare("SELECT * FROM webhook_deliveries").all() as Record<string, unknown>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: ids[0], status: "pending", attempts: 0, next_attempt_at: 1000 });
    expect(JSON.parse(String(rows[0]?.payload))).toMatchObject({ requestId: "r-1" });
    await new Promise((r) => setImmediate(r));
    expect(woke).toBeGreaterThan(0);
    off();
  });

  it("a batch writer: only an account's first row without a pending one is ready; skipped rows get null", () => {
    db.prepare(
      `INSERT INTO webhook_endpoints (workspace_id, url, secret_enc, signing, events, created_at, updated_at)
       VALUES ('w-2', 'http://x', 'enc', 'jwt', '[]', 0, 0)`,
    ).run();
    const row = (accountId: string | null, workspaceId = "w-2", eventType = "/api/v1/endorse") => ({
      ...delivery(eventType),
      workspaceId,
      accountId,
    });
    const ids = db.transaction(() => {
      const writer = outboxWriter(db);
      return [
        writer.insert(row("a-1")), // a-1 has a pending row from the test above: not ready
        writer.insert(row("b-1")), // b-1's first: ready
        writer.insert(row("b-1")), // behind it
        writer.insert(row("c-1", "w-none")), // no endpoint
        writer.insert(row("c-1", "w-1")), // filtered out by w-1's events
        writer.insert(row(null)), // no account: no order, ready
      ];
    })();
    expect(ids.map((id) => id !== null)).toEqual([true, true, true, false, false, true]);
    const ready = (id: string | null) =>
      (db.prepare("SELECT ready FROM webhook_deliveries WHERE id = ?").get(id) as { ready: number }).ready;
    expect(ids.filter((id) => id !== null).map(ready)).toEqual([0, 1, 0, 1]);
    // Time-ordered ids: the `id` index is appended to.
    expect(ids[1]! < ids[2]!).toBe(true);
    expect(ids[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
  });
});

describe.runIf(pgUrl())("outbox insert, PostgreSQL", () => {
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let pool: pg.Pool;
  beforeAll(async () => {
    schema = await freshSchema("wh");
    pool = new pg.Pool({ connectionString: schema.url, max: 3 });
    await pool.query(migration("postgres"));
  });
  afterAll(async () => {
    await pool.end();
    await schema.drop();
  });

  it("inserts inside the caller's transaction and notifies at commit", async () => {
    await pool.query(
      `INSERT INTO webhook_endpoints (workspace_id, url, secret_enc, signing, events, created_at, updated_at)
       VALUES ('w-1', 'http://x', 'enc', 'jwt', '[]', 0, 0)`,
    );
    const listener = await pool.connect();
    const notes: string[] = [];
    listener.on("notification", (n) => notes.push(n.channel));
    await listener.query("LISTEN welink_webhooks");
    const client = await pool.connect();
    await client.query("BEGIN");
    const id = await insertPg(client, delivery("/api/v1/connect"));
    expect(notes).toEqual([]);
    await client.query("COMMIT");
    client.release();
    await new Promise((r) => setTimeout(r, 100));
    expect(notes).toEqual(["welink_webhooks"]);
    const { rows } = await pool.query("SELECT id, status, payload, seq FROM webhook_deliveries");
    expect(rows).toEqual([expect.objectContaining({ id, status: "pending" })]);
    expect(rows[0].payload.event).toBe("CONNECTION_SENT");
    expect(await insertPg(pool, { ...delivery("/api/v1/connect"), workspaceId: "none" })).toBeNull();
    listener.release();
  });

  it("inserts a batch in one statement: given order, one head per account, filters and missing endpoints", async () => {
    await pool.query(
      `INSERT INTO webhook_endpoints (workspace_id, url, secret_enc, signing, events, created_at, updated_at)
       VALUES ('w-2', 'http://x', 'enc', 'jwt', '["/api/v1/connect"]', 0, 0)`,
    );
    const row = (accountId: string | null, workspaceId = "w-1", eventType = "/api/v1/connect") => ({
      ...delivery(eventType),
      workspaceId,
      accountId,
    });
    const ids = await insertManyPg(pool, [
      row("a-1"), // a-1 has a pending row from the test above: not ready
      row("b-1"), // b-1's first: ready
      row("b-1"), // behind it
      row("c-1", "none"), // no endpoint
      row("c-1", "w-2", "/api/v1/endorse"), // filtered out by w-2's events
      row("c-1", "w-2"), // c-1's first kept row: ready
      row(null), // no account: ready
    ]);
    expect(ids.map((id) => id !== null)).toEqual([true, true, true, false, false, true, true]);
    const { rows } = await pool.query<{ id: string; ready: boolean }>(
      "SELECT id, ready FROM webhook_deliveries WHERE id = ANY($1) ORDER BY seq",
      [ids.filter((id) => id !== null)],
    );
    expect(rows.map((r) => r.id)).toEqual(ids.filter((id) => id !== null));
    expect(rows.map((r) => r.ready)).toEqual([false, true, false, true, true]);
  });
});
