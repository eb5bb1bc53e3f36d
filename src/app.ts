/**
 * The composition root: one function builds a whole welink process from its configuration.
 * Every part is created here and handed its collaborators; no part reaches for a
 * singleton. `welink serve` calls it; the end-to-end tests call it too (through the CLI).
 *
 *   role all    : API + engine + webhook dispatcher (+ the embedded sandbox by default)
 *   role api    : API only (PostgreSQL: other processes run the work)
 *   role worker : engine + webhook dispatcher, no HTTP listener
 */
import type { Logger } from "pino";
import { pino } from "pino";
import { type CreatedKey, createKey } from "./api/key-admin.ts";
import { type RunningApi, startApi } from "./api/server.ts";
import { type AppDeps, CATALOGUE } from "./catalog/index.ts";
import { trackerCheck } from "./catalog/messaging-run.ts";
import { openConfiguredStore } from "./cli/run.ts";
import type { Config } from "./config/index.ts";
import { createEngine, type Engine } from "./engine/engine.ts";
import { engineHandleOf } from "./engine/handle.ts";
import { accountStatusDelivery } from "./engine/outbox.ts";
import { LIVE_PACING, SANDBOX_PACING } from "./engine/pacing.ts";
import { createEnqueueHook } from "./engine/wake.ts";
import { type Clock, type Sleep, systemClock } from "./lib/clock.ts";
import { type Random, systemRandom } from "./lib/random.ts";
import { ProxyPool, type ProxyPoolConfig, SessionManager } from "./linkedin/index.ts";
import { type Sandbox, startSandbox } from "./sandbox/index.ts";
import type { AccountStatus, Store } from "./store/types.ts";
import { createWebhooks, type Webhooks } from "./webhooks/index.ts";
import { webhookStoreOf } from "./webhooks/store.ts";

export interface WelinkOptions {
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  /** The engine's wait between the pages of a search (default a real timer). */
  sleep?: Sleep;
}

export interface Welink {
  store: Store;
  deps: AppDeps;
  api: RunningApi | null;
  engine: Engine | null;
  webhooks: Webhooks;
  sessions: SessionManager;
  sandbox: Sandbox | null;
  /** The key made on an empty store, if any (printed once by `welink serve`). */
  firstKey: CreatedKey | null;
  close(): Promise<void>;
}

/** The statuses that go out as `account_status` webhooks (API.md, "Unsolicited webhooks"). */
const ANNOUNCED: ReadonlySet<AccountStatus> = new Set([
  "SESSION_EXPIRED",
  "RESTRICTED",
  "PIN_REQUIRED",
  "PROXY_FAILED",
  "ACTIVE",
]);

export async function startWelink(config: Config, options: WelinkOptions = {}): Promise<Welink> {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const store = await openConfiguredStore(config);
  await store.migrate();
  const works = config.role !== "api";

  const linkedin = await linkedinOf(config, logger);
  const webhooks = createWebhooks({
    store,
    clock,
    policy: {
      live: config.linkedin === "live",
      allowPrivate: config.linkedin !== "live" || config.allowPrivateWebhooks,
    },
    log: logger,
    dispatch: works,
    // The same lease as the engine's lanes: a dead worker's deliveries go out again after it.
    dispatcher: { leaseMs: config.leaseS * 1000 },
  });
  const outbox = webhookStoreOf(store);
  const sessions = new SessionManager({
    baseUrl: linkedin.baseUrl,
    store,
    clock,
    proxyPool: new ProxyPool(linkedin.proxies),
    logger,
    onAccountStatus: async (accountId, status, reason) => {
      if (!ANNOUNCED.has(status)) return;
      const account = await store.getAccount(accountId);
      if (!account) return;
      await outbox.enqueue(
        accountStatusDelivery(account.workspaceId, accountId, status, reason ?? status, clock.now()),
      );
    },
  });
  const defaultPacing = config.linkedin === "sandbox" ? SANDBOX_PACING : LIVE_PACING;
  const deps: AppDeps = { store, clock, random, webhooks: webhooks.service, sessions };

  const engine = works
    ? await createEngine({
        store,
        clock,
        random,
        actions: [...CATALOGUE.values()].filter((a) => a.mode === "async"),
        makeContext: (claimed) => ({ deps, request: claimed.request, account: claimed.account }),
        defaultPacing,
        leaseMs: config.leaseS * 1000,
        ...(options.sleep ? { sleep: options.sleep } : {}),
        // Replies in tracked threads and acceptances of invitations sent through welink.
        checkTracker: trackerCheck(sessions, store),
        onEvent: (event) => {
          if (event.type === "error") logger.error({ err: event.error, where: event.where }, "engine error");
        },
      })
    : null;
  deps.engine = engine ?? (await engineHandleOf(store, defaultPacing));
  // An API-only node wakes the workers of other processes (NOTIFY); a node that works
  // also wakes its own engine at once.
  if (engine) deps.onEnqueued = (accountIds) => void engine.onEnqueued(accountIds);
  else {
    const wake = await createEnqueueHook(store, clock, (error) => logger.error({ err: error }, "enqueue wake-up"));
    deps.onEnqueued = (accountIds) => void wake(accountIds);
  }

  const firstKey = await bootstrapFirstKey(store, clock);
  const api =
    config.role === "worker"
      ? null
      : await startApi(deps, {
          port: config.port,
          host: config.host,
          logger,
          keyRatePerMinute: config.keyRatePerMinute,
          queueTimeoutS: config.queueTimeoutS,
        });
  await webhooks.start();
  await engine?.start();
  logger.info(
    { url: api?.url ?? null, store: store.dialect, role: config.role, linkedin: linkedin.baseUrl },
    "welink started",
  );

  return {
    store,
    deps,
    api,
    engine,
    webhooks,
    sessions,
    sandbox: linkedin.sandbox,
    firstKey,
    async close() {
      await api?.close();
      await engine?.stop();
      await webhooks.stop();
      await sessions.close();
      await linkedin.sandbox?.close();
      await store.close();
    },
  };
}

/** On an empty store: a workspace `default` and a key, so `npm start` is ready to curl. */
export async function bootstrapFirstKey(store: Store, clock: Clock = systemClock): Promise<CreatedKey | null> {
  if ((await store.listWorkspaces()).length > 0) return null;
  return createKey(store, clock, { workspace: "default", name: "default" });
}

interface LinkedInTarget {
  baseUrl: string;
  proxies: ProxyPoolConfig;
  sandbox: Sandbox | null;
}

/**
 * Where the driver goes. `sandbox` embeds the sandbox LinkedIn on a loopback port; its
 * own forward proxy stands in for the internal proxy pool, so `{"location":"US"}` works
 * out of the box and the proxy code runs end to end. `live` and a base URL use the
 * configured pool.
 */
async function linkedinOf(config: Config, logger: Logger): Promise<LinkedInTarget> {
  if (config.linkedin !== "sandbox") {
    const baseUrl = config.linkedin === "live" ? "https://www.linkedin.com" : config.linkedin;
    return { baseUrl, proxies: config.proxyPool ?? {}, sandbox: null };
  }
  const sandbox = await startSandbox({
    port: 0,
    seed: config.sandboxSeed,
    onError: (err) => logger.error({ err }, "sandbox error"),
  });
  const viaSandbox = {
    protocol: "http" as const,
    host: "127.0.0.1",
    port: sandbox.port,
    username: "welink",
    password: "sandbox-proxy",
  };
  const proxies: ProxyPoolConfig = {};
  for (const location of SANDBOX_LOCATIONS) proxies[location] = [viaSandbox];
  return { baseUrl: sandbox.url, proxies: { ...proxies, ...config.proxyPool }, sandbox };
}

const SANDBOX_LOCATIONS = ["US", "GB", "CA", "DE", "FR", "NL", "ES", "IT", "IN", "AU", "BR"];
