import type { Store } from "../store/types.ts";

/** The channel the gateway NOTIFYs after an enqueue and every worker LISTENs on. */
export const REQUESTS_CHANNEL = "welink_requests";

export interface Waker {
  /** Wakes the workers of every process (PostgreSQL NOTIFY). */
  notify(): Promise<void>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: one dedicated connection LISTENs on `welink_requests` and calls `onWake` for
 * each notification; `notify()` sends one through the pool. A dropped LISTEN connection is
 * re-opened after a second; the engine's poll timer covers the gap.
 */
export async function createWaker(store: Store, onWake: () => void): Promise<Waker> {
  const { pool } = store as Store & { pool: import("pg").Pool };
  let closed = false;
  let client: import("pg").PoolClient | null = null;

  async function listen(): Promise<void> {
    if (closed) return;
    try {
      const c = await pool.connect();
      client = c;
      c.on("notification", () => onWake());
      c.on("error", () => {
        c.release(true);
        if (client === c) client = null;
        if (!closed) setTimeout(() => void listen(), 1000).unref?.();
      });
      await c.query(`LISTEN ${REQUESTS_CHANNEL}`);
    } catch {
      if (!closed) setTimeout(() => void listen(), 1000).unref?.();
    }
  }
  await listen();

  return {
    async notify() {
      await pool.query(`NOTIFY ${REQUESTS_CHANNEL}`);
    },
    async close() {
      closed = true;
      const c = client;
      client = null;
      if (c) {
        await c.query(`UNLISTEN ${REQUESTS_CHANNEL}`).catch(() => {});
        c.release();
      }
    },
  };
}

/**
 * The gateway's `onEnqueued` for a process without a running engine (`--role api`): marks
 * the accounts' lanes due and NOTIFYs the workers (PostgreSQL). A process that runs an
 * engine uses `engine.onEnqueued`, which also wakes its own loop.
 */
export async function createEnqueueHook(
  store: Store,
  clock: { now(): number },
  onError: (error: unknown) => void = () => {},
): Promise<(accountIds: readonly string[]) => Promise<void>> {
  const { engineStoreOf } = await import("./store.ts");
  const { SESSION_ACTIONS } = await import("./actions.ts");
  const es = await engineStoreOf(store, SESSION_ACTIONS);
  // Never rejects (the gateway does not await it); a lost touch is repaired by the workers.
  return async (accountIds) => {
    if (accountIds.length === 0) return;
    try {
      await es.touchLanes([...new Set(accountIds)], clock.now());
      if (store.dialect === "postgres") {
        const { pool } = store as Store & { pool: import("pg").Pool };
        await pool.query(`NOTIFY ${REQUESTS_CHANNEL}`);
      }
    } catch (error) {
      onError(error);
    }
  };
}
