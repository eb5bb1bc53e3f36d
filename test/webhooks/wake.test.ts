import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/lib/clock.ts";
import type { PostgresStore } from "../../src/store/postgres/store.ts";
import { insertDelivery } from "../../src/store/postgres/webhooks-outbox.ts";
import type { SqliteStore } from "../../src/store/sqlite/store.ts";
import { insertDelivery as insertSqlite } from "../../src/store/sqlite/webhooks-outbox.ts";
import { createWebhooks, type Webhooks } from "../../src/webhooks/index.ts";
import { requestPayload } from "../../src/webhooks/payload.ts";
import { generateSecret } from "../../src/webhooks/sign.ts";
import { DIALECTS, type Harness, openHarness, type Receiver, startReceiver } from "./support.ts";

/**
 * A running dispatcher on the real clock: it wakes on a committed outbox row (in-process for
 * SQLite, NOTIFY welink_webhooks for PostgreSQL, here written by ANOTHER pool) well before its
 * 5 s safety poll, and its timer fires the next due retry by itself.
 */
describe.each(DIALECTS)("dispatcher wake-ups on $dialect", ({ dialect }) => {
  let h: Harness;
  let rx: Receiver;
  let webhooks: Webhooks;

  beforeAll(async () => {
    h = await openHarness(dialect);
    rx = await startReceiver();
    await h.webhooks.setEndpoint({
      workspaceId: h.workspaceId,
      url: rx.url,
      secret: generateSecret(),
      signing: "jwt",
      events: [],
      now: Date.now(),
    });
    webhooks = createWebhooks({
      store: h.store,
      clock: systemClock,
      policy: { live: false, allowPrivate: false },
      dispatcher: { schedule: [300] },
    });
    await webhooks.start();
    // Let the start-up claim settle, so the dispatcher is idle on its poll timer.
    await new Promise((r) => setTimeout(r, 200));
  });
  afterAll(async () => {
    await webhooks.stop();
    await rx.close();
    await h.close();
  });

  const delivery = (accountId: string) => {
    const now = Date.now();
    return {
      workspaceId: h.workspaceId,
      accountId,
      requestId: `req-${now}`,
      eventType: "/api/v1/connect",
      payload: requestPayload({
        id: `req-${now}`,
        workspaceId: h.workspaceId,
        accountId,
        action: "connect",
        input: {},
        status: "SUCCESS",
        result: {},
        message: null,
        attempts: 1,
        runAt: now,
        expiresAt: null,
        createdAt: now,
        startedAt: now,
        finishedAt: now,
      }),
      now,
    };
  };

  it("sends a row committed by the engine's transaction within a second", async () => {
    const account = await h.account();
    const began = Date.now();
    if (dialect === "sqlite") {
      const db = (h.store as SqliteStore).db;
      db.transaction(() => insertSqlite(db, delivery(account)))();
    } else {
      const other = (await h.another()).store as PostgresStore;
      const client = await other.pool.connect();
      await client.query("BEGIN");
      await insertDelivery(client, delivery(account));
      await client.query("COMMIT");
      client.release();
    }
    while (rx.received.length < 1 && Date.now() - began < 4_000) await new Promise((r) => setTimeout(r, 5));
    expect(rx.received).toHaveLength(1);
    expect(Date.now() - began).toBeLessThan(1_000);
  });

  it("retries on its own timer when the retry falls due", async () => {
    rx.received.length = 0;
    let calls = 0;
    rx.respond = (_req, res) => res.writeHead(calls++ === 0 ? 500 : 200).end();
    await h.webhooks.enqueue(delivery(await h.account()));
    webhooks.dispatcher?.wake();
    const began = Date.now();
    while (rx.received.length < 2 && Date.now() - began < 4_000) await new Promise((r) => setTimeout(r, 5));
    expect(rx.received).toHaveLength(2);
    expect(rx.received[1]!.at - rx.received[0]!.at).toBeGreaterThanOrEqual(280);
    expect(rx.received[1]!.headers["webhook-id"]).toBe(rx.received[0]!.headers["webhook-id"]);
  });
});
