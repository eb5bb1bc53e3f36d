import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/catalog/define.ts";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { seededRandom } from "../../src/lib/random.ts";
import type { TrackerRow } from "../../src/store/engine-types.ts";
import type { Store } from "../../src/store/types.ts";
import { pgUrl } from "../support/pg.ts";
import {
  type Dialect,
  newRequest,
  openTestStore,
  parseJson,
  type Seeded,
  seed,
  sql,
  type TestStore,
} from "./support.ts";

const dialects: Dialect[] = pgUrl() ? ["sqlite", "postgres"] : ["sqlite"];
const H = 3_600_000;

describe.each(dialects)("reply and acceptance tracking on %s", (dialect) => {
  let clock: ManualClock;
  let t: TestStore;
  let store: Store;
  let engine: Engine;
  let seeded: Seeded;
  let checks: { tracker: TrackerRow; at: number }[];
  let replied: Set<string>;

  beforeEach(async () => {
    clock = new ManualClock();
    t = await openTestStore(dialect, clock);
    store = t.store;
    seeded = await seed(store, clock.now(), 1);
    checks = [];
    replied = new Set();
    const deps = () => ({ store, clock, engine });
    engine = await createEngine({
      store,
      clock,
      random: seededRandom(1),
      defaultPacing: { min_gap_s: 0, max_gap_s: 0 },
      actions: [
        {
          name: "send_message_to_profile_id",
          bucket: "message",
          run: async (ctx: RunContext) => ({
            thread_id: `thread-${ctx.request.id}`,
            message_id: "m1",
            sent_at: clock.now(),
          }),
        },
        {
          name: "connect",
          bucket: "invitation",
          run: async () => ({ connected: true, profile_id: "ACoAAx", invitation_id: "inv-1" }),
        },
        { name: "get_active_tracker" },
        { name: "update_message_tracker" },
      ],
      makeContext: (c) => ({ deps: deps(), request: c.request, account: c.account }),
      checkTracker: async (tracker) => {
        checks.push({ tracker, at: clock.now() });
        const key = String(tracker.target.thread_id ?? tracker.target.invitation_id);
        return replied.has(key) ? { text: "hello back" } : null;
      },
    });
  });
  afterEach(async () => {
    await t.close();
  });

  async function run(action: string, input: Record<string, unknown>) {
    const r = newRequest(seeded, seeded.accountIds[0]!, action, clock.now(), input);
    await store.enqueue([r]);
    await engine.onEnqueued([seeded.accountIds[0]!]);
    await engine.drain();
    return (await store.getRequest(r.id))!;
  }

  it("a send with track_reply is polled every `frequency` hours and fires message_received once", async () => {
    const sent = await run("send_message_to_profile_id", {
      profile_id: "p1",
      message: "hi",
      track_reply: true,
      frequency: 2,
    });
    expect(sent.status).toBe("SUCCESS");
    const thread = `thread-${sent.id}`;
    const start = clock.now();
    await engine.step();
    expect(checks).toHaveLength(0);
    clock.advance(2 * H);
    await engine.step();
    expect(checks.map((c) => c.at - start)).toEqual([2 * H]);
    replied.add(thread);
    clock.advance(H);
    await engine.step();
    expect(checks).toHaveLength(1); // not due before its frequency
    clock.advance(H);
    await engine.step();
    expect(checks).toHaveLength(2);
    clock.advance(10 * H);
    await engine.step();
    expect(checks).toHaveLength(2); // fired, stopped
    const events = await sql(
      store,
      "SELECT payload FROM webhook_deliveries WHERE event_type = '/api/v1/message_received'",
    );
    expect(events).toHaveLength(1);
    expect(parseJson(events[0]!.payload)).toMatchObject({
      status: "SUCCESS",
      result: { thread_id: thread, text: "hello back", requestId: sent.id },
    });
  });

  it("a tracker keeps the account's safety rules: cooldown, inactive account, working hours", async () => {
    const account = seeded.accountIds[0]!;
    await run("send_message_to_profile_id", { profile_id: "p1", message: "hi", track_reply: true, frequency: 1 });
    const start = clock.now();
    // A 429 cooldown of 3 hours: no look at LinkedIn before it ends, then one.
    await sql(store, "UPDATE lanes SET cooldown_until = $1 WHERE account_id = $2", [start + 3 * H, account]);
    clock.advance(H);
    await engine.step();
    expect(checks).toHaveLength(0);
    clock.set(start + 3 * H - 1);
    await engine.step();
    expect(checks).toHaveLength(0);
    clock.set(start + 3 * H);
    await engine.step();
    expect(checks.map((c) => c.at - start)).toEqual([3 * H]);

    // A restricted account is not read; once ACTIVE again, its next regular check happens.
    await store.updateAccount(account, { status: "RESTRICTED" }, clock.now());
    clock.advance(H);
    await engine.step();
    expect(checks).toHaveLength(1);
    await store.updateAccount(account, { status: "ACTIVE" }, clock.now());
    clock.advance(H);
    await engine.step();
    expect(checks).toHaveLength(2);

    // Working hours 09:00-10:00 UTC on weekdays: closed now (14:00), next look at 09:00.
    const hours = { timezone: "UTC", days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "10:00" };
    await store.updateAccount(account, { limits: { working_hours: hours } }, clock.now());
    clock.advance(H);
    await engine.step();
    expect(checks).toHaveLength(2);
    clock.set(Date.UTC(2026, 0, 6, 9, 0));
    await engine.step();
    expect(checks).toHaveLength(3);
    expect(checks[2]!.at).toBe(Date.UTC(2026, 0, 6, 9, 0));
  });

  it("lists and switches trackers through get_active_tracker and update_message_tracker", async () => {
    await run("send_message_to_profile_id", { profile_id: "p1", message: "hi", track_reply: true });
    const listed = await run("get_active_tracker", {});
    const trackers = (listed.result as { trackers: Record<string, unknown>[] }).trackers;
    expect(trackers).toHaveLength(1);
    expect(trackers[0]).toMatchObject({ type: "message_reply", frequency: 1, active: true });
    const off = await run("update_message_tracker", { tracker_id: trackers[0]!.tracker_id, active: false });
    expect(off.result).toMatchObject({ active: false });
    expect(((await run("get_active_tracker", {})).result as { trackers: unknown[] }).trackers).toHaveLength(0);
    clock.advance(5 * H);
    await engine.step();
    expect(checks).toHaveLength(0);
    const missing = await run("update_message_tracker", { tracker_id: "nope", active: true });
    expect(missing.status).toBe("NOT_FOUND");
  });

  it("an invitation sent through welink is watched for acceptance and fires connection_accepted", async () => {
    await run("connect", { profile_id: "ACoAAx" });
    replied.add("inv-1");
    clock.advance(4 * H);
    await engine.step();
    const events = await sql(
      store,
      "SELECT payload FROM webhook_deliveries WHERE event_type = '/api/v1/connection_accepted'",
    );
    expect(events).toHaveLength(1);
    expect(parseJson(events[0]!.payload)).toMatchObject({ result: { profile_id: "ACoAAx", invitation_id: "inv-1" } });
  });
});
