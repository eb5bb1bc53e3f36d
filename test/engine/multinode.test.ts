import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEnqueueHook } from "../../src/engine/wake.ts";
import { systemClock } from "../../src/lib/clock.ts";
import type { NewRequest } from "../../src/store/types.ts";
import { pgUrl } from "../support/pg.ts";
import { overlaps, type SideEffectServer, startSideEffectServer } from "./side-effects.ts";
import { newRequest, openTestStore, seed, sql, type TestStore } from "./support.ts";
import { sleep, spawnWorker, type Worker } from "./workers.ts";

const ACCOUNTS = 200;
const WAVES = 4;
const PER_WAVE = 250;
const WORKERS = 3;

/**
 * Many nodes on one PostgreSQL: three worker processes claim with FOR UPDATE SKIP LOCKED
 * and wake on LISTEN/NOTIFY while this process enqueues in waves (as an API node would);
 * one worker is SIGKILLed mid-run. Every action's begin and end are timestamped by the
 * side-effect server: no two actions of one account may overlap.
 */
describe.runIf(pgUrl())("engine on many nodes (PostgreSQL)", () => {
  let t: TestStore;
  let server: SideEffectServer;
  const workers: Worker[] = [];
  const killedAt = new Map<string, number>();

  beforeAll(async () => {
    t = await openTestStore("postgres", systemClock);
    server = await startSideEffectServer();
  });
  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill("SIGKILL");
    await Promise.all(workers.map((w) => w.exited));
    await server.close();
    await t.close();
  });

  it("runs every request once, lanes never overlap, a killed worker's work is taken over", async () => {
    const { store } = t;
    const seeded = await seed(store, Date.now(), ACCOUNTS);
    const onEnqueued = await createEnqueueHook(store, systemClock);
    for (let i = 0; i < WORKERS; i++) {
      workers.push(
        spawnWorker({
          dataDir: "",
          databaseUrl: t.location,
          masterKeyHex: t.masterKey.toString("hex"),
          server: server.url,
          workerId: `node${i}`,
          leaseMs: 1500,
          gapMs: 2,
          actionMs: 2,
        }),
      );
    }
    await Promise.all(workers.map((w) => w.ready));
    const started = Date.now();
    for (let wave = 0; wave < WAVES; wave++) {
      const batch: NewRequest[] = [];
      for (let i = 0; i < PER_WAVE; i++)
        batch.push(newRequest(seeded, seeded.accountIds[(i * 7 + wave) % ACCOUNTS]!, "send", Date.now(), {}, null));
      await store.enqueue(batch);
      await onEnqueued(batch.map((r) => r.accountId!));
      if (wave === 1) {
        // Mid-run: one node dies with its claims (once it has started some actions).
        const victim = workers[0]!;
        const until = Date.now() + 5000;
        while (!server.intervals.some((i) => i.worker === victim.id) && Date.now() < until) await sleep(10);
        victim.child.kill("SIGKILL");
        killedAt.set(victim.id, performance.timeOrigin + performance.now());
        await victim.exited;
      }
      await sleep(300);
    }
    const total = WAVES * PER_WAVE;
    const pending = async () =>
      Number((await sql(store, "SELECT count(*) AS n FROM requests WHERE status IN ('QUEUED', 'PROCESSING')"))[0]!.n);
    while ((await pending()) > 0 && Date.now() - started < 50_000) {
      await sleep(100);
    }
    const elapsed = Date.now() - started;
    if (process.env.DEBUG_MULTI) {
      const gaps: number[] = [];
      const durations: number[] = [];
      const byAccount = new Map<string, typeof server.intervals>();
      for (const i of server.intervals) byAccount.set(i.account, [...(byAccount.get(i.account) ?? []), i]);
      for (const list of byAccount.values()) {
        list.sort((a, b) => a.begin - b.begin);
        for (let k = 1; k < list.length; k++) if (list[k - 1]!.end) gaps.push(list[k]!.begin - list[k - 1]!.end!);
        for (const i of list) if (i.end) durations.push(i.end - i.begin);
      }
      const q = (xs: number[], p: number) => xs.sort((a, b) => a - b)[Math.floor(xs.length * p)]?.toFixed(0);
      console.log(
        `gap p50 ${q(gaps, 0.5)} p90 ${q(gaps, 0.9)} p99 ${q(gaps, 0.99)}; action p50 ${q(durations, 0.5)} p99 ${q(durations, 0.99)}`,
      );
      for (const w of workers) console.log(w.id, w.output().slice(0, 2000));
    }

    const rows = await sql(store, "SELECT status, count(*) AS n FROM requests GROUP BY status");
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([["SUCCESS", total]]);
    const dups = [...server.sends.entries()].filter(([, n]) => n !== 1).map(([rid]) => rid);
    if (dups.length)
      console.log(
        "duplicates",
        JSON.stringify(server.intervals.filter((i) => dups.includes(i.rid))),
        JSON.stringify([...killedAt]),
      );
    expect(server.sends.size).toBe(total);
    expect([...server.sends.values()].every((n) => n === 1)).toBe(true);
    const outbox = await sql(store, "SELECT count(DISTINCT request_id) AS d, count(*) AS n FROM webhook_deliveries");
    expect([Number(outbox[0]!.d), Number(outbox[0]!.n)]).toEqual([total, total]);
    expect(overlaps(server.intervals, killedAt)).toEqual([]);
    // The surviving nodes both worked.
    const byWorker = new Map<string, number>();
    for (const i of server.intervals) byWorker.set(i.worker, (byWorker.get(i.worker) ?? 0) + 1);
    expect(byWorker.get("node1")).toBeGreaterThan(0);
    expect(byWorker.get("node2")).toBeGreaterThan(0);
    console.log(
      `multi-node: ${total} requests in ${elapsed} ms; actions by node: ${JSON.stringify(Object.fromEntries(byWorker))}`,
    );
  }, 90_000);
});
