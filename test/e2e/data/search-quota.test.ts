import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pgUrl } from "../../support/pg.ts";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { settle } from "../outreach/conformance-support.ts";
import { verified as verifiedAfterMove } from "../outreach/support.ts";
import { type Body, verified } from "./support.ts";

const ADA = "ada@sandbox.welink.dev";
const H = 3_600_000;
const PEOPLE = "https://www.linkedin.com/search/results/people/?origin=GLOBAL_SEARCH_HEADER";

/**
 * The search quota through the public API: a search counts its results (not one call)
 * against the account's `search` bucket, a search whose `limit` does not fit waits in the
 * queue until it does, and the pages of one search are paced so that LinkedIn's burst rule
 * is not broken. welink's clock and the sandbox's move together when the engine waits
 * between pages (its injected sleep), so a paced 10-page search takes milliseconds.
 */
describe.each([
  ["sqlite", true],
  ["postgres", Boolean(pgUrl())],
] as const)("search quota and paced pages on %s", (store, enabled) => {
  let w: TestWelink;
  let ada: string;
  let offset = 0;
  const slept: number[] = [];

  async function search(limit: number): Promise<Body> {
    const ack = await w.api("search", { accountId: ada, search_url: PEOPLE, limit });
    expect(ack.status, JSON.stringify(ack.body)).toBe(200);
    const event = await settle(w, String(ack.body.requestId), 0, () => {});
    // Once welink's clock has moved ahead of real time, its signatures' timestamps have too.
    return offset === 0 ? verified(w, event) : verifiedAfterMove(w, event, { movedClock: true });
  }

  async function searchUse(): Promise<Body> {
    const view = await w.api("get_limits", { accountId: ada });
    return (view.body.limits as Body[]).find((l) => l.bucket === "search" && l.window === "day")!;
  }

  beforeAll(async () => {
    if (!enabled) return;
    w = await startTestWelink({
      store,
      // A search held back by its quota waits a day here: longer than the default queue timeout.
      flags: { queueTimeout: 3 * 86_400 },
      clock: { now: () => Date.now() + offset },
      sleep: async (ms) => {
        slept.push(ms);
        offset += ms;
        await w.control("POST", "clock", { advanceMs: ms });
      },
    });
    ada = await w.login(ADA);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it.runIf(enabled)(
    "counts a search's results, and holds the next one back until its limit fits",
    async () => {
      expect((await w.api("set_limits", { accountId: ada, limits: { search: { day: 50 } } })).status).toBe(200);
      const first = await search(30);
      expect(first.status).toBe("SUCCESS");
      expect((first.result as { results: unknown[] }).results).toHaveLength(30);
      expect(await searchUse()).toMatchObject({ used: 30, limit: 50 });

      const ack = await w.api("search", { accountId: ada, search_url: PEOPLE, limit: 30 });
      await new Promise((r) => setTimeout(r, 1500));
      expect((await w.api("get_response", { request_id: ack.body.requestId })).body.status).toBe("QUEUED");
      // A day later the first 30 results have left the window: the second search runs whole.
      offset += 24 * H + 60_000;
      w.welink.engine?.wake();
      const event = await settle(w, String(ack.body.requestId), 0, () => {});
      // Signed a day ahead of real time: the Standard Webhooks timestamp check would refuse it.
      const second = await verifiedAfterMove(w, event, { movedClock: true });
      expect(second.status).toBe("SUCCESS");
      expect((second.result as { results: unknown[] }).results).toHaveLength(30);
      expect(await searchUse()).toMatchObject({ used: 30, limit: 50 });
    },
    60_000,
  );

  it.runIf(enabled)(
    "paces the pages of one search under LinkedIn's burst rule",
    async () => {
      expect((await w.api("set_limits", { accountId: ada, limits: { search: { day: 1000 } } })).status).toBe(200);
      // 10 requests a minute at most; a minute later nothing of the login counts any more.
      await w.control("POST", "settings", { burstRequestsPerMinute: 10 });
      await w.control("POST", "clock", { advanceMs: 2 * 60_000 });
      const paced = { page_min_gap_s: 7, page_max_gap_s: 8 };
      expect((await w.api("set_limits", { accountId: ada, pacing: paced })).status).toBe(200);
      slept.length = 0;
      const result = await search(100);
      expect(result.status).toBe("SUCCESS");
      expect((result.result as { results: unknown[] }).results).toHaveLength(100);
      // 10 pages, 9 waits of 7-8 s on the injected clock.
      expect(slept).toHaveLength(9);
      for (const ms of slept) {
        expect(ms).toBeGreaterThanOrEqual(7000);
        expect(ms).toBeLessThanOrEqual(8000);
      }

      // The same search unpaced breaks the rule: LinkedIn answers 429 and the search waits.
      await w.control("POST", "clock", { advanceMs: 2 * 60_000 });
      const unpaced = { page_min_gap_s: 0, page_max_gap_s: 0 };
      expect((await w.api("set_limits", { accountId: ada, pacing: unpaced })).status).toBe(200);
      const ack = await w.api("search", { accountId: ada, search_url: PEOPLE, limit: 200 });
      await new Promise((r) => setTimeout(r, 2000));
      const response = await w.api("get_response", { request_id: ack.body.requestId });
      expect(response.body).toMatchObject({ status: "QUEUED" });
      expect(JSON.stringify(response.body)).toContain("429");
    },
    60_000,
  );
});
