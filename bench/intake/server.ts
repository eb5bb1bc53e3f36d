/**
 * The server half of bench/intake.ts, in its own process so the load tool does not share
 * its event loop. Usage: `server.ts bare`, `server.ts welink <dataDir> [postgresUrl]`, or
 * `server.ts nowrite <dataDir>`: the whole gateway on SQLite, except that the account
 * window and the insert are not written (what the gateway costs without its database writes).
 * Prints one JSON line `{port, headers?, accounts?}` once it listens; exits on SIGTERM.
 */
import { randomBytes, randomUUID } from "node:crypto";
import Fastify from "fastify";
import { buildApp } from "../../src/api/app.ts";
import { createKey } from "../../src/api/key-admin.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import { newRequestRow } from "../../src/store/rows.ts";
import type { NewRequest, Store } from "../../src/store/types.ts";

/** The accounts the load takes turns on (the account cache's hit rate depends on it). */
export const ACCOUNTS = 4000;
/**
 * The account window's limit, raised from 100 an hour so that a long run at 30,000 req/s
 * (about 1,100 calls an account in 150 s) is never refused: the window is still kept
 * exactly (every hit logged and counted), only its ceiling is out of the way.
 */
const ACTIONS_PER_HOUR = 1_000_000;

async function bare(): Promise<void> {
  const app = Fastify({ logger: false });
  const constant = { status: "QUEUED" };
  app.post("/api/v1/connect", async () => constant);
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
  process.once("SIGTERM", () => app.close().then(() => process.exit(0)));
}

/** The store with its two hot-path writes answered from memory: for the diagnostic target only. */
function withoutWrites(store: Store): Store {
  const proto = Object.getPrototypeOf(store) as object;
  const wrapper: Record<string, unknown> = { dialect: store.dialect };
  for (const name of Object.getOwnPropertyNames(proto)) {
    const fn = (store as unknown as Record<string, unknown>)[name];
    if (name !== "constructor" && typeof fn === "function") wrapper[name] = fn.bind(store);
  }
  wrapper.hitWindow = async () => ({ allowed: true, count: 1, retryAfterMs: 0 });
  // The row the SQLite insert would answer, made the same way (an object spread here cost
  // ~10% of this target's CPU, more than the gateway code it is meant to show).
  wrapper.enqueue = async (requests: NewRequest[]) =>
    requests.map((r) => ({ kind: "created" as const, request: newRequestRow(r) }));
  return wrapper as unknown as Store;
}

async function welink(dataDir: string, databaseUrl: string | undefined, writes: boolean): Promise<void> {
  const store = await openStore({
    dataDir,
    masterKey: randomBytes(32),
    ...(databaseUrl ? { databaseUrl } : {}),
  });
  await store.migrate();
  const key = await createKey(store, systemClock, { workspace: "bench" });
  const accounts: string[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = randomUUID();
    await store.createAccount({
      id,
      workspaceId: key.workspaceId,
      email: `bench${i}@example.com`,
      status: "ACTIVE",
      proxy: { location: "US" },
      secrets: { password: "x" },
      now: Date.now(),
    });
    accounts.push(id);
  }
  // The per-key ceiling is moved out of the way: one key drives the whole load here; the
  // account windows' limit too (see ACTIONS_PER_HOUR). Auth, validation, the windows and the
  // durable enqueue all run as in production.
  const app = await buildApp(
    { store: writes ? store : withoutWrites(store), clock: systemClock, onEnqueued: () => {} },
    { keyRatePerMinute: 10_000_000, accountActionsPerHour: ACTIONS_PER_HOUR },
  );
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  console.log(
    JSON.stringify({
      port: typeof address === "object" && address ? address.port : 0,
      headers: { "x-api-key": key.apiKey, "x-api-secret": key.apiSecret },
      accounts,
    }),
  );
  process.once("SIGTERM", () => {
    app
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  });
}

const [mode, dataDir, databaseUrl] = process.argv.slice(2);
if (mode === "bare") await bare();
else await welink(dataDir!, databaseUrl, mode !== "nowrite");
