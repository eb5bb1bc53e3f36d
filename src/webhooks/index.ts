import type pg from "pg";
import type { Logger } from "pino";
import type { Clock } from "../lib/clock.ts";
import { onDeliveryInserted } from "../store/sqlite/webhooks-outbox.ts";
import type { Store } from "../store/types.ts";
import { createDispatcher, type Dispatcher, type DispatcherOptions } from "./dispatcher.ts";
import { listenForDeliveries } from "./listen-pg.ts";
import { createWebhookService, type WebhookService } from "./service.ts";
import { webhookStoreOf } from "./store.ts";
import type { UrlPolicy } from "./url-policy.ts";

export { createDispatcher, DEFAULT_TIMEOUT_MS, RETRY_SCHEDULE_MS } from "./dispatcher.ts";
export { eventPayload, requestPayload } from "./payload.ts";
export type { WebhookService } from "./service.ts";
export { SANDBOX_POLICY, type UrlPolicy } from "./url-policy.ts";

export interface WebhooksOptions {
  store: Store;
  clock: Clock;
  policy: UrlPolicy;
  log?: Pick<Logger, "info" | "warn" | "error" | "debug">;
  /** false on PostgreSQL `--role api` nodes: they configure webhooks but do not send them. */
  dispatch?: boolean;
  /** Overrides for tests and benches (timeout, concurrency, schedule). */
  dispatcher?: Partial<Omit<DispatcherOptions, "store" | "clock" | "policy" | "log">>;
}

export interface Webhooks {
  /** For `ctx.deps.webhooks`. */
  service: WebhookService;
  dispatcher: Dispatcher | null;
  /** Starts the dispatcher and its wake-ups (in-process for SQLite, LISTEN for PostgreSQL). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The webhooks part of welink, ready for the composition root. */
export function createWebhooks(options: WebhooksOptions): Webhooks {
  const store = webhookStoreOf(options.store);
  const dispatcher =
    options.dispatch === false
      ? null
      : createDispatcher({
          store,
          clock: options.clock,
          policy: options.policy,
          ...(options.log ? { log: options.log } : {}),
          ...options.dispatcher,
        });
  const service = createWebhookService({
    store,
    clock: options.clock,
    policy: options.policy,
    wake: () => dispatcher?.wake(),
  });
  const stops: (() => unknown)[] = [];
  return {
    service,
    dispatcher,
    async start() {
      if (!dispatcher) return;
      if (options.store.dialect === "sqlite") {
        stops.push(onDeliveryInserted(dispatcher.wake));
      } else {
        const pool = (options.store as Store & { pool: pg.Pool }).pool;
        const listener = listenForDeliveries(pool, dispatcher.wake, (error) =>
          options.log?.warn({ err: error }, "webhooks LISTEN connection lost"),
        );
        await listener.ready;
        stops.push(listener.stop);
      }
      dispatcher.start();
    },
    async stop() {
      for (const stop of stops.splice(0)) await stop();
      await dispatcher?.stop();
    },
  };
}
