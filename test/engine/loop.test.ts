import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunContext } from "../../src/catalog/define.ts";
import { createEngine, type Engine } from "../../src/engine/engine.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { seededRandom } from "../../src/lib/random.ts";
import type { Store } from "../../src/store/types.ts";
import { pgUrl } from "../support/pg.ts";
import { type Dialect, newRequest, openTestStore, seed, sql, type TestStore } from "./support.ts";

const dialects: Dialect[] = pgUrl() ? ["sqlite", "postgres"] : ["sqlite"];

/** The background loop with real time: timers, batching, wake-ups. */
describe.each(dialects)("engine loop on %s", (dialect) => {
  let t: TestStore;
  let store: Store;
  let engine: Engine | undefined;

  beforeEach(async () => {
    t = await openTestStore(dialect, systemClock);
    store = t.store;
  });
  afterEach(async () => {
    await engine?.stop();
    await t.close();
  });

  it("never runs two actions of one account at once, and paces each lane", async () => {
    const seeded = await seed(store, Date.now(), 20);
    const spans = new Map<string, { start: number; end: number }[]>();
    engine = await createEngine({
      store,
      clock: systemClock,
      random: seededRandom(5),
      concurrency: 50,
      defaultPacing: { min_gap_s: 0.01, max_gap_s: 0.03 },
      actions: [
        {
          name: "work",
          run: async (ctx: RunContext) => {
            const start = performance.now();
            await new Promise((r) => setTimeout(r, 1 + Math.random() * 5));
            const list = spans.get(ctx.request.accountId!) ?? [];
            list.push({ start, end: performance.now() });
            spans.set(ctx.request.accountId!, list);
            return { done: true };
          },
        },
      ],
      makeContext: (c) => ({ deps: { store, clock: systemClock }, request: c.request, account: c.account }),
    });
    await engine.start();
    const batch = seeded.accountIds.flatMap((a) =>
      Array.from({ length: 10 }, () => newRequest(seeded, a, "work", Date.now())),
    );
    await store.enqueue(batch);
    await engine.onEnqueued(seeded.accountIds);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const rows = await sql(store, "SELECT count(*) AS n FROM requests WHERE status = 'SUCCESS'");
      if (Number(rows[0]!.n) === batch.length) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const done = await sql(store, "SELECT count(*) AS n FROM requests WHERE status = 'SUCCESS'");
    expect(Number(done[0]!.n)).toBe(batch.length);
    for (const list of spans.values()) {
      list.sort((a, b) => a.start - b.start);
      for (let i = 1; i < list.length; i++) {
        // The next action starts after the previous ended plus at least the 10 ms gap.
        expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.end + 9);
      }
    }
    const deliveries = await sql(store, "SELECT count(*) AS n FROM webhook_deliveries");
    expect(Number(deliveries[0]!.n)).toBe(batch.length);
  });
});
