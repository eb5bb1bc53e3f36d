import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PostgresStore } from "../../src/store/postgres/store.ts";
import { insertDelivery } from "../../src/store/postgres/webhooks-outbox.ts";
import { pgUrl } from "../support/pg.ts";
import { type Harness, openHarness } from "./support.ts";

/**
 * The outbox insert and the dispatcher finishing the account's head run at the same moment
 * on PostgreSQL: whichever commits first, the new row must end up claimable (never blocked
 * forever behind a head that is gone), and never before the head is done.
 */
describe.runIf(pgUrl())("per-account order under concurrent insert and finish, PostgreSQL", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness("postgres");
    await h.endpoint();
  });
  afterAll(async () => h.close());

  const done = (deliveryId: string) => ({
    deliveryId,
    at: h.clock.now(),
    statusCode: 200,
    error: null,
    durationMs: 1,
    status: "delivered" as const,
    nextAttemptAt: null,
  });
  const row = (accountId: string) => ({
    workspaceId: h.workspaceId,
    accountId,
    requestId: null,
    eventType: "/api/v1/connect",
    payload: { status: "SUCCESS" },
    now: h.clock.now(),
  });

  it("insert holds the head: the finish waits, then promotes the new row", async () => {
    const account = await h.account();
    const head = await h.deliver(account);
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((d) => d.id)).toEqual([head]);
    const client = await (h.store as PostgresStore).pool.connect();
    await client.query("BEGIN");
    const next = await insertDelivery(client, row(account));
    let finished = false;
    const finishing = h.webhooks.recordAttempts([done(head)]).then(() => {
      finished = true;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(finished).toBe(false);
    await client.query("COMMIT");
    client.release();
    await finishing;
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((d) => d.id)).toEqual([next]);
  });

  it("finish holds the head: the insert waits, then sees no pending head and is ready itself", async () => {
    const account = await h.account();
    const head = await h.deliver(account);
    await h.webhooks.claimDue(h.clock.now(), 10, 60_000);
    const pool = (h.store as PostgresStore).pool;
    const holder = await pool.connect();
    await holder.query("BEGIN");
    await holder.query("UPDATE webhook_deliveries SET status = 'delivered' WHERE id = $1", [head]);
    let inserted: string | null | undefined;
    const inserting = insertDelivery(pool, row(account)).then((id) => {
      inserted = id;
    });
    await new Promise((r) => setTimeout(r, 150));
    expect(inserted).toBeUndefined();
    await holder.query("COMMIT");
    holder.release();
    await inserting;
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((d) => d.id)).toEqual([inserted]);
  });

  it("an engine batch inserting for two accounts and a dispatcher finishing both heads do not deadlock", async () => {
    const [x, y] = [await h.account(), await h.account()];
    const hx = await h.deliver(x);
    const hy = await h.deliver(y);
    await h.webhooks.claimDue(h.clock.now(), 10, 60_000);
    const engine = await (h.store as PostgresStore).pool.connect();
    await engine.query("BEGIN");
    const ny = await insertDelivery(engine, row(y)); // holds y's head
    const finishing = h.webhooks.recordAttempts([done(hx), done(hy)]);
    await new Promise((r) => setTimeout(r, 100));
    const nx = await insertDelivery(engine, row(x)); // needs x's head: must not wait for ever
    await engine.query("COMMIT");
    engine.release();
    await finishing;
    const claimed = (await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((d) => d.id);
    expect(claimed.sort()).toEqual([nx, ny].sort());
  });

  it("a row inserted behind a live head is not claimable until the head is done", async () => {
    const account = await h.account();
    const head = await h.deliver(account);
    const second = await h.deliver(account);
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((d) => d.id)).toEqual([head]);
    expect(await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).toEqual([]);
    await h.webhooks.recordAttempts([done(head)]);
    expect((await h.webhooks.claimDue(h.clock.now(), 10, 60_000)).map((d) => d.id)).toEqual([second]);
  });
});
