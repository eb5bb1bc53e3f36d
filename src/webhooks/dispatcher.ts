import { performance } from "node:perf_hooks";
import type { Logger } from "pino";
import { Agent, request } from "undici";
import type { Clock } from "../lib/clock.ts";
import type { AttemptOutcome, ClaimedDelivery, WebhookStore } from "../store/webhook-types.ts";
import { createRecorder } from "./recorder.ts";
import { signedBody, standardHeaders } from "./sign.ts";
import { guardedLookup, refuseLiteral, restrictsPrivate, SANDBOX_POLICY, type UrlPolicy } from "./url-policy.ts";

/** API.md: 2xx within 30 s is success. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** API.md / We-Link: retries after 1 min, 5 min, 30 min, 2 h, 12 h; then the delivery is failed. */
export const RETRY_SCHEDULE_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 12 * 3_600_000];
/** How long delivered and failed deliveries stay in the log (`webhook_deliveries`, replay). */
export const DEFAULT_RETENTION_MS = 30 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;
const PRUNE_BATCH = 5_000;
/** Sends in flight across all accounts (one per account at most: order per account). */
export const DEFAULT_CONCURRENCY = 32;
/**
 * A safety poll for wake-ups that could be missed (a NOTIFY lost while the LISTEN
 * connection was being re-established); normal wake-ups are immediate.
 */
const SAFETY_POLL_MS = 5_000;

export interface DispatcherOptions {
  store: WebhookStore;
  clock: Clock;
  policy?: UrlPolicy;
  timeoutMs?: number;
  concurrency?: number;
  /** How long a claim is reserved; past it another process may send the delivery again. */
  leaseMs?: number;
  schedule?: readonly number[];
  /** Retention of finished deliveries; 0 keeps them forever. */
  retentionMs?: number;
  log?: Pick<Logger, "info" | "warn" | "error" | "debug">;
}

export interface Dispatcher {
  /** The effective settings (defaults applied). */
  readonly settings: { timeoutMs: number; concurrency: number; leaseMs: number; schedule: readonly number[] };
  /** Starts claiming and the timer; returns at once. */
  start(): void;
  /** New outbox rows (in-process signal, NOTIFY, a replay or a test event). */
  wake(): void;
  /**
   * Claims and sends everything due now and waits for those sends (tests with a manual
   * clock drive the dispatcher with this). Returns how many attempts were made.
   */
  runDue(): Promise<number>;
  /** Deletes finished deliveries older than the retention; returns how many. */
  prune(): Promise<number>;
  /** Stops claiming and waits for the sends in flight. */
  stop(): Promise<void>;
}

/** What happens after attempt number `attempt` (1-based) failed. */
export function nextAttemptAfter(
  attempt: number,
  at: number,
  schedule: readonly number[] = RETRY_SCHEDULE_MS,
): number | null {
  const delay = schedule[attempt - 1];
  return delay === undefined ? null : at + delay;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, clock, log } = options;
  const policy = options.policy ?? SANDBOX_POLICY;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  // Renewed every third of itself while a POST is in flight, so it can be much shorter than
  // the 30 s POST timeout: a dead dispatcher's deliveries are sent again after one lease.
  const leaseMs = options.leaseMs ?? timeoutMs + 30_000;
  const schedule = options.schedule ?? RETRY_SCHEDULE_MS;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  // No redirect interceptor is installed, so undici never follows a 3xx: it is a failure.
  const agent = new Agent({
    connections: concurrency,
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    ...(restrictsPrivate(policy) ? { connect: { lookup: guardedLookup } } : {}),
  });

  const recorder = createRecorder(store);
  const inFlight = new Set<Promise<void>>();
  let running = false;
  let stopped = false;
  let pumping = false;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;

  async function prune(): Promise<number> {
    if (retentionMs <= 0) return 0;
    const before = clock.now() - retentionMs;
    let total = 0;
    for (;;) {
      const n = await store.prune(before, PRUNE_BATCH);
      total += n;
      if (n < PRUNE_BATCH || stopped) return total;
    }
  }

  async function send(delivery: ClaimedDelivery): Promise<void> {
    const at = clock.now();
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const url = new URL(delivery.url);
      const refused = refuseLiteral(url, policy);
      if (refused) throw new Error(refused);
      const body = signedBody(delivery.payload, delivery.secret, delivery.signing, at);
      const response = await request(url, {
        method: "POST",
        dispatcher: agent,
        headers: {
          "content-type": "application/json",
          "user-agent": "welink-webhooks/0.1",
          ...standardHeaders(delivery.id, at, body, delivery.secret),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      statusCode = response.statusCode;
      await response.body.dump().catch(() => {});
      if (statusCode >= 300 && statusCode < 400) {
        error = `redirect not followed (${statusCode}${location(response.headers.location)})`;
      } else if (statusCode < 200 || statusCode >= 300) {
        error = `HTTP ${statusCode}`;
      }
    } catch (cause) {
      error = describe(cause, timeoutMs);
    }
    const durationMs = performance.now() - started;
    const end = clock.now();
    const attempt = delivery.attempts + 1;
    const outcome: AttemptOutcome =
      error === null
        ? { deliveryId: delivery.id, at, statusCode, error, durationMs, status: "delivered", nextAttemptAt: null }
        : failedOutcome(delivery.id, attempt, at, end, statusCode, error, durationMs);
    await recorder.record(outcome);
    const line = {
      deliveryId: delivery.id,
      requestId: delivery.requestId,
      accountId: delivery.accountId,
      attempt,
      statusCode,
      durationMs: Math.round(durationMs),
    };
    if (outcome.status === "delivered") log?.debug(line, "webhook delivered");
    else log?.warn({ ...line, error, status: outcome.status, nextAttemptAt: outcome.nextAttemptAt }, "webhook failed");
  }

  function failedOutcome(
    deliveryId: string,
    attempt: number,
    at: number,
    end: number,
    statusCode: number | null,
    error: string,
    durationMs: number,
  ): AttemptOutcome {
    const next = nextAttemptAfter(attempt, end, schedule);
    return {
      deliveryId,
      at,
      statusCode,
      error,
      durationMs,
      status: next === null ? "failed" : "pending",
      nextAttemptAt: next,
    };
  }

  /** Ids of the deliveries this dispatcher is sending, whose leases it keeps alive. */
  const sending = new Set<string>();
  let renewTimer: NodeJS.Timeout | undefined;

  function renew(): void {
    if (sending.size === 0) return;
    store
      .renewLeases([...sending], clock.now() + leaseMs)
      .catch((cause) => log?.warn({ err: cause }, "webhooks: lease renewal failed"));
  }

  function track(delivery: ClaimedDelivery): Promise<void> {
    sending.add(delivery.id);
    const job = send(delivery)
      .catch((cause) => log?.error({ err: cause, deliveryId: delivery.id }, "webhook attempt not recorded"))
      .finally(() => {
        sending.delete(delivery.id);
        inFlight.delete(job);
        // The account's next delivery may be claimable now.
        if (running) wake();
      });
    inFlight.add(job);
    return job;
  }

  /** Claims until the concurrency is used up or nothing is due; returns the sends started. */
  async function claimRound(): Promise<Promise<void>[]> {
    const started: Promise<void>[] = [];
    while (!stopped && inFlight.size < concurrency) {
      const batch = await store.claimDue(clock.now(), concurrency - inFlight.size, leaseMs);
      if (batch.length === 0) break;
      for (const delivery of batch) started.push(track(delivery));
    }
    return started;
  }

  async function pump(): Promise<void> {
    if (pumping) {
      again = true;
      return;
    }
    pumping = true;
    try {
      do {
        again = false;
        await claimRound();
      } while (again && !stopped);
      await arm();
    } catch (cause) {
      log?.error({ err: cause }, "webhook dispatcher claim failed");
      armIn(SAFETY_POLL_MS);
    } finally {
      pumping = false;
    }
  }

  async function arm(): Promise<void> {
    if (!running || stopped) return;
    const due = await store.nextDueAt();
    const wait = due === null ? SAFETY_POLL_MS : Math.max(0, Math.min(due - clock.now(), SAFETY_POLL_MS));
    // With sends in flight their completion wakes us; a due time in the past means the
    // concurrency is used up, not that we should spin.
    armIn(inFlight.size > 0 ? Math.max(wait, 50) : wait);
  }

  function armIn(ms: number): void {
    if (!running || stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void pump(), ms);
    timer.unref();
  }

  function wake(): void {
    if (stopped) return;
    void pump();
  }

  return {
    settings: { timeoutMs, concurrency, leaseMs, schedule },
    start() {
      if (running) return;
      running = true;
      void store
        .recover()
        .then((n) => {
          if (n > 0) log?.info({ deliveries: n }, "webhooks: deliveries of an interrupted run are due again");
        })
        .catch((cause) => log?.error({ err: cause }, "webhooks: lease recovery failed"))
        .finally(wake);
      pruneTimer = setInterval(() => {
        prune().catch((cause) => log?.warn({ err: cause }, "webhooks: pruning the delivery log failed"));
      }, PRUNE_EVERY_MS);
      pruneTimer.unref();
      renewTimer = setInterval(renew, Math.max(500, Math.floor(leaseMs / 3)));
      renewTimer.unref();
    },
    wake,
    prune,
    async runDue() {
      let count = 0;
      for (;;) {
        count += (await claimRound()).length;
        if (inFlight.size === 0) return count;
        // Claim again as soon as any send ends: it may have released its account's next delivery.
        await Promise.race(inFlight);
      }
    },
    async stop() {
      stopped = true;
      running = false;
      clearTimeout(timer);
      clearInterval(pruneTimer);
      clearInterval(renewTimer);
      await Promise.allSettled([...inFlight]);
      await agent.close();
    },
  };
}

function location(value: string | string[] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value;
  return first ? ` to ${first}` : "";
}

function describe(cause: unknown, timeoutMs: number): string {
  const error = cause as { name?: string; code?: string; message?: string };
  if (error?.name === "TimeoutError" || error?.code === "UND_ERR_HEADERS_TIMEOUT") {
    return `timeout: no answer within ${timeoutMs} ms`;
  }
  if (error?.code === "UND_ERR_BODY_TIMEOUT") return `timeout: body not read within ${timeoutMs} ms`;
  const message = error?.message ?? String(cause);
  return error?.code && !message.includes(error.code) ? `${error.code}: ${message}` : message;
}
