import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/catalog/define.ts";
import type { EngineAction } from "../../src/engine/actions.ts";
import { createEngine, type Engine, type EngineEvent } from "../../src/engine/engine.ts";
import { WelinkError } from "../../src/errors/index.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { seededRandom } from "../../src/lib/random.ts";
import type { Store } from "../../src/store/types.ts";
import { pgUrl } from "../support/pg.ts";
import {
  type Dialect,
  deliveries,
  newRequest,
  openTestStore,
  parseJson,
  type Seeded,
  seed,
  sql,
  statuses,
  type TestStore,
} from "./support.ts";

const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

const dialects: Dialect[] = pgUrl() ? ["sqlite", "postgres"] : ["sqlite"];

describe.each(dialects)("engine on %s", (dialect) => {
  let clock: ManualClock;
  let t: TestStore;
  let store: Store;
  let engine: Engine;
  let events: EngineEvent[];
  let seeded: Seeded;
  /** What each test action did, in order. */
  let calls: { action: string; requestId: string; at: number }[];
  /** Per action: what its next runs throw (consumed in order); empty = success. */
  let failures: Record<string, unknown[]>;
  /** Side effects that "reached LinkedIn" (for verify). */
  let sent: Set<string>;

  const record = (name: string) => async (ctx: RunContext) => {
    calls.push({ action: name, requestId: ctx.request.id, at: clock.now() });
    const next = failures[name]?.shift();
    if (next !== undefined) throw next;
    sent.add(ctx.request.id);
    return { ok: true, by: name };
  };
  const actions: EngineAction[] = [
    { name: "noop", run: record("noop") },
    { name: "connect", bucket: "invitation", run: record("connect") },
    { name: "message", bucket: "message", run: record("message") },
    {
      name: "send",
      bucket: "message",
      run: record("send"),
      verify: async (ctx) => {
        calls.push({ action: "verify", requestId: ctx.request.id, at: clock.now() });
        return sent.has(ctx.request.id) ? { ok: true, verified: true } : null;
      },
    },
    { name: "login_v2", run: record("login_v2") },
  ];

  async function makeEngine(pacing = { min_gap_s: 0, max_gap_s: 0 }, extra: Record<string, unknown> = {}) {
    engine = await createEngine({
      store,
      clock,
      random: seededRandom(11),
      actions,
      makeContext: (c) => ({ deps: { store, clock }, request: c.request, account: c.account }),
      workerId: "w1",
      leaseMs: 30 * S,
      defaultPacing: pacing,
      onEvent: (e) => events.push(e),
      ...extra,
    });
    return engine;
  }

  async function enqueue(
    accountId: string,
    action: string,
    input: Record<string, unknown> = {},
    expiresInMs?: number | null,
  ) {
    const r = newRequest(
      seeded,
      accountId,
      action,
      clock.now(),
      input,
      expiresInMs === undefined ? 24 * H : expiresInMs,
    );
    await store.enqueue([r]);
    await engine.onEnqueued([accountId]);
    return r.id;
  }

  /** Steps, advancing the manual clock to the next due time, until `done()` or `limit` ms pass. */
  async function runUntil(done: () => Promise<boolean>, limitMs: number) {
    const end = clock.now() + limitMs;
    while (clock.now() <= end) {
      await engine.drain();
      if (await done()) return;
      const due = await engine.store.nextDueAt();
      if (due === null) {
        clock.advance(MIN);
      } else clock.set(Math.max(clock.now() + 1, due));
    }
  }

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0));
    t = await openTestStore(dialect, clock);
    store = t.store;
    events = [];
    calls = [];
    failures = {};
    sent = new Set();
    seeded = await seed(store, clock.now(), 3);
  });
  afterEach(async () => {
    await t.close();
  });

  it("runs a request to SUCCESS with its webhook row in the outbox", async () => {
    await makeEngine();
    const id = await enqueue(seeded.accountIds[0]!, "noop");
    expect((await store.getRequest(id))?.status).toBe("QUEUED");
    expect(await engine.step()).toBe(1);
    const row = await store.getRequest(id);
    expect(row).toMatchObject({ status: "SUCCESS", result: { ok: true, by: "noop" }, attempts: 1 });
    const rows = await deliveries(store, id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.event_type).toBe("/api/v1/noop");
    expect(parseJson(rows[0]!.payload)).toMatchObject({ status: "SUCCESS", requestId: id, request_id: id });
    expect(await store.countPending(seeded.accountIds[0]!)).toBe(0);
  });

  it("paces one account's actions with a jittered gap of 30-120 s", async () => {
    await makeEngine({ min_gap_s: 30, max_gap_s: 120 });
    const account = seeded.accountIds[0]!;
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await enqueue(account, "noop"));
    await runUntil(async () => (await statuses(store, ids)).every((s) => s === "SUCCESS"), 2 * H);
    expect(await statuses(store, ids)).toEqual(ids.map(() => "SUCCESS"));
    const times = calls.map((c) => c.at);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.every((g) => g >= 30 * S && g <= 120 * S)).toBe(true);
    expect(new Set(gaps).size).toBeGreaterThan(1);
    // Request order is kept within the lane.
    expect(calls.map((c) => c.requestId)).toEqual(ids);
  });

  it("runs different accounts side by side: pacing is per lane", async () => {
    await makeEngine({ min_gap_s: 60, max_gap_s: 60 });
    const ids = await Promise.all(seeded.accountIds.map((a) => enqueue(a, "noop")));
    expect(await engine.step()).toBe(3);
    expect(await statuses(store, ids)).toEqual(["SUCCESS", "SUCCESS", "SUCCESS"]);
  });

  it("waits for working hours in the account's time zone, across the date line", async () => {
    const account = seeded.accountIds[0]!;
    await store.updateAccount(
      account,
      {
        limits: {
          working_hours: {
            timezone: "Asia/Tokyo",
            days: ["mon", "tue", "wed", "thu", "fri"],
            start: "09:00",
            end: "18:00",
          },
        },
      },
      clock.now(),
    );
    await makeEngine();
    clock.set(Date.UTC(2026, 0, 5, 10, 0)); // Monday 19:00 in Tokyo: closed.
    const id = await enqueue(account, "noop");
    await engine.step();
    expect((await store.getRequest(id))?.status).toBe("QUEUED");
    expect((await store.getRequest(id))?.attempts).toBe(0);
    // The lane waits for Tuesday 09:00 JST = Tuesday 00:00 UTC.
    expect(await engine.store.nextDueAt()).toBe(Date.UTC(2026, 0, 6, 0, 0));
    clock.set(Date.UTC(2026, 0, 5, 23, 59));
    await engine.step();
    expect((await store.getRequest(id))?.status).toBe("QUEUED");
    clock.set(Date.UTC(2026, 0, 6, 0, 0));
    await engine.step();
    expect((await store.getRequest(id))?.status).toBe("SUCCESS");
    expect(calls[0]!.at).toBe(Date.UTC(2026, 0, 6, 0, 0));
  });

  it("postpones a request whose quota is used up to the window's reset, and lets the lane's other work run", async () => {
    const account = seeded.accountIds[0]!;
    await store.updateAccount(account, { limits: { buckets: { invitation: { day: 2 } } } }, clock.now());
    await makeEngine();
    const start = clock.now();
    const invites = [
      await enqueue(account, "connect"),
      await enqueue(account, "connect"),
      await enqueue(account, "connect"),
    ];
    const other = await enqueue(account, "noop");
    await engine.drain();
    expect(await statuses(store, [...invites, other])).toEqual(["SUCCESS", "SUCCESS", "QUEUED", "SUCCESS"]);
    const third = await store.getRequest(invites[2]!);
    expect(third?.runAt).toBe(start + D); // the first invitation leaves the 24 h window
    expect(third?.attempts).toBe(0);
    clock.set(start + D - 1);
    await engine.drain();
    expect((await store.getRequest(invites[2]!))?.status).toBe("QUEUED");
    clock.set(start + D);
    await engine.drain();
    expect((await store.getRequest(invites[2]!))?.status).toBe("SUCCESS");
  });

  it("STATUS_429 cools the account down 5 then 10 minutes and retries the request", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    failures.message = [new WelinkError("STATUS_429"), new WelinkError("STATUS_429")];
    const t0 = clock.now();
    const id = await enqueue(account, "message");
    await engine.step();
    expect(await engine.store.getLane(account)).toMatchObject({ cooldownUntil: t0 + 5 * MIN, streak429: 1 });
    expect((await store.getRequest(id))?.status).toBe("QUEUED");
    // The whole account waits: other work does not run during the cooldown.
    const other = await enqueue(account, "noop");
    clock.set(t0 + 5 * MIN - 1);
    await engine.drain();
    expect(await statuses(store, [id, other])).toEqual(["QUEUED", "QUEUED"]);
    clock.set(t0 + 5 * MIN);
    await engine.step();
    expect(await engine.store.getLane(account)).toMatchObject({ cooldownUntil: t0 + 15 * MIN, streak429: 2 });
    clock.set(t0 + 15 * MIN);
    await engine.drain();
    expect(await statuses(store, [id, other])).toEqual(["SUCCESS", "SUCCESS"]);
    expect((await store.getRequest(id))?.attempts).toBe(3);
    expect((await engine.store.getLane(account))?.streak429).toBe(0);
    expect(calls.filter((c) => c.action === "message").map((c) => c.at - t0)).toEqual([0, 5 * MIN, 15 * MIN]);
  });

  it("FUSE_LIMIT_EXCEEDED fails the request and pauses invitations until the weekly window frees a slot", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    const t0 = clock.now();
    const first = await enqueue(account, "connect");
    await engine.step();
    clock.advance(D);
    failures.connect = [new WelinkError("FUSE_LIMIT_EXCEEDED")];
    const fused = await enqueue(account, "connect");
    await engine.step();
    const row = await store.getRequest(fused);
    expect(row?.status).toBe("FUSE_LIMIT_EXCEEDED");
    expect(parseJson((await deliveries(store, fused))[0]!.payload)).toMatchObject({
      status: "FUSE_LIMIT_EXCEEDED",
      scope: "account",
    });
    const lane = await engine.store.getLane(account);
    expect(lane?.bucketPauses.invitation).toBe(t0 + 7 * D); // the first invitation leaves the week
    const later = await enqueue(account, "connect", {}, null);
    const msg = await enqueue(account, "message");
    await engine.drain();
    expect(await statuses(store, [first, later, msg])).toEqual(["SUCCESS", "QUEUED", "SUCCESS"]);
    expect((await store.getRequest(later))?.runAt).toBe(t0 + 7 * D);
    clock.set(t0 + 7 * D);
    await engine.drain();
    expect((await store.getRequest(later))?.status).toBe("SUCCESS");
  });

  for (const [code, status] of [
    ["ACCOUNT_RESTRICTED", "RESTRICTED"],
    ["SESSION_EXPIRED", "SESSION_EXPIRED"],
  ] as const) {
    it(`${code} pauses the whole account, sets ${status} and emits account_status`, async () => {
      const account = seeded.accountIds[0]!;
      await makeEngine();
      failures.noop = [new WelinkError(code)];
      const a = await enqueue(account, "noop");
      const b = await enqueue(account, "noop", {}, null);
      await engine.drain();
      expect(await statuses(store, [a, b])).toEqual([code, "QUEUED"]);
      expect((await store.getAccount(account))?.status).toBe(status);
      const events = await sql(
        store,
        "SELECT payload FROM webhook_deliveries WHERE event_type = '/api/v1/account_status'",
      );
      expect(events).toHaveLength(1);
      expect(parseJson(events[0]!.payload)).toMatchObject({ accountId: account, result: { status, reason: code } });
      clock.advance(D);
      await engine.drain();
      expect((await store.getRequest(b))?.status).toBe("QUEUED");
      // A login on the paused lane runs; its success lifts the pause and the queue moves on.
      const login = await enqueue(account, "login_v2");
      await store.updateAccount(account, { status: "ACTIVE" }, clock.now());
      await engine.drain();
      expect(await statuses(store, [login, b])).toEqual(["SUCCESS", "SUCCESS"]);
    });
  }

  it("does not announce an account status the driver already set (one account_status per change)", async () => {
    const account = seeded.accountIds[0]!;
    actions[0]!.run = async () => {
      // The driver found the session revoked: it records the status (and announces it) first.
      await store.updateAccount(account, { status: "SESSION_EXPIRED" }, clock.now());
      throw new WelinkError("SESSION_EXPIRED");
    };
    await makeEngine();
    const a = await enqueue(account, "noop");
    const b = await enqueue(account, "noop", {}, null);
    await engine.drain();
    actions[0]!.run = record("noop");
    expect(await statuses(store, [a, b])).toEqual(["SESSION_EXPIRED", "QUEUED"]);
    expect(
      await sql(store, "SELECT id FROM webhook_deliveries WHERE event_type = '/api/v1/account_status'"),
    ).toHaveLength(0);
    expect((await engine.store.getLane(account))?.paused).toBe("SESSION_EXPIRED");
  });

  it("a prospect error fails the request and never pauses the account", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    failures.connect = [new WelinkError("PROFILE_NOT_FOUND"), new WelinkError("CANT_RESEND_YET")];
    const ids = [
      await enqueue(account, "connect"),
      await enqueue(account, "connect"),
      await enqueue(account, "connect"),
    ];
    await engine.drain();
    expect(await statuses(store, ids)).toEqual(["PROFILE_NOT_FOUND", "CANT_RESEND_YET", "SUCCESS"]);
    const lane = await engine.store.getLane(account);
    expect(lane).toMatchObject({ paused: null, cooldownUntil: null, bucketPauses: {} });
    expect((await store.getAccount(account))?.status).toBe("ACTIVE");
  });

  it("retries transient failures with growing back-off, then fails with INTERNAL_ERROR", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    failures.noop = [new Error("ECONNRESET"), new Error("socket hang up")];
    const ok = await enqueue(account, "noop");
    await runUntil(async () => (await statuses(store, [ok]))[0] === "SUCCESS", H);
    expect((await store.getRequest(ok))?.attempts).toBe(3);
    const [a, b, c] = calls.map((x) => x.at);
    expect(b! - a!).toBeGreaterThanOrEqual(5 * S);
    expect(b! - a!).toBeLessThanOrEqual(10 * S);
    expect(c! - b!).toBeGreaterThanOrEqual(10 * S);
    expect(c! - b!).toBeLessThanOrEqual(20 * S);
    failures.noop = Array.from({ length: 10 }, () => new Error("boom"));
    const bad = await enqueue(account, "noop");
    await runUntil(async () => (await statuses(store, [bad]))[0] !== "QUEUED", 2 * H);
    expect(await store.getRequest(bad)).toMatchObject({ status: "INTERNAL_ERROR", attempts: 5, message: "boom" });
  });

  it("fails a request still queued past its expiry with QUEUE_TIMEOUT_THRESHOLD_EXCEEDED", async () => {
    const account = seeded.accountIds[0]!;
    await store.updateAccount(account, { limits: { buckets: { message: { day: 0 } } } }, clock.now());
    await makeEngine();
    const id = await enqueue(account, "message", {}, 10 * MIN);
    await engine.drain();
    expect((await store.getRequest(id))?.status).toBe("QUEUED");
    clock.advance(10 * MIN);
    await engine.step();
    expect(await store.getRequest(id)).toMatchObject({ status: "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED" });
    expect(parseJson((await deliveries(store, id))[0]!.payload)).toMatchObject({
      status: "QUEUE_TIMEOUT_THRESHOLD_EXCEEDED",
    });
    expect(calls).toHaveLength(0);
  });

  it("exactly once: a request whose worker died is verified, not sent again", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    const id = await enqueue(account, "send");
    const other = await enqueue(seeded.accountIds[1]!, "send");
    // A worker claims both, "sends" the first, and dies before recording anything.
    const dead = await engine.store.claimLanes({
      workerId: "dead",
      now: clock.now(),
      limit: 10,
      leaseMs: 30 * S,
      sessionActions: [],
    });
    expect(dead).toHaveLength(2);
    sent.add(id);
    await engine.step();
    expect(await statuses(store, [id, other])).toEqual(["PROCESSING", "PROCESSING"]);
    clock.advance(30 * S + 15 * S + 1); // the lease, then the reclaim grace (half a lease)
    await engine.drain();
    expect(await store.getRequest(id)).toMatchObject({ status: "SUCCESS", result: { ok: true, verified: true } });
    expect(await store.getRequest(other)).toMatchObject({ status: "SUCCESS", result: { ok: true, by: "send" } });
    // The first was verified and not sent again; the second was verified (not found) and sent.
    expect(calls.filter((c) => c.requestId === id).map((c) => c.action)).toEqual(["verify"]);
    expect(calls.filter((c) => c.requestId === other).map((c) => c.action)).toEqual(["verify", "send"]);
    // The dead worker's late finish changes nothing.
    const late = await engine.store.finishRequests([
      {
        requestId: id,
        accountId: account,
        workerId: "dead",
        claimedAt: dead[0]!.request.startedAt!,
        now: clock.now(),
        nextAt: clock.now(),
        outcome: { kind: "done", status: "INTERNAL_ERROR", result: null, message: "late", delivery: null },
      },
    ]);
    expect(late).toEqual([false]);
    expect((await store.getRequest(id))?.status).toBe("SUCCESS");
  });

  it("a stale finish of a reclaimed claim is refused, even from the same worker", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    const id = await enqueue(account, "send");
    const claim = { workerId: "w1", leaseMs: 30 * S, limit: 10, sessionActions: [] };
    const [first] = await engine.store.claimLanes({ ...claim, now: clock.now() });
    clock.advance(46 * S);
    expect(await engine.store.reclaimExpired(clock.now() - 15 * S)).toBe(1);
    const [second] = await engine.store.claimLanes({ ...claim, now: clock.now() });
    expect(second!.request.id).toBe(id);
    const finish = (claimedAt: number, message: string) => ({
      requestId: id,
      accountId: account,
      workerId: "w1",
      claimedAt,
      now: clock.now(),
      nextAt: clock.now(),
      outcome: { kind: "done" as const, status: "INTERNAL_ERROR", result: null, message, delivery: null },
    });
    expect(await engine.store.finishRequests([finish(first!.request.startedAt!, "stale")])).toEqual([false]);
    expect((await engine.store.getLane(account))?.busyRequestId).toBe(id);
    expect(await engine.store.finishRequests([finish(second!.request.startedAt!, "current")])).toEqual([true]);
    expect(await store.getRequest(id)).toMatchObject({ status: "INTERNAL_ERROR", message: "current" });
  });

  it("exactly once: a run that timed out is verified before any second attempt", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine({ min_gap_s: 0, max_gap_s: 0 }, { runTimeoutMs: 20 });
    let hang = true;
    actions[3]!.run = async (ctx) => {
      calls.push({ action: "send", requestId: ctx.request.id, at: clock.now() });
      sent.add(ctx.request.id); // it left...
      if (hang) await new Promise((r) => setTimeout(r, 200)); // ...but the answer never came in time
      return { ok: true, by: "send" };
    };
    await makeEngine({ min_gap_s: 0, max_gap_s: 0 }, { runTimeoutMs: 20 });
    const id = await enqueue(account, "send");
    await engine.step();
    expect((await store.getRequest(id))?.status).toBe("QUEUED");
    hang = false;
    await runUntil(async () => (await statuses(store, [id]))[0] === "SUCCESS", H);
    expect(await store.getRequest(id)).toMatchObject({ status: "SUCCESS", result: { verified: true } });
    expect(calls.filter((c) => c.action === "send")).toHaveLength(1);
    actions[3]!.run = record("send");
  });

  it("cancels queued work with ACCOUNT_DISCONNECTED on disconnect", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine({ min_gap_s: 60, max_gap_s: 60 });
    const ids = [await enqueue(account, "noop"), await enqueue(account, "noop"), await enqueue(account, "noop")];
    await engine.step();
    expect(await engine.cancelAccount(account)).toBe(2);
    expect(await statuses(store, ids)).toEqual(["SUCCESS", "ACCOUNT_DISCONNECTED", "ACCOUNT_DISCONNECTED"]);
    expect(parseJson((await deliveries(store, ids[1]!))[0]!.payload)).toMatchObject({ status: "ACCOUNT_DISCONNECTED" });
    await store.updateAccount(account, { status: "DISCONNECTED" }, clock.now());
    const late = await enqueue(account, "noop");
    clock.advance(H);
    await engine.drain();
    expect((await store.getRequest(late))?.status).toBe("QUEUED");
  });

  it("repairs a lost wake-up; a paused lane wakes only for a session action", async () => {
    const [a, b] = [seeded.accountIds[0]!, seeded.accountIds[1]!];
    await makeEngine();
    await engine.step(); // its first maintenance, repair included, is done
    // Enqueued by a process that died before touching the lane: nothing wakes it.
    const lost = newRequest(seeded, a, "noop", clock.now());
    await store.enqueue([lost]);
    await engine.drain();
    expect((await store.getRequest(lost.id))?.status).toBe("QUEUED");
    expect(await engine.store.repairLanes(clock.now())).toBe(1);
    await engine.drain();
    expect((await store.getRequest(lost.id))?.status).toBe("SUCCESS");

    // A disconnected account's lane is paused: queued work does not wake it, a login does.
    expect(await engine.cancelAccount(b)).toBe(0);
    const work = newRequest(seeded, b, "noop", clock.now());
    await store.enqueue([work]);
    expect(await engine.store.repairLanes(clock.now())).toBe(0);
    const login = newRequest(seeded, b, "login_v2", clock.now());
    await store.enqueue([login]);
    expect(await engine.store.repairLanes(clock.now())).toBe(1);
    await engine.drain();
    // The login ran first; its success lifted the pause, and the queued work followed.
    expect(calls.filter((c) => c.requestId === work.id || c.requestId === login.id).map((c) => c.action)).toEqual([
      "login_v2",
      "noop",
    ]);
  });

  it("counts quotas from the action log: only actions that happened", async () => {
    const account = seeded.accountIds[0]!;
    await makeEngine();
    failures.connect = [new WelinkError("PROFILE_NOT_FOUND")];
    await enqueue(account, "connect");
    await enqueue(account, "connect");
    await engine.drain();
    expect(await engine.store.actionTimes(account, "invitation", 0)).toEqual([clock.now()]);
  });
});
