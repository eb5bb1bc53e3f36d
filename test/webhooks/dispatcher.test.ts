import { jwtVerify } from "jose";
import { Webhook } from "standardwebhooks";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createDispatcher,
  DEFAULT_TIMEOUT_MS,
  type Dispatcher,
  RETRY_SCHEDULE_MS,
} from "../../src/webhooks/dispatcher.ts";
import { generateSecret } from "../../src/webhooks/sign.ts";
import { DIALECTS, type Harness, openHarness, type Receiver, startReceiver } from "./support.ts";

const MINUTE = 60_000;

describe.each(DIALECTS)("webhook dispatcher on $dialect", ({ dialect }) => {
  let h: Harness;
  let rx: Receiver;
  let other: Receiver;
  const secret = generateSecret();
  const dispatchers: Dispatcher[] = [];
  const dispatcher = (overrides: Partial<Parameters<typeof createDispatcher>[0]> = {}) => {
    const d = createDispatcher({ store: h.webhooks, clock: h.clock, ...overrides });
    dispatchers.push(d);
    return d;
  };

  beforeAll(async () => {
    h = await openHarness(dialect);
    rx = await startReceiver();
    other = await startReceiver();
    await h.endpoint(rx.url, secret);
  });
  afterEach(async () => {
    for (const d of dispatchers.splice(0)) await d.stop();
    // Leave nothing pending for the next test.
    const pending = await h.webhooks.list({ workspaceId: h.workspaceId, status: "pending", limit: 1000 });
    await h.webhooks.recordAttempts(pending.deliveries.map((d) => doneOutcome(d.id, h.clock.now())));
    rx.received.length = 0;
    other.received.length = 0;
    rx.respond = (_req, res) => res.writeHead(200).end();
  });
  afterAll(async () => {
    await rx.close();
    await other.close();
    await h.close();
  });

  it("delivers a signed payload that standardwebhooks and jose verify, and logs the attempt", async () => {
    const account = await h.account();
    const id = await h.deliver(account, "req-signed");
    // The package checks the timestamp against the real clock.
    h.clock.set(Date.now());
    expect(await dispatcher().runDue()).toBe(1);
    expect(rx.received).toHaveLength(1);
    const { headers, body } = rx.received[0]!;
    expect(headers["webhook-id"]).toBe(id);
    expect(headers["content-type"]).toBe("application/json");
    const verified = new Webhook(secret).verify(body, headers as Record<string, string>) as Record<string, unknown>;
    expect(verified).toMatchObject({
      status: "SUCCESS",
      requestId: "req-signed",
      request_id: "req-signed",
      event_type: "/api/v1/connect",
      event: "CONNECTION_SENT",
      accountId: account,
      result: { connected: true, profile_id: "ACoAA-1" },
    });
    const { payload: claims } = await jwtVerify(String(verified.hash), new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
    });
    const { hash: _hash, ...withoutHash } = verified;
    expect({ ...claims, iat: undefined }).toEqual({ ...withoutHash, iat: undefined });

    const log = await h.webhooks.get(h.workspaceId, id);
    expect(log).toMatchObject({ status: "delivered", attempts: 1, lastStatus: 200, lastError: null });
    expect(log?.deliveredAt).toBe(h.clock.now());
    expect(log?.attemptLog).toEqual([
      { deliveryId: id, attempt: 1, at: h.clock.now(), statusCode: 200, error: null, durationMs: expect.any(Number) },
    ]);
  });

  it("retries after 1 min, 5 min, 30 min, 2 h, 12 h, then marks the delivery failed", async () => {
    rx.respond = (_req, res) => res.writeHead(503).end("down");
    const start = h.clock.now();
    const id = await h.deliver(await h.account());
    const d = dispatcher();
    expect(await d.runDue()).toBe(1);
    let elapsed = 0;
    for (const [i, delay] of RETRY_SCHEDULE_MS.entries()) {
      const row = await h.webhooks.get(h.workspaceId, id);
      expect(row).toMatchObject({ status: "pending", attempts: i + 1, nextAttemptAt: start + elapsed + delay });
      h.clock.advance(delay - 1);
      expect(await d.runDue()).toBe(0);
      h.clock.advance(1);
      elapsed += delay;
      expect(await d.runDue()).toBe(1);
    }
    const row = await h.webhooks.get(h.workspaceId, id);
    expect(row).toMatchObject({ status: "failed", attempts: 6, lastStatus: 503, lastError: "HTTP 503" });
    expect(row?.attemptLog.map((a) => a.at - start)).toEqual([
      0,
      MINUTE,
      6 * MINUTE,
      36 * MINUTE,
      156 * MINUTE,
      876 * MINUTE,
    ]);
    expect(new Set(rx.received.map((r) => r.headers["webhook-id"]))).toEqual(new Set([id]));
    h.clock.advance(24 * 3_600_000);
    expect(await d.runDue()).toBe(0);
  });

  it("does not follow redirects: a 3xx is a failed attempt", async () => {
    rx.respond = (_req, res) => res.writeHead(307, { location: other.url }).end();
    const id = await h.deliver(await h.account());
    expect(await dispatcher().runDue()).toBe(1);
    expect(other.received).toHaveLength(0);
    const row = await h.webhooks.get(h.workspaceId, id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastStatus: 307 });
    expect(row?.lastError).toBe(`redirect not followed (307 to ${other.url})`);
  });

  it("times out a slow receiver (30 s by default; shortened here)", async () => {
    expect(DEFAULT_TIMEOUT_MS).toBe(30_000);
    expect(dispatcher().settings).toMatchObject({ timeoutMs: 30_000, schedule: RETRY_SCHEDULE_MS });
    expect(RETRY_SCHEDULE_MS).toEqual([60_000, 300_000, 1_800_000, 7_200_000, 43_200_000]);
    rx.respond = (_req, res) => {
      setTimeout(() => res.writeHead(200).end(), 1_000).unref();
    };
    const id = await h.deliver(await h.account());
    const began = Date.now();
    expect(await dispatcher({ timeoutMs: 150 }).runDue()).toBe(1);
    expect(Date.now() - began).toBeLessThan(900);
    const row = await h.webhooks.get(h.workspaceId, id);
    expect(row).toMatchObject({ status: "pending", lastStatus: null, lastError: "timeout: no answer within 150 ms" });
    expect(row?.attemptLog[0]?.durationMs).toBeGreaterThanOrEqual(140);
  });

  it("logs a refused connection as a failed attempt", async () => {
    const closed = await startReceiver();
    await closed.close();
    await h.endpoint(closed.url, secret);
    try {
      const id = await h.deliver(await h.account());
      await dispatcher().runDue();
      const row = await h.webhooks.get(h.workspaceId, id);
      expect(row?.lastError).toMatch(/ECONNREFUSED/);
    } finally {
      await h.endpoint(rx.url, secret);
    }
  });

  it("keeps order per account: a later delivery waits while an earlier one of its account is pending", async () => {
    const [a, b] = [await h.account(), await h.account()];
    const a1 = await h.deliver(a);
    const a2 = await h.deliver(a);
    const b1 = await h.deliver(b);
    rx.respond = (req, res) => res.writeHead(req.headers["webhook-id"] === a1 ? 500 : 200).end();
    const d = dispatcher();
    await d.runDue();
    expect(rx.received.map((r) => r.headers["webhook-id"]).sort()).toEqual([a1, b1].sort());
    expect((await h.webhooks.get(h.workspaceId, a2))?.attempts).toBe(0);
    rx.respond = (_req, res) => res.writeHead(200).end();
    h.clock.advance(MINUTE);
    expect(await d.runDue()).toBe(2);
    expect(rx.received.map((r) => r.headers["webhook-id"]).slice(2)).toEqual([a1, a2]);
  });

  it("sends many accounts in parallel and each account in order (running dispatcher, real timers)", async () => {
    const accounts = await Promise.all(Array.from({ length: 8 }, () => h.account()));
    const expected = new Map<string, string[]>();
    for (let i = 0; i < 10; i++) {
      for (const account of accounts) {
        const id = await h.deliver(account);
        expected.set(account, [...(expected.get(account) ?? []), id]);
      }
    }
    rx.respond = (_req, res) => {
      setTimeout(() => res.writeHead(200).end(), Math.floor(Math.random() * 5)).unref();
    };
    const d = dispatcher({ concurrency: 6 });
    d.start();
    const deadline = Date.now() + 10_000;
    while (rx.received.length < 80 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(rx.received).toHaveLength(80);
    for (const account of accounts) {
      const got = rx.received
        .map((r) => JSON.parse(r.body) as { accountId: string })
        .map((body, i) => ({ body, id: rx.received[i]!.headers["webhook-id"] }))
        .filter((x) => x.body.accountId === account)
        .map((x) => x.id);
      expect(got).toEqual(expected.get(account));
    }
  });

  it("replays a delivered delivery as a new attempt with the same webhook-id", async () => {
    const id = await h.deliver(await h.account());
    const d = dispatcher();
    await d.runDue();
    h.clock.advance(MINUTE);
    expect(await h.webhooks.replay(h.workspaceId, id, h.clock.now())).toMatchObject({ id, status: "pending" });
    expect(await h.webhooks.replay("another-workspace", id, h.clock.now())).toBeNull();
    expect(await d.runDue()).toBe(1);
    expect(rx.received.map((r) => r.headers["webhook-id"])).toEqual([id, id]);
    const row = await h.webhooks.get(h.workspaceId, id);
    expect(row).toMatchObject({ status: "delivered", attempts: 2 });
    expect(row?.attemptLog.map((a) => a.attempt)).toEqual([1, 2]);
  });

  it("replays a failed delivery", async () => {
    rx.respond = (_req, res) => res.writeHead(500).end();
    const id = await h.deliver(await h.account());
    const d = dispatcher({ schedule: [] });
    await d.runDue();
    expect((await h.webhooks.get(h.workspaceId, id))?.status).toBe("failed");
    rx.respond = (_req, res) => res.writeHead(204).end();
    await h.webhooks.replay(h.workspaceId, id, h.clock.now());
    await d.runDue();
    expect(await h.webhooks.get(h.workspaceId, id)).toMatchObject({
      status: "delivered",
      attempts: 2,
      lastStatus: 204,
    });
  });

  it("stops the deliveries of a disconnected account", async () => {
    const account = await h.account();
    const id = await h.deliver(account);
    await h.store.updateAccount(account, { status: "DISCONNECTED", disconnectedAt: h.clock.now() }, h.clock.now());
    expect(await dispatcher().runDue()).toBe(0);
    expect(rx.received).toHaveLength(0);
    expect(await h.webhooks.get(h.workspaceId, id)).toMatchObject({
      status: "failed",
      lastError: "account disconnected",
    });
  });

  it("prunes finished deliveries past the retention, with their attempts, and keeps pending ones", async () => {
    const d = dispatcher({ retentionMs: 24 * 3_600_000 });
    const old = await h.deliver(await h.account());
    await d.runDue();
    rx.respond = (_req, res) => res.writeHead(500).end();
    const waiting = await h.deliver(await h.account());
    await d.runDue();
    h.clock.advance(24 * 3_600_000 + 1);
    expect(await d.prune()).toBeGreaterThanOrEqual(1);
    expect(await h.webhooks.get(h.workspaceId, old)).toBeNull();
    expect(await h.webhooks.get(h.workspaceId, waiting)).toMatchObject({ status: "pending", attempts: 1 });
  });

  it("a restarted SQLite dispatcher sends at once what a crashed run had claimed; PostgreSQL waits for the lease", async () => {
    const id = await h.deliver(await h.account());
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((c) => c.id)).toEqual([id]);
    const d = dispatcher();
    d.start();
    await new Promise((r) => setTimeout(r, 300));
    if (dialect === "sqlite") expect(rx.received.map((r) => r.headers["webhook-id"])).toEqual([id]);
    else {
      expect(rx.received).toHaveLength(0);
      h.clock.advance(60_000);
      expect(await dispatcher().runDue()).toBe(1);
    }
  });

  it("never sends a delivery twice when two dispatchers claim at once", async () => {
    const second = await h.another();
    const accounts = await Promise.all(Array.from({ length: 10 }, () => h.account()));
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) for (const a of accounts) ids.push(await h.deliver(a));
    const d1 = dispatcher({ concurrency: 4 });
    const d2 = dispatcher({ store: second.webhooks, concurrency: 4 });
    await Promise.all([d1.runDue(), d2.runDue(), d1.runDue()]);
    await Promise.all([d1.runDue(), d2.runDue()]);
    const sent = rx.received.map((r) => String(r.headers["webhook-id"]));
    expect([...sent].sort()).toEqual([...ids].sort());
    // And each account's deliveries arrived in the order they were written.
    for (const a of accounts) {
      const mine = rx.received.filter((r) => JSON.parse(r.body).accountId === a).map((r) => r.headers["webhook-id"]);
      expect(mine).toEqual(ids.filter((_, i) => accounts[i % accounts.length] === a));
    }
  });
});

function doneOutcome(deliveryId: string, at: number) {
  return {
    deliveryId,
    at,
    statusCode: 200,
    error: null,
    durationMs: 0,
    status: "delivered" as const,
    nextAttemptAt: null,
  };
}
