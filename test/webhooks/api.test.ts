import type { FastifyInstance } from "fastify";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/api/app.ts";
import { createKey } from "../../src/api/key-admin.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import { insertDelivery } from "../../src/store/sqlite/webhooks-outbox.ts";
import { createWebhooks, type Webhooks } from "../../src/webhooks/index.ts";
import { requestPayload } from "../../src/webhooks/payload.ts";
import { generateSecret } from "../../src/webhooks/sign.ts";
import { DIALECTS, type Harness, openHarness, type Receiver, startReceiver } from "./support.ts";

/** The webhook endpoints through the real gateway, on a real socket, with the dispatcher running. */
describe.each(DIALECTS)("webhook endpoints on $dialect", ({ dialect }) => {
  let h: Harness;
  let rx: Receiver;
  let webhooks: Webhooks;
  let app: FastifyInstance;
  let base: string;
  let headers: Record<string, string>;
  let workspaceId: string;

  const call = async (name: string, body: unknown = {}) => {
    const res = await fetch(`${base}/api/v1/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const waitFor = async (count: number) => {
    const deadline = Date.now() + 5_000;
    while (rx.received.length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(rx.received.length).toBe(count);
  };

  beforeAll(async () => {
    h = await openHarness(dialect);
    h.clock.set(Date.now());
    rx = await startReceiver();
    const key = await createKey(h.store, h.clock, { workspace: "hooks" });
    workspaceId = key.workspaceId;
    headers = { "x-api-key": key.apiKey, "x-api-secret": key.apiSecret };
    webhooks = createWebhooks({ store: h.store, clock: h.clock, policy: { live: false, allowPrivate: false } });
    await webhooks.start();
    app = await buildApp({ store: h.store, clock: h.clock, webhooks: webhooks.service });
    await app.listen({ port: 0, host: "127.0.0.1" });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await app?.close();
    await webhooks?.stop();
    await rx?.close();
    await h?.close();
  });

  it("webhook_get before any webhook_set is NOT_FOUND", async () => {
    expect(await call("webhook_get")).toMatchObject({ status: 404, body: { status: "NOT_FOUND" } });
  });

  it("webhook_set generates a whsec_ secret, shows it once, and webhook_get never shows it", async () => {
    const set = await call("webhook_set", { url: rx.url, events: ["connect", "*"] });
    expect(set.status).toBe(200);
    expect(String(set.body.secret)).toMatch(/^whsec_/);
    expect(set.body).toMatchObject({ url: rx.url, signing: "jwt", events: [] });
    const get = await call("webhook_get");
    expect(get.body).toMatchObject({ url: rx.url, signing: "jwt", events: [] });
    expect(JSON.stringify(get.body)).not.toContain("whsec_");
    // Changing the URL keeps the secret (and does not show it again).
    const again = await call("webhook_set", { url: rx.url });
    expect(again.body.secret).toBeUndefined();
    expect((await h.webhooks.getEndpoint(workspaceId))?.secret).toBe(set.body.secret);
  });

  it("refuses a malformed secret, a bad URL and a bad event name", async () => {
    for (const body of [
      { url: rx.url, secret: "not-a-whsec" },
      { url: rx.url, secret: `whsec_${Buffer.alloc(8).toString("base64")}` },
      { url: "ftp://example.com/hook" },
      { url: "not a url" },
      { url: rx.url, events: ["Connect Now"] },
      { url: rx.url, signing: "md5" },
    ]) {
      const res = await call("webhook_set", body);
      expect(res, JSON.stringify(body)).toMatchObject({ status: 400, body: { status: "INVALID_REQUEST" } });
    }
  });

  it("webhook_test reaches the receiver signed with the given secret; the log and replay follow", async () => {
    const secret = generateSecret();
    expect((await call("webhook_set", { url: rx.url, secret, events: ["connect"] })).status).toBe(200);
    const test = await call("webhook_test");
    expect(test.body).toMatchObject({ status: "QUEUED", delivery_id: expect.any(String) });
    await waitFor(1);
    const first = rx.received[0]!;
    expect(first.headers["webhook-id"]).toBe(test.body.delivery_id);
    expect(new Webhook(secret).verify(first.body, first.headers as Record<string, string>)).toMatchObject({
      event_type: "/api/v1/webhook_test",
      event: "WEBHOOK_TEST",
    });

    // The receiver answers before the dispatcher records the attempt.
    let log = await call("webhook_deliveries", { status: "delivered" });
    for (let i = 0; i < 100 && (log.body.deliveries as unknown[]).length === 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      log = await call("webhook_deliveries", { status: "delivered" });
    }
    expect(log.body.deliveries).toEqual([
      expect.objectContaining({
        delivery_id: test.body.delivery_id,
        webhook_id: test.body.delivery_id,
        status: "delivered",
        attempts: 1,
        last_status: 200,
        attempt_log: [
          { attempt: 1, at: expect.any(Number), status_code: 200, error: null, duration_ms: expect.any(Number) },
        ],
      }),
    ]);
    const replay = await call("webhook_replay", { delivery_id: test.body.delivery_id });
    expect(replay.body).toMatchObject({ delivery_id: test.body.delivery_id, status: "pending" });
    await waitFor(2);
    expect(rx.received[1]!.headers["webhook-id"]).toBe(test.body.delivery_id);
    expect(await call("webhook_replay", { delivery_id: "nope" })).toMatchObject({ status: 404 });
  });

  it("filters engine events by the endpoint's events and pages the log by request and cursor", async () => {
    const account = await h.account();
    const rows = [
      { action: "connect", requestId: "req-a" },
      { action: "endorse", requestId: "req-b" },
      { action: "connect", requestId: "req-c" },
    ];
    for (const row of rows) {
      const payload = requestPayload({
        id: row.requestId,
        workspaceId,
        accountId: account,
        action: row.action,
        input: {},
        status: "SUCCESS",
        result: {},
        message: null,
        attempts: 1,
        runAt: 0,
        expiresAt: null,
        createdAt: 0,
        startedAt: 0,
        finishedAt: 0,
      });
      const delivery = {
        workspaceId,
        accountId: account,
        requestId: row.requestId,
        eventType: `/api/v1/${row.action}`,
        payload,
        now: h.clock.now(),
      };
      if (dialect === "sqlite") {
        const db = (h.store as SqliteStore).db;
        db.transaction(() => insertDelivery(db, delivery))();
      } else {
        await h.webhooks.enqueue(delivery);
      }
    }
    await waitFor(4);
    expect(rx.received.slice(2).map((r) => JSON.parse(r.body).requestId)).toEqual(["req-a", "req-c"]);
    const one = await call("webhook_deliveries", { request_id: "req-c" });
    expect((one.body.deliveries as unknown[]).length).toBe(1);
    const page1 = await call("webhook_deliveries", { limit: 1 });
    expect(page1.body.next_cursor).toEqual(expect.any(String));
    const page2 = await call("webhook_deliveries", { limit: 5, cursor: page1.body.next_cursor });
    const ids = [
      ...(page1.body.deliveries as { delivery_id: string }[]),
      ...(page2.body.deliveries as { delivery_id: string }[]),
    ];
    expect(ids).toHaveLength(3);
    expect(page2.body.next_cursor).toBeNull();
  });
});

describe("webhook URL policy with --linkedin live", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("sqlite");
  });
  afterAll(async () => h.close());

  it("refuses private and loopback URLs at webhook_set unless allowPrivateWebhooks", async () => {
    const live = createWebhooks({ store: h.store, clock: h.clock, policy: { live: true, allowPrivate: false } });
    for (const url of [
      "http://127.0.0.1:9/hook",
      "http://localhost:9/hook",
      "http://10.1.2.3/h",
      "http://[::1]:9/h",
      "http://169.254.169.254/latest",
    ]) {
      await expect(live.service.set(h.workspaceId, { url }), url).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    }
    const allowed = createWebhooks({ store: h.store, clock: h.clock, policy: { live: true, allowPrivate: true } });
    await expect(allowed.service.set(h.workspaceId, { url: "http://127.0.0.1:9/hook" })).resolves.toMatchObject({
      url: "http://127.0.0.1:9/hook",
    });
    const sandbox = createWebhooks({ store: h.store, clock: h.clock, policy: { live: false, allowPrivate: false } });
    await expect(sandbox.service.set(h.workspaceId, { url: "http://localhost:9/hook" })).resolves.toBeTruthy();
  });
});
