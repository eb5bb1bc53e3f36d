/**
 * A worker process for the crash and multi-node tests: an engine on the given store with
 * one write action, `send`, whose side effect lands on the test's HTTP server and whose
 * `verify` asks that server whether it arrived. Configured by WELINK_TEST_WORKER (JSON).
 * Prints "ready" once claiming; stops cleanly on SIGTERM; dies on SIGKILL like any process.
 */
import { createEngine } from "../../src/engine/engine.ts";
import { systemClock } from "../../src/lib/clock.ts";
import { seededRandom } from "../../src/lib/random.ts";
import { openStore } from "../../src/store/open.ts";

interface Config {
  dataDir: string;
  databaseUrl?: string;
  masterKeyHex: string;
  server: string;
  workerId: string;
  leaseMs: number;
  gapMs: number;
  actionMs: number;
}

const config = JSON.parse(process.env.WELINK_TEST_WORKER ?? "{}") as Config;
const store = await openStore({
  dataDir: config.dataDir,
  ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
  masterKey: Buffer.from(config.masterKeyHex, "hex"),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function post(path: string, body: unknown): Promise<void> {
  const res = await fetch(config.server + path, { method: "POST", body: JSON.stringify(body) });
  await res.text();
}

const engine = await createEngine({
  store,
  clock: systemClock,
  random: seededRandom(process.pid),
  workerId: config.workerId,
  leaseMs: config.leaseMs,
  concurrency: 100,
  batchSize: 100,
  pollMs: 200,
  maintenanceMs: 500,
  defaultPacing: { min_gap_s: config.gapMs / 1000, max_gap_s: config.gapMs / 1000 },
  actions: [
    {
      name: "send",
      run: async (ctx) => {
        const msg = { rid: ctx.request.id, account: ctx.request.accountId, worker: config.workerId };
        await sleep(Math.random() * config.actionMs);
        await post("/begin", msg);
        await sleep(Math.random() * config.actionMs);
        await post("/end", msg);
        return { sent: true };
      },
      verify: async (ctx) => {
        const res = await fetch(`${config.server}/did?rid=${ctx.request.id}`);
        const { received } = (await res.json()) as { received: boolean };
        return received ? { sent: true, verified: true } : null;
      },
    },
  ],
  makeContext: (c) => ({ deps: { store, clock: systemClock }, request: c.request, account: c.account }),
  onEvent: (e) => {
    if (e.type === "error") console.error(`[${config.workerId}] ${e.where}:`, e.error);
    else if (process.env.WELINK_TEST_TRACE)
      console.log(Date.now(), e.type, e.requestId, e.type === "finish" ? e.outcome : "");
  },
});
await engine.start();
console.log("ready");

process.on("SIGTERM", () => {
  void engine
    .stop()
    .then(() => store.close())
    .then(() => process.exit(0));
});
