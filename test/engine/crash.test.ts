import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineStoreOf } from "../../src/engine/store.ts";
import { systemClock } from "../../src/lib/clock.ts";
import type { NewRequest } from "../../src/store/types.ts";
import { overlaps, type SideEffectServer, startSideEffectServer } from "./side-effects.ts";
import { newRequest, openTestStore, seed, sql, type TestStore } from "./support.ts";
import { sleep, spawnWorker, type Worker } from "./workers.ts";

const ACCOUNTS = 50;
const REQUESTS = 1000;
const KILLS = 8;

/**
 * Crash safety on SQLite: an engine process is SIGKILLed at random moments while it works
 * through 1,000 requests over 50 accounts, and restarted each time. Its write action's
 * side effect is counted by an HTTP server in this test, which also answers `verify`.
 */
describe("engine crash safety (SQLite, SIGKILL)", () => {
  let t: TestStore;
  let server: SideEffectServer;
  const killedAt = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore("sqlite", systemClock);
    server = await startSideEffectServer();
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it("loses nothing, leaves nothing stuck, and never repeats a side effect", async () => {
    const { store } = t;
    const seeded = await seed(store, Date.now(), ACCOUNTS);
    const batch: NewRequest[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      batch.push(newRequest(seeded, seeded.accountIds[i % ACCOUNTS]!, "send", Date.now(), {}, null));
    }
    await store.enqueue(batch);
    await (await engineStoreOf(store, [])).touchLanes(seeded.accountIds, Date.now());
    const pending = async () =>
      Number((await sql(store, "SELECT count(*) AS n FROM requests WHERE status IN ('QUEUED', 'PROCESSING')"))[0]!.n);

    let n = 0;
    const config = (id: string) => ({
      dataDir: t.location,
      masterKeyHex: t.masterKey.toString("hex"),
      server: server.url,
      workerId: id,
      leaseMs: 1500,
      gapMs: 0,
      actionMs: 4,
    });
    let worker: Worker | null = null;
    const kills: number[] = [];
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      worker = spawnWorker(config(`w${n++}`));
      await worker.ready;
      if (kills.length < KILLS && (await pending()) > 0) {
        await sleep(150 + Math.random() * 900);
        worker.child.kill("SIGKILL");
        killedAt.set(worker.id, performance.timeOrigin + performance.now());
        await worker.exited;
        kills.push(REQUESTS - (await pending()));
        continue;
      }
      while ((await pending()) > 0 && Date.now() < deadline) await sleep(200);
      if ((await pending()) > 0) {
        console.log(worker.id, worker.output());
        console.log(
          Date.now(),
          JSON.stringify(
            await sql(
              store,
              "SELECT lease_owner, count(*) n, min(lease_until) lu, min(due_at) d FROM lanes GROUP BY lease_owner",
            ),
          ),
        );
      }
      worker.child.kill("SIGTERM");
      await worker.exited;
      break;
    }
    // Killed while work was still in progress (each kill happened with requests pending).
    expect(kills.length).toBeGreaterThanOrEqual(3);
    expect(kills[0]).toBeLessThan(REQUESTS);

    // No request lost or stuck: every one reached exactly one terminal state, SUCCESS.
    const rows = await sql(store, "SELECT status, count(*) AS n FROM requests GROUP BY status");
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([["SUCCESS", REQUESTS]]);
    // One terminal webhook row per request.
    const outbox = await sql(store, "SELECT request_id, count(*) AS n FROM webhook_deliveries GROUP BY request_id");
    expect(outbox).toHaveLength(REQUESTS);
    expect(outbox.every((r) => Number(r.n) === 1)).toBe(true);
    // No side effect lost or repeated at the far end.
    expect(server.sends.size).toBe(REQUESTS);
    const repeated = [...server.sends.entries()].filter(([, count]) => count !== 1);
    if (repeated.length) {
      const one = repeated[0]![0];
      console.log(
        "repeated",
        JSON.stringify(server.intervals.filter((i) => i.rid === one)),
        JSON.stringify([...killedAt]),
      );
      console.log(JSON.stringify(await store.getRequest(one)));
    }
    expect(repeated).toEqual([]);
    // Some requests were resolved by verify after a crash (the crash hit mid-action).
    const verified = await sql(store, "SELECT count(*) AS n FROM requests WHERE result LIKE '%verified%'");
    console.log(
      `crash test: ${kills.length} kills at ${kills.join(", ")} done; ${verified[0]!.n} requests resolved by verify`,
    );
    // Lanes never overlapped (a killed worker's action ends when it was killed).
    const bad = overlaps(server.intervals, killedAt);
    if (bad.length) console.log("overlaps", JSON.stringify(bad.slice(0, 3)), JSON.stringify([...killedAt]));
    expect(bad).toEqual([]);
  }, 180_000);
});
