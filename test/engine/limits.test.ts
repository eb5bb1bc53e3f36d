import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SyncContext } from "../../src/catalog/define.ts";
import { limits } from "../../src/catalog/limits.ts";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { seededRandom } from "../../src/lib/random.ts";
import type { Account, Store } from "../../src/store/types.ts";
import { pgUrl } from "../support/pg.ts";
import { type Dialect, newRequest, openTestStore, type Seeded, seed, type TestStore } from "./support.ts";

const dialects: Dialect[] = pgUrl() ? ["sqlite", "postgres"] : ["sqlite"];
const call = (name: string) => (ctx: SyncContext, input: Record<string, unknown>) =>
  limits.find((a) => a.name === name)!.handler!(ctx, input as never);
const getLimits = { handler: call("get_limits") };
const setLimits = { handler: call("set_limits") };
const H = 3_600_000;

describe.each(dialects)("get_limits / set_limits on %s", (dialect) => {
  let clock: ManualClock;
  let t: TestStore;
  let store: Store;
  let engine: Engine;
  let seeded: Seeded;

  async function ctx(): Promise<SyncContext> {
    const account = (await store.getAccount(seeded.accountIds[0]!)) as Account;
    return {
      deps: { store, clock, engine },
      workspaceId: seeded.workspaceId,
      apiKey: {
        id: "k",
        workspaceId: seeded.workspaceId,
        name: "k",
        secretHash: "",
        scopes: [],
        allowIps: [],
        createdAt: 0,
        revokedAt: null,
      },
      requestId: "r",
      now: clock.now(),
      account,
    };
  }

  beforeEach(async () => {
    clock = new ManualClock();
    t = await openTestStore(dialect, clock);
    store = t.store;
    seeded = await seed(store, clock.now(), 1, { profile: { premium: true } });
    engine = await createEngine({
      store,
      clock,
      random: seededRandom(1),
      defaultPacing: { min_gap_s: 0, max_gap_s: 0 },
      actions: [{ name: "connect", bucket: "invitation", run: async () => ({ connected: true }) }],
      makeContext: (c) => ({ deps: { store, clock }, request: c.request, account: c.account }),
    });
  });
  afterEach(async () => {
    await t.close();
  });

  it("shows per-bucket use from the action log with paid defaults, and the API windows", async () => {
    const account = seeded.accountIds[0]!;
    await store.enqueue([
      newRequest(seeded, account, "connect", clock.now()),
      newRequest(seeded, account, "connect", clock.now()),
    ]);
    await engine.onEnqueued([account]);
    await engine.drain();
    await store.hitWindow(`account:${account}:actions`, H, 100, clock.now());
    const view = (await getLimits!.handler!(await ctx(), { accountId: account })) as Record<string, unknown>;
    const rows = view.limits as Record<string, unknown>[];
    expect(rows.find((r) => r.bucket === "invitation" && r.window === "week")).toEqual({
      bucket: "invitation",
      window: "week",
      window_s: 7 * 24 * 3600,
      used: 2,
      limit: 200,
      resetAt: clock.now() + 7 * 24 * H,
      cooldownUntil: null,
    });
    expect(rows.find((r) => r.bucket === "message" && r.window === "day")).toMatchObject({
      used: 0,
      limit: 150,
      resetAt: null,
    });
    expect(view).toMatchObject({
      working_hours: null,
      pacing: { min_gap_s: 0, max_gap_s: 0 },
      api: { actions: { used: 1, limit: 100 } },
    });
  });

  it("raising a quota releases the requests it had postponed", async () => {
    const account = seeded.accountIds[0]!;
    await setLimits.handler(await ctx(), { accountId: account, limits: { invitation: { day: 1 } } });
    const requests = [
      newRequest(seeded, account, "connect", clock.now()),
      newRequest(seeded, account, "connect", clock.now()),
    ];
    await store.enqueue(requests);
    await engine.onEnqueued([account]);
    await engine.drain();
    const waiting = await store.getRequest(requests[1]!.id);
    expect(waiting).toMatchObject({ status: "QUEUED", runAt: clock.now() + 24 * H });
    clock.advance(60_000);
    await setLimits.handler(await ctx(), { accountId: account, limits: { invitation: { day: 5 } } });
    await engine.drain();
    expect((await store.getRequest(requests[1]!.id))?.status).toBe("SUCCESS");
  });

  it("changes quotas, working hours and pacing, keeping what is not given", async () => {
    const account = seeded.accountIds[0]!;
    const hours = { timezone: "Europe/Paris", days: ["mon", "tue"], start: "09:00", end: "17:00" };
    await setLimits!.handler!(await ctx(), {
      accountId: account,
      limits: { invitation: { day: 10 } },
      working_hours: hours,
    });
    const view = (await setLimits!.handler!(await ctx(), {
      accountId: account,
      pacing: { min_gap_s: 5, max_gap_s: 10 },
    })) as Record<string, unknown>;
    expect(view.working_hours).toEqual(hours);
    expect(view.pacing).toEqual({ min_gap_s: 5, max_gap_s: 10 });
    const rows = view.limits as Record<string, unknown>[];
    expect(rows.filter((r) => r.bucket === "invitation").map((r) => [r.window, r.limit])).toEqual([
      ["day", 10],
      ["week", 200],
    ]);
    await expect(
      setLimits!.handler!(await ctx(), { accountId: account, working_hours: { ...hours, timezone: "Nowhere/Land" } }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST" });
    await expect(
      setLimits!.handler!(await ctx(), { accountId: account, pacing: { min_gap_s: 9, max_gap_s: 1 } }),
    ).rejects.toMatchObject({
      code: "INVALID_REQUEST",
    });
    const off = (await setLimits!.handler!(await ctx(), { accountId: account, working_hours: null })) as Record<
      string,
      unknown
    >;
    expect(off.working_hours).toBeNull();
  });

  it("sets the gap between search pages on its own, over the default pacing", async () => {
    const account = seeded.accountIds[0]!;
    const view = (await setLimits.handler(await ctx(), {
      accountId: account,
      pacing: { page_min_gap_s: 2, page_max_gap_s: 4 },
    })) as Record<string, unknown>;
    // The action gaps are the engine's default ones (0 here); only the page gaps were given.
    expect(view.pacing).toEqual({ min_gap_s: 0, max_gap_s: 0, page_min_gap_s: 2, page_max_gap_s: 4 });
    await expect(
      setLimits.handler(await ctx(), { accountId: account, pacing: { page_min_gap_s: 5 } }),
    ).rejects.toMatchObject({ code: "INVALID_REQUEST", message: expect.stringMatching(/page_max_gap_s/) });
  });

  it("counts searches in results: 1,000 a day, 2,500 for Sales Navigator and Recruiter", async () => {
    const view = (await getLimits.handler(await ctx(), { accountId: seeded.accountIds[0]! })) as Record<
      string,
      unknown
    >;
    const rows = (view.limits as Record<string, unknown>[]).filter((r) => String(r.bucket).endsWith("search"));
    expect(rows.map((r) => [r.bucket, r.window, r.limit])).toEqual([
      ["search", "day", 1000],
      ["lead_search", "day", 2500],
    ]);
  });
});
