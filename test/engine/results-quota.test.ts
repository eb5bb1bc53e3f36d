import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/catalog/define.ts";
import type { EngineAction } from "../../src/engine/actions.ts";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import type { Pacing } from "../../src/engine/pacing.ts";
import { ManualClock } from "../../src/lib/clock.ts";
import { seededRandom } from "../../src/lib/random.ts";
import type { Store } from "../../src/store/types.ts";
import { pgUrl } from "../support/pg.ts";
import { type Dialect, newRequest, openTestStore, type Seeded, seed, statuses, type TestStore } from "./support.ts";

const H = 3_600_000;
const D = 24 * H;
const dialects: Dialect[] = pgUrl() ? ["sqlite", "postgres"] : ["sqlite"];

/**
 * Actions whose bucket counts results (searches): the engine waits until the request's
 * `limit` fits the quota, caps `limit` at the quota's smallest window, counts the results
 * returned, and paces the pages of one run without counting the waits against its timeout.
 */
describe.each(dialects)("per-result quotas and paged reads on %s", (dialect) => {
  let clock: ManualClock;
  let t: TestStore;
  let store: Store;
  let engine: Engine;
  let seeded: Seeded;
  let account: string;
  /** The `limit` each run of `find` was given, in order. */
  let limits: number[];
  /** The waits the engine asked for between pages. */
  let slept: number[];

  const find: EngineAction = {
    name: "find",
    bucket: "search",
    perResult: { defaultLimit: 10 },
    run: async (_ctx: RunContext, input: { limit?: number; empty?: boolean }) => {
      limits.push(input.limit ?? 10);
      return { results: input.empty ? [] : Array.from({ length: input.limit ?? 10 }, (_, i) => ({ id: i })) };
    },
  };
  /** Reads `pages` pages, pacing between them, each page taking `pageMs` of real time. */
  const paged: EngineAction = {
    name: "paged",
    run: async (ctx: RunContext, input: { pages: number; pageMs: number }) => {
      for (let page = 0; page < input.pages; page++) {
        if (page > 0) await ctx.pace?.();
        await new Promise((r) => setTimeout(r, input.pageMs));
      }
      return { pages: input.pages };
    },
  };

  async function start(pacing: Pacing, extra: Record<string, unknown> = {}) {
    engine = await createEngine({
      store,
      clock,
      random: seededRandom(5),
      actions: [find, paged],
      makeContext: (c) => ({ deps: { store, clock }, request: c.request, account: c.account }),
      workerId: "w1",
      leaseMs: 30_000,
      defaultPacing: pacing,
      sleep: async (ms: number) => {
        slept.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
      ...extra,
    });
  }

  async function run(action: string, input: Record<string, unknown>): Promise<string> {
    const r = newRequest(seeded, account, action, clock.now(), input, 30 * D);
    await store.enqueue([r]);
    await engine.onEnqueued([account]);
    await engine.drain();
    return r.id;
  }

  const counted = async () => (await engine.store.actionTimes(account, "search", 0)).length;

  beforeEach(async () => {
    clock = new ManualClock(Date.UTC(2026, 0, 5, 9, 0));
    t = await openTestStore(dialect, clock);
    store = t.store;
    seeded = await seed(store, clock.now(), 1);
    account = seeded.accountIds[0]!;
    limits = [];
    slept = [];
  });
  afterEach(async () => {
    await engine?.stop();
    await t.close();
  });

  it("counts the results returned, at least one per search", async () => {
    await start({ min_gap_s: 0, max_gap_s: 0 });
    expect(await statuses(store, [await run("find", { limit: 30 })])).toEqual(["SUCCESS"]);
    expect(await counted()).toBe(30);
    expect(await statuses(store, [await run("find", {})])).toEqual(["SUCCESS"]);
    expect(await counted()).toBe(40);
    // An empty search still cost LinkedIn a query.
    await run("find", { limit: 5, empty: true });
    expect(await counted()).toBe(41);
    expect(limits).toEqual([30, 10, 5]);
  });

  it("waits until the request's limit fits the quota, then runs it whole", async () => {
    await store.updateAccount(account, { limits: { buckets: { search: { day: 50 } } } }, clock.now());
    await start({ min_gap_s: 0, max_gap_s: 0 });
    await run("find", { limit: 30 });
    const second = await run("find", { limit: 30 });
    // 30 used of 50: 30 more do not fit today.
    expect(await statuses(store, [second])).toEqual(["QUEUED"]);
    expect(limits).toEqual([30]);
    clock.advance(D - 1);
    await engine.drain();
    expect(await statuses(store, [second])).toEqual(["QUEUED"]);
    clock.advance(2);
    await engine.drain();
    expect(await statuses(store, [second])).toEqual(["SUCCESS"]);
    expect(limits).toEqual([30, 30]);
  });

  it("caps a limit larger than the quota's smallest window at that window", async () => {
    await store.updateAccount(account, { limits: { buckets: { search: { day: 50, month: 400 } } } }, clock.now());
    await start({ min_gap_s: 0, max_gap_s: 0 });
    const id = await run("find", { limit: 120 });
    expect(await statuses(store, [id])).toEqual(["SUCCESS"]);
    expect(limits).toEqual([50]);
    expect(await counted()).toBe(50);
  });

  it("a quota of zero holds the search back", async () => {
    await store.updateAccount(account, { limits: { buckets: { search: { day: 0 } } } }, clock.now());
    await start({ min_gap_s: 0, max_gap_s: 0 });
    const id = await run("find", { limit: 10 });
    clock.advance(2 * D);
    await engine.drain();
    expect(await statuses(store, [id])).toEqual(["QUEUED"]);
    expect(limits).toEqual([]);
  });

  it("paces the pages of one run with the account's page gap", async () => {
    await start({ min_gap_s: 0, max_gap_s: 0, page_min_gap_s: 0.002, page_max_gap_s: 0.004 });
    const id = await run("paged", { pages: 4, pageMs: 1 });
    expect(await statuses(store, [id])).toEqual(["SUCCESS"]);
    expect(slept).toHaveLength(3);
    for (const ms of slept) {
      expect(ms).toBeGreaterThanOrEqual(2);
      expect(ms).toBeLessThanOrEqual(4);
    }
  });

  it("does not count paced waits against the run timeout", async () => {
    // 4 pages of 5 ms with 3 waits of 40 ms: 135 ms in all, 15 ms of it working.
    await start({ min_gap_s: 0, max_gap_s: 0, page_min_gap_s: 0.04, page_max_gap_s: 0.04 }, { runTimeoutMs: 60 });
    const paced = await run("paged", { pages: 4, pageMs: 5 });
    expect(await statuses(store, [paced])).toEqual(["SUCCESS"]);
    // The same time spent working times out (the run is retried, so it is back in the queue).
    const slow = await run("paged", { pages: 1, pageMs: 135 });
    expect(await store.getRequest(slow)).toMatchObject({
      status: "QUEUED",
      message: expect.stringMatching(/within 60 ms/),
    });
  });
});
