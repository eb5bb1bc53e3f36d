/**
 * Outreach end to end: `connect` plus `send_message_to_profile_id` per second across 100
 * sandbox accounts, from the public HTTP API to the signed webhook, with pacing 0, and where
 * the time goes: API (POST to 200), engine (200 to the run's start, i.e. queue and claim),
 * driver (the run less the sandbox's share of it), sandbox (LinkedIn's side: the sandbox
 * server's request handling), webhooks (the run's end to the webhook's arrival: the finish
 * transaction, the dispatcher, the POST to the receiver).
 *
 *   npm run bench -- outreach                       (100 accounts, 5 pairs each, SQLite)
 *   npx tsx bench/outreach.ts --accounts 50 --pairs 10 --pg
 *
 * One process: the whole welink (src/app.ts, embedded sandbox, real sockets, real store),
 * the webhook receiver and the load. Each account runs a closed loop: POST connect, POST
 * send_message_to_profile_id, wait for both webhooks, again. Generated members are logged in
 * through the API first (`GET /_sandbox/members`), not timed. Timings come from Node's
 * `http.server.*` diagnostics channels (sandbox requests) and a timer around each run.
 */
import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pino } from "pino";
import { createKey } from "../src/api/key-admin.ts";
import { startWelink } from "../src/app.ts";
import { CATALOGUE } from "../src/catalog/index.ts";
import { loadConfig } from "../src/config/index.ts";
import { systemClock } from "../src/lib/clock.ts";

const { values: args } = parseArgs({
  options: {
    accounts: { type: "string", default: "100" },
    pairs: { type: "string", default: "5" },
    pg: { type: "boolean", default: false },
  },
});
const ACCOUNTS = Number(args.accounts);
const PAIRS = Number(args.pairs);
const PG_URL = process.env.WELINK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const TIMED = ["connect", "send_message_to_profile_id"];

interface Timing {
  post: number;
  ack?: number;
  runStart?: number;
  runEnd?: number;
  hook?: number;
  status?: string;
}
const timings = new Map<string, Timing>();
const runs = new Map<string, { start: number; end?: number }>();
let sandboxPort = -1;
let sandboxMs = 0;
let sandboxRequests = 0;
let measuring = false;

// LinkedIn's side: every request the sandbox server handles, start to finish.
const started = new WeakMap<object, number>();
subscribe("http.server.request.start", (message) => {
  const { request, server } = message as { request: object; server: Server };
  const address = server.address();
  if (measuring && typeof address === "object" && address?.port === sandboxPort)
    started.set(request, performance.now());
});
subscribe("http.server.response.finish", (message) => {
  const { request } = message as { request: object };
  const at = started.get(request);
  if (at === undefined) return;
  sandboxMs += performance.now() - at;
  sandboxRequests++;
});

// A timer around the runs of the two timed actions (patched before the engine is built).
for (const name of TIMED) {
  const action = CATALOGUE.get(name);
  const run = action?.run;
  if (!action || !run) throw new Error(`no run for ${name}`);
  action.run = async (ctx, input) => {
    const entry = { start: performance.now() } as { start: number; end?: number };
    runs.set(ctx.request.id, entry);
    try {
      return await run(ctx, input);
    } finally {
      entry.end = performance.now();
    }
  };
}

/** The webhook receiver: records when each request's webhook arrived. */
function startReceiver(): Promise<{ url: string; server: Server; waiters: Map<string, () => void> }> {
  const waiters = new Map<string, () => void>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const at = performance.now();
      res.writeHead(204).end();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      const id = String(body.requestId ?? body.request_id ?? "");
      const t = timings.get(id);
      if (t) {
        t.hook = at;
        t.status = String(body.status);
      }
      waiters.get(id)?.();
      waiters.delete(id);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      if (typeof address !== "object" || !address) throw new Error("no address");
      resolve({ url: `http://127.0.0.1:${address.port}/hook`, server, waiters });
    }),
  );
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "welink-bench-outreach-"));
  const schema = args.pg ? `bench_outreach_${randomBytes(4).toString("hex")}` : null;
  if (schema) {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
  }
  const databaseUrl = schema ? `${PG_URL}?options=-c%20search_path%3D${schema}` : undefined;
  const config = loadConfig(
    {
      port: 0,
      host: "127.0.0.1",
      dataDir,
      logLevel: "silent",
      keyRatePerMinute: 1_000_000,
      ...(databaseUrl ? { database: databaseUrl } : {}),
    },
    { WELINK_MASTER_KEY: randomBytes(32).toString("base64") },
  );
  const welink = await startWelink(config, { logger: pino({ level: "silent" }) });
  if (!welink.api || !welink.sandbox) throw new Error("the bench needs the API and the embedded sandbox");
  const sandbox = welink.sandbox;
  sandboxPort = sandbox.port;
  const base = welink.api.url.replace("localhost", "127.0.0.1");
  const key = await createKey(welink.store, systemClock, { workspace: "bench", name: "bench" });
  const receiver = await startReceiver();
  const headers = { "content-type": "application/json", "x-api-key": key.apiKey, "x-api-secret": key.apiSecret };

  const post = async (name: string, body: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${base}/api/v1/${name}`, { method: "POST", headers, body: JSON.stringify(body) });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`${name}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${sandbox.url}/_sandbox/${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
    });
    return (await response.json()) as Record<string, unknown>;
  };
  const hookFor = (id: string) =>
    new Promise<void>((resolve) => {
      if (timings.get(id)?.hook !== undefined) resolve();
      else receiver.waiters.set(id, resolve);
    });

  await post("webhook_set", { url: receiver.url, secret: `whsec_${randomBytes(32).toString("base64")}` });
  // Many accounts act at once from one machine: LinkedIn's per-member burst rule is not the subject here.
  await control("POST", "settings", { burstRequestsPerMinute: 100_000 });

  // Log the generated members in (not timed).
  const listed = (await control("GET", `members?tier=free&start=0&count=${ACCOUNTS + 50}`)) as {
    elements: { email: string; memberId: number; persona: string | null; restricted: boolean }[];
  };
  const world = sandbox.world;
  const members = listed.elements
    .filter((m) => !m.persona && !m.restricted && world.members.require(m.memberId).needsPin === false)
    .filter((m) => world.graph.count(m.memberId) >= PAIRS)
    .slice(0, ACCOUNTS);
  const loginStart = performance.now();
  const accounts = await Promise.all(
    members.map(async (m) => {
      const ack = await post("login_v2", { email: m.email, password: "sandbox-password", proxy: { location: "US" } });
      timings.set(String(ack.requestId), { post: 0 });
      await hookFor(String(ack.requestId));
      const accountId = String(ack.accountId);
      await post("set_limits", { accountId, pacing: { min_gap_s: 0, max_gap_s: 0 } });
      return { accountId, memberId: m.memberId };
    }),
  );
  console.log(`logged in ${accounts.length} accounts in ${((performance.now() - loginStart) / 1000).toFixed(1)} s`);
  // The gap drawn after each login used the sandbox's default pacing (1-3 s): let it pass.
  await new Promise((r) => setTimeout(r, 3500));

  // Targets: strangers to invite and connections to message, per account.
  const plans = accounts.map((a) => {
    const friends = world.graph.connections(a.memberId).map((id) => world.members.require(id).profileId);
    const strangers: string[] = [];
    for (const m of world.members.list) {
      if (strangers.length >= PAIRS) break;
      if (m.memberId <= 100_100 || m.memberId === a.memberId || m.restricted) continue;
      if (world.graph.areConnected(a.memberId, m.memberId) || world.invitations.pendingBetween(a.memberId, m.memberId))
        continue;
      // Spread invitations so no member gets hundreds (and accounts do not invite each other).
      if ((m.memberId + a.memberId) % 7 !== 0 || accounts.some((b) => b.memberId === m.memberId)) continue;
      strangers.push(m.profileId);
    }
    return { ...a, friends, strangers };
  });

  timings.clear();
  measuring = true;
  const t0 = performance.now();
  await Promise.all(
    plans.map(async (p) => {
      for (let i = 0; i < PAIRS; i++) {
        const ids: string[] = [];
        for (const [name, body] of [
          ["connect", { accountId: p.accountId, profile_id: p.strangers[i] }],
          ["send_message_to_profile_id", { accountId: p.accountId, profile_id: p.friends[i], message: `Hello #${i}` }],
        ] as const) {
          const t: Timing = { post: performance.now() };
          const ack = await post(name, body);
          t.ack = performance.now();
          const id = String(ack.requestId);
          timings.set(id, t);
          ids.push(id);
        }
        await Promise.all(ids.map(hookFor));
      }
    }),
  );
  const elapsed = performance.now() - t0;
  measuring = false;

  let api = 0;
  let engine = 0;
  let run = 0;
  let hooks = 0;
  let total = 0;
  const latencies: number[] = [];
  const acks: number[] = [];
  const statuses = new Map<string, number>();
  for (const [id, t] of timings) {
    const r = runs.get(id);
    if (t.ack === undefined || t.hook === undefined || !r || r.end === undefined) continue;
    // The engine may start a run before the 200 has reached the client: that overlap is API time.
    api += Math.min(t.ack, r.start) - t.post;
    engine += Math.max(0, r.start - t.ack);
    run += r.end - r.start;
    hooks += t.hook - r.end;
    total += t.hook - t.post;
    latencies.push(t.hook - t.post);
    acks.push(t.ack - t.post);
    statuses.set(t.status ?? "?", (statuses.get(t.status ?? "?") ?? 0) + 1);
  }
  const driver = Math.max(0, run - sandboxMs);
  const share = (x: number) => `${((100 * x) / total).toFixed(1)}%`;
  latencies.sort((a, b) => a - b);
  acks.sort((a, b) => a - b);
  const at = (list: number[], q: number) => list[Math.min(list.length - 1, Math.floor(q * list.length))]!.toFixed(1);
  const pct = (q: number) => at(latencies, q);
  const pairs = accounts.length * PAIRS;
  console.log(
    `${args.pg ? "PostgreSQL" : "SQLite"}: ${accounts.length} accounts x ${PAIRS} pairs = ${pairs} pairs in ${(elapsed / 1000).toFixed(2)} s`,
  );
  console.log(
    `  ${(pairs / (elapsed / 1000)).toFixed(1)} pairs/s (connect + send_message_to_profile_id), ${((2 * pairs) / (elapsed / 1000)).toFixed(1)} requests/s`,
  );
  console.log(`  API-to-webhook latency per request: p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
  console.log(`  API acknowledgement (POST to 200): p50 ${at(acks, 0.5)} ms, p99 ${at(acks, 0.99)} ms`);
  console.log(`  statuses: ${[...statuses].map(([s, n]) => `${s} ${n}`).join(", ")}`);
  console.log(
    `  time share: API ${share(api)}, engine ${share(engine)}, driver ${share(driver)}, sandbox ${share(sandboxMs)}, webhooks ${share(hooks)}`,
  );
  console.log(`  sandbox: ${sandboxRequests} requests, ${(sandboxMs / sandboxRequests).toFixed(2)} ms each on average`);

  await welink.close();
  await new Promise((r) => receiver.server.close(r));
  rmSync(dataDir, { recursive: true, force: true });
  if (schema) {
    const pg = await import("pg");
    const client = new pg.default.Client({ connectionString: PG_URL });
    await client.connect();
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  }
}

await main();
