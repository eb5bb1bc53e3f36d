import { randomUUID } from "node:crypto";
import type { Claimed, Finish } from "../store/engine-types.ts";
import { actionIndex, SESSION_ACTIONS } from "./actions.ts";
import { requestDelivery } from "./outbox.ts";
import { SANDBOX_PACING } from "./pacing.ts";
import { engineStoreOf, releaseFor } from "./store.ts";
import { trackerGate } from "./tracker-gate.ts";
import { createTrackerPoller } from "./tracker-poller.ts";
import { LEASE_LOST, type TurnDeps, takeTurn } from "./turn.ts";
import type { Engine, EngineOptions } from "./types.ts";
import { createWaker, type Waker } from "./wake.ts";

export type { Engine, EngineEvent, EngineOptions } from "./types.ts";

/**
 * The worker loop: claims due lanes (in batches, in one transaction with the previous
 * batch's finishes), runs each lane's turn, renews leases while turns run, reclaims the
 * lanes of dead workers, sweeps queue timeouts, and sleeps until the next due lane or a
 * wake-up (in process, or PostgreSQL LISTEN). `step()` drives it by hand for tests.
 */

export async function createEngine(options: EngineOptions): Promise<Engine> {
  const sessionActions = options.sessionActions ?? SESSION_ACTIONS;
  const es = options.engineStore ?? (await engineStoreOf(options.store, sessionActions));
  const clock = options.clock;
  const workerId = options.workerId ?? `worker-${randomUUID()}`;
  const leaseMs = options.leaseMs ?? 60_000;
  const concurrency = options.concurrency ?? 100;
  const batchSize = options.batchSize ?? 200;
  const pollMs = options.pollMs ?? 1000;
  const maintenanceMs = options.maintenanceMs ?? 5000;
  const repairMs = options.repairMs ?? 30_000;
  const finishParallelism = options.finishParallelism ?? 1;
  const emit = options.onEvent ?? (() => {});
  const turnDeps: TurnDeps = {
    store: es,
    clock,
    random: options.random,
    actions: actionIndex(options.actions),
    makeContext: options.makeContext,
    workerId,
    defaultPacing: options.defaultPacing ?? SANDBOX_PACING,
    sessionActions: new Set(sessionActions),
    runTimeoutMs: options.runTimeoutMs ?? 120_000,
    hardMaxAttempts: options.hardMaxAttempts ?? 10,
    newId: () => randomUUID(),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.cooldown ? { cooldown: options.cooldown } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  };
  const trackers = createTrackerPoller({
    store: es,
    clock,
    check: options.checkTracker,
    gate: trackerGate(es, options.store, turnDeps.defaultPacing),
    onError: (error) => emit({ type: "error", error, where: "trackers" }),
  });

  const inFlight = new Set<string>();
  /** Per claimed request: when its lease ends by this worker's last renewal, and its abort switch. */
  const leases = new Map<string, { until: number; abort: AbortController }>();
  // Fencing margin: a turn does not start a send in the last quarter of its lease.
  const fenceMs = leaseMs / 4;
  turnDeps.holdsLease = (id) => {
    const lease = leases.get(id);
    return lease !== undefined && clock.now() < lease.until - fenceMs;
  };
  turnDeps.signalFor = (id) => leases.get(id)?.abort.signal;
  const running = new Set<Promise<void>>();
  let finishQueue: Finish[] = [];
  let flushScheduled = false;
  let flushing: Promise<void> | null = null;
  let lastMaintenance = Number.NEGATIVE_INFINITY;
  let lastReclaim = Number.NEGATIVE_INFINITY;
  let lastRepair = Number.NEGATIVE_INFINITY;
  let started = false;
  let stopping = false;
  let pumping: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Number.POSITIVE_INFINITY;
  let renewTimer: NodeJS.Timeout | undefined;
  let waker: Waker | null = null;

  const deliveryOf = (request: Parameters<typeof requestDelivery>[0]) => requestDelivery(request, clock.now());
  const active = () => started && !stopping;

  async function maintenance(force: boolean): Promise<void> {
    const now = clock.now();
    if (force || now - lastReclaim >= leaseMs / 2) {
      lastReclaim = now;
      // Grace: a lease is reclaimed half a lease after it expired. With the owner's fence
      // (no send starts in its lease's last quarter), a stalled owner and the reclaimer are
      // kept 3/4 of a lease apart, and a send still in flight has time to land before the
      // new owner's `verify` looks for it.
      await es.reclaimExpired(now - leaseMs / 2);
    }
    if (force || now - lastMaintenance >= maintenanceMs) {
      lastMaintenance = now;
      while ((await es.sweepTimeouts(now, 500, deliveryOf)) === 500) {}
    }
    // Lost wake-ups only follow a crash between an enqueue and its touch: a rare repair.
    if (force || now - lastRepair >= repairMs) {
      lastRepair = now;
      await es.repairLanes(now);
    }
  }

  function claimOptions(limit: number) {
    return { workerId, now: clock.now(), limit, leaseMs, sessionActions };
  }

  function emitFinishes(finishes: Finish[], applied: boolean[]): void {
    const at = clock.now();
    finishes.forEach((f, i) => {
      const o = f.outcome;
      const outcome = o.kind === "done" ? o.status : o.giveBackAttempt ? "POSTPONED" : `RETRY:${o.code}`;
      emit({
        type: "finish",
        requestId: f.requestId,
        accountId: f.accountId,
        outcome,
        at,
        applied: applied[i] ?? false,
      });
    });
  }

  /** Starts the turns of claimed lanes; each ends by queueing its finish. */
  function dispatch(claimed: Claimed[]): void {
    for (const c of claimed) {
      inFlight.add(c.request.id);
      begin(c);
      const p = takeTurn(turnDeps, c).then(
        (finish) => {
          if (finish === LEASE_LOST) {
            forget(c.request.id);
            emit({ type: "error", error: new Error(`lease of ${c.request.id} lost before its run`), where: "fence" });
          } else queueFinish(finish);
        },
        (error) => {
          // A bug in the turn itself (not in the action): the lease expires and the request is reclaimed.
          forget(c.request.id);
          emit({ type: "error", error, where: "turn" });
        },
      );
      running.add(p);
      void p.finally(() => running.delete(p));
    }
  }

  /** A claimed lane's turn starts: it is announced and its lease is held from here. */
  function begin(c: Claimed): void {
    emit({
      type: "dispatch",
      requestId: c.request.id,
      accountId: c.account.id,
      action: c.request.action,
      eligibleAt: c.eligibleAt,
      at: clock.now(),
    });
    leases.set(c.request.id, { until: c.leaseUntil, abort: new AbortController() });
  }

  function forget(id: string): void {
    inFlight.delete(id);
    leases.delete(id);
  }

  /** Finishes are batched: every turn that ends in the same tick commits in one transaction. */
  function queueFinish(finish: Finish): void {
    finishQueue.push(finish);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(() => void flush());
    }
  }

  /**
   * Commits the queued finishes and, in the same transaction, claims as many lanes as
   * there are free slots: a busy worker pays one transaction per batch (see
   * src/store/sqlite/lanes-finish.ts for the measurement).
   */
  async function flush(): Promise<void> {
    flushScheduled = false;
    const batch = finishQueue;
    finishQueue = [];
    if (batch.length === 0) return;
    for (const f of batch) forget(f.requestId);
    const limit = active() ? Math.min(batchSize, Math.max(0, concurrency - inFlight.size)) : 0;
    // With `finishParallelism` > 1 (PostgreSQL) the batch is split over parallel
    // transactions (their lanes are disjoint, and each locks its own in account order).
    // Default 1: the outbox rows of a batch are one statement now, so a split only adds
    // commits and server CPU (bench/engine: 4 parallel transactions used ~1.7x the server
    // CPU of one for the same actions). SQLite serialises writers: one transaction.
    const parts = Math.max(1, Math.min(finishParallelism, Math.floor(batch.length / 25)));
    const size = Math.ceil(batch.length / parts);
    const chunks: Finish[][] = [];
    for (let i = 0; i < batch.length; i += size) chunks.push(batch.slice(i, i + size));
    const busyAgain = new Set<string>();
    const work = Promise.all(
      chunks.map(async (chunk, i) => {
        const share = Math.floor(limit / chunks.length) + (i < limit % chunks.length ? 1 : 0);
        let applied: boolean[] = [];
        let claimed: Claimed[] = [];
        try {
          ({ applied, claimed } = await es.finishAndClaim(chunk, () => claimOptions(share)));
        } catch (error) {
          // The leases stay held and expire: the requests are reclaimed and verified, not lost.
          emit({ type: "error", error, where: "finish" });
        }
        emitFinishes(chunk, applied);
        for (const c of claimed) busyAgain.add(c.account.id);
        dispatch(claimed);
        return share > 0 && claimed.length === share;
      }),
    ).then((full) => {
      if (full.some(Boolean)) pump();
      else if (inFlight.size === 0) void schedule();
      // The lanes just freed are due again after their gap: be awake then, not at the next
      // poll. A lane the same transaction claimed again is busy: no wake-up for it (at pacing
      // 0 it would be an immediate, empty claim after every batch).
      let soonest = Number.POSITIVE_INFINITY;
      for (const f of batch) if (!busyAgain.has(f.accountId)) soonest = Math.min(soonest, f.nextAt);
      if (soonest < Number.POSITIVE_INFINITY) wakeAt(soonest);
    });
    flushing = work;
    await work;
    if (flushing === work) flushing = null;
  }

  async function round(): Promise<number> {
    await maintenance(false);
    const free = concurrency - inFlight.size;
    if (free <= 0) return 0;
    const limit = Math.min(free, batchSize);
    const claimed = await es.claimLanes(claimOptions(limit));
    dispatch(claimed);
    if (claimed.length === limit) again = true;
    return claimed.length;
  }

  function pump(): void {
    if (!active()) return;
    if (pumping) {
      again = true;
      return;
    }
    pumping = (async () => {
      try {
        do {
          again = false;
          await round();
        } while (again && active());
        void trackers.poll();
      } catch (error) {
        emit({ type: "error", error, where: "pump" });
      } finally {
        pumping = null;
        await schedule();
      }
    })();
  }

  /** Wakes the loop at `at` unless it is already due to wake earlier. */
  function wakeAt(at: number): void {
    if (!active() || at >= timerAt) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(
      () => {
        timer = undefined;
        timerAt = Number.POSITIVE_INFINITY;
        pump();
      },
      Math.max(0, at - clock.now()),
    );
    // Not unref'd: a started engine keeps its process alive (a worker with SQLite has no
    // socket that would); stop() clears it.
  }

  /** Sleeps until the next due lane (or lease expiry), at most `pollMs`. */
  async function schedule(): Promise<void> {
    if (!active()) return;
    const now = clock.now();
    let at = now + pollMs;
    try {
      const due = await es.nextDueAt();
      if (due !== null) at = Math.min(at, due);
      // Another worker's lease: reclaimable half a lease after it expires (see maintenance).
      const lease = await es.nextLeaseExpiry();
      if (lease !== null) at = Math.min(at, Math.max(lease + leaseMs / 2, lastReclaim + leaseMs / 2, now + 1));
    } catch (error) {
      emit({ type: "error", error, where: "schedule" });
    }
    wakeAt(at);
  }

  let renewing = false;
  async function renew(): Promise<void> {
    if (inFlight.size === 0 || renewing) return;
    renewing = true;
    try {
      const until = clock.now() + leaseMs;
      const ids = [...inFlight];
      const held = new Set(await es.renewLeases(workerId, ids, until));
      for (const id of ids) {
        const lease = leases.get(id);
        if (!lease) continue;
        if (held.has(id)) lease.until = until;
        else lease.abort.abort(new Error("lease lost"));
      }
    } catch (error) {
      emit({ type: "error", error, where: "renew" });
    } finally {
      renewing = false;
    }
  }

  const engine: Engine = {
    workerId,
    store: es,
    defaultPacing: turnDeps.defaultPacing,
    async start() {
      if (started) return;
      started = true;
      stopping = false;
      await maintenance(true);
      if (options.listen !== false && options.store.dialect === "postgres") {
        waker = await createWaker(options.store, () => pump());
      }
      renewTimer = setInterval(() => void renew(), Math.max(50, Math.floor(leaseMs / 3)));
      renewTimer.unref?.();
      pump();
    },
    async stop(timeoutMs = 30_000) {
      stopping = true;
      clearTimeout(timer);
      timerAt = Number.POSITIVE_INFINITY;
      while (pumping) await pumping;
      // Running turns finish (their leases still renewed) unless they outlast the timeout;
      // then they are abandoned: their leases expire and another worker verifies them.
      let timeout: NodeJS.Timeout | undefined;
      const expired = new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, timeoutMs);
      });
      const settled = (async () => {
        while (running.size > 0) await Promise.all([...running]);
        await trackers.idle();
        await flush();
        while (flushing) await flushing;
      })();
      await Promise.race([settled, expired]);
      clearTimeout(timeout);
      clearInterval(renewTimer);
      await waker?.close();
      waker = null;
      started = false;
    },
    wake() {
      pump();
    },
    async onEnqueued(accountIds) {
      if (accountIds.length === 0) return;
      // Never rejects: the gateway calls it without awaiting. A lost touch is found by the
      // lane repair (repairMs) and the poll timer.
      try {
        await es.touchLanes([...new Set(accountIds)], clock.now());
        await waker?.notify();
      } catch (error) {
        emit({ type: "error", error, where: "onEnqueued" });
      }
      pump();
    },
    async cancelAccount(accountId) {
      return es.cancelAccount(
        accountId,
        "ACCOUNT_DISCONNECTED",
        "The account was disconnected before the request ran",
        clock.now(),
        deliveryOf,
      );
    },
    async resumeAccount(accountId) {
      await es.touchLanes([accountId], clock.now(), { unpause: true });
      await waker?.notify();
      pump();
    },
    async touchAccount(accountId) {
      await releaseFor(es, options.store, accountId, clock.now(), turnDeps.defaultPacing);
      await waker?.notify();
      pump();
    },
    async step() {
      await maintenance(false);
      const claimed = await es.claimLanes(claimOptions(batchSize));
      const finishes: Finish[] = [];
      for (const c of claimed) {
        begin(c);
        try {
          const finish = await takeTurn(turnDeps, c);
          leases.delete(c.request.id);
          if (finish !== LEASE_LOST) finishes.push(finish);
        } catch (error) {
          emit({ type: "error", error, where: "turn" });
        }
      }
      if (finishes.length) emitFinishes(finishes, await es.finishRequests(finishes));
      await trackers.poll(true);
      return claimed.length;
    },
    async drain(maxRounds = 10_000) {
      let total = 0;
      for (let i = 0; i < maxRounds; i++) {
        const n = await engine.step();
        if (n === 0) break;
        total += n;
      }
      return total;
    },
  };
  return engine;
}
