import type pg from "pg";
import { WEBHOOKS_CHANNEL } from "../store/postgres/webhooks-outbox.ts";

const RECONNECT_MS = 1_000;

/**
 * Holds one pool connection LISTENing on `welink_webhooks` and calls `wake` on every
 * NOTIFY (sent by the outbox insert when its transaction commits). A dropped connection is
 * re-established; the dispatcher's safety poll covers the gap. Returns the stop function.
 */
export function listenForDeliveries(pool: pg.Pool, wake: () => void, onError?: (error: Error) => void) {
  let client: pg.PoolClient | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  async function connect(): Promise<void> {
    if (stopped) return;
    try {
      const next = await pool.connect();
      next.on("notification", (message) => {
        if (message.channel === WEBHOOKS_CHANNEL) wake();
      });
      next.on("error", (error) => {
        onError?.(error);
        next.release(error);
        if (client === next) client = null;
        schedule();
      });
      await next.query(`LISTEN ${WEBHOOKS_CHANNEL}`);
      if (stopped) {
        next.release();
        return;
      }
      client = next;
      // Rows committed while we were not listening.
      wake();
    } catch (error) {
      onError?.(error as Error);
      schedule();
    }
  }

  function schedule(): void {
    if (stopped) return;
    clearTimeout(retry);
    retry = setTimeout(() => void connect(), RECONNECT_MS);
    retry.unref();
  }

  const ready = connect();
  return {
    ready,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(retry);
      await ready;
      const held = client;
      client = null;
      if (held) {
        await held.query(`UNLISTEN ${WEBHOOKS_CHANNEL}`).catch(() => {});
        held.release();
      }
    },
  };
}
