/**
 * Intake: requests per second and p99 of an authenticated, validated, durably enqueued
 * `connect` (auth from the key cache, zod validation, account ownership and status check,
 * the account's rolling window in the store, group-committed insert), against a bare
 * Fastify route returning a constant, same run, same machine, same load (autocannon,
 * 50 connections, the same JSON body). SQLite, then PostgreSQL when reachable; and, as a
 * diagnostic, the gateway with its two database writes (window hit, insert) not made.
 * Each run also reports the CPU a request cost the server (all threads, and its main
 * thread) and the load tool, from /proc: on a machine whose cores the two share, these
 * bound the throughput.
 *
 *   npm run bench -- intake     (INTAKE_SECONDS=10, INTAKE_ROUNDS=3 by default)
 *
 * Target: welink on SQLite >= 0.6 of the bare route's throughput, p99 < 10 ms.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";

interface Result {
  requests: { average: number };
  latency: { p99: number; p50: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  "2xx": number;
}
/** A run's figures plus CPU spent per answered request: the server's, and the load tool's. */
interface Run extends Result {
  serverCpuUs: number;
  mainThreadCpuUs: number;
  loadCpuUs: number;
}
interface Request {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const SECONDS = Number(process.env.INTAKE_SECONDS ?? 10);
const WARMUP_SECONDS = 2;
const ROUNDS = Number(process.env.INTAKE_ROUNDS ?? 3);
const CONNECTIONS = 50;
const PG_URL = process.env.WELINK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const ROOT = join(import.meta.dirname, "..");

interface Server {
  child: ChildProcess;
  port: number;
  headers: Record<string, string>;
  accounts: string[];
}

async function startServer(args: string[]): Promise<Server> {
  const child = spawn(process.execPath, ["--import", "tsx", join(ROOT, "bench/intake/server.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const info = JSON.parse(line) as { port: number; headers?: Record<string, string>; accounts?: string[] };
  return { child, port: info.port, headers: info.headers ?? {}, accounts: info.accounts ?? [crypto.randomUUID()] };
}

async function stopServer(server: Server): Promise<void> {
  const exited = new Promise((r) => server.child.once("exit", r));
  server.child.kill("SIGTERM");
  await exited;
}

/**
 * CPU seconds (user + system) a process has used so far, from /proc (Linux), or NaN; with
 * `mainThread`, only its main thread's (where the gateway and the SQLite commit run).
 */
function processCpuSeconds(pid: number | undefined, mainThread = false): number {
  try {
    const stat = readFileSync(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

async function load(server: Server, seconds: number): Promise<Run> {
  const serverBefore = processCpuSeconds(server.child.pid);
  const mainBefore = processCpuSeconds(server.child.pid, true);
  const loadBefore = process.cpuUsage();
  const result = await loadOnly(server, seconds);
  const loadUsed = process.cpuUsage(loadBefore);
  const answered = Math.max(1, result["2xx"] + result.non2xx);
  return {
    ...result,
    serverCpuUs: ((processCpuSeconds(server.child.pid) - serverBefore) * 1e6) / answered,
    mainThreadCpuUs: ((processCpuSeconds(server.child.pid, true) - mainBefore) * 1e6) / answered,
    loadCpuUs: (loadUsed.user + loadUsed.system) / answered,
  };
}

async function loadOnly(server: Server, seconds: number): Promise<Result> {
  let i = 0;
  const { accounts } = server;
  return autocannon({
    url: `http://127.0.0.1:${server.port}/api/v1/connect`,
    connections: CONNECTIONS,
    duration: seconds,
    method: "POST",
    headers: { "content-type": "application/json", ...server.headers },
    requests: [
      {
        setupRequest(req: Request) {
          i++;
          req.body = JSON.stringify({ accountId: accounts[i % accounts.length], profile_id: `ACoAAB${i}` });
          return req;
        },
      },
    ],
  });
}

interface Measured {
  label: string;
  server: Server;
  runs: Run[];
}

function line(label: string, result: Run): string {
  const failed = result.non2xx + result.errors + result.timeouts;
  return (
    `${label.padEnd(22)} ${result.requests.average.toFixed(0).padStart(8)} req/s   p50 ${result.latency.p50} ms   p99 ${result.latency.p99} ms` +
    `   CPU a request: server ${result.serverCpuUs.toFixed(1)} µs (main thread ${result.mainThreadCpuUs.toFixed(1)}), load tool ${result.loadCpuUs.toFixed(1)} µs` +
    (failed > 0 ? `   (${failed} failed)` : "")
  );
}

/** The run with the best throughput: on a shared machine, the least disturbed one. */
function best(m: Measured): Run {
  return m.runs.reduce((a, b) => (b.requests.average > a.requests.average ? b : a));
}

async function pgSchema(): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const admin = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await admin.connect();
  } catch {
    return null;
  }
  const schema = `bench_${randomBytes(4).toString("hex")}`;
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(PG_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

console.log(
  `intake: autocannon, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s (after ${WARMUP_SECONDS} s warm-up), POST connect`,
);
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")} (other work on the machine moves these figures)`,
);
const dir = mkdtempSync(join(tmpdir(), "welink-intake-"));
const noWriteDir = mkdtempSync(join(tmpdir(), "welink-intake-nowrite-"));
const schema = await pgSchema();
const targets: Measured[] = [
  { label: "bare Fastify constant", server: await startServer(["bare"]), runs: [] },
  { label: "welink, SQLite", server: await startServer(["welink", dir]), runs: [] },
];
if (schema)
  targets.push({ label: "welink, PostgreSQL", server: await startServer(["welink", dir, schema.url]), runs: [] });
// Diagnostic: the same gateway with the window hit and the insert not written.
targets.push({ label: "gateway, no db writes", server: await startServer(["nowrite", noWriteDir]), runs: [] });
try {
  for (const t of targets) await load(t.server, WARMUP_SECONDS);
  // Rounds alternate the targets, so a burst of load from elsewhere hits all of them alike.
  for (let round = 1; round <= ROUNDS; round++) {
    for (const t of targets) {
      const result = await load(t.server, SECONDS);
      t.runs.push(result);
      console.log(`round ${round}  ${line(t.label, result)}`);
    }
  }
} finally {
  for (const t of targets) await stopServer(t.server);
  await schema?.drop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(noWriteDir, { recursive: true, force: true });
}
console.log("best of each:");
for (const t of targets) console.log(`  ${line(t.label, best(t))}`);
const bare = best(targets[0]!);
const sqlite = best(targets[1]!);
const ratio = sqlite.requests.average / bare.requests.average;
console.log(
  `SQLite: ${ratio.toFixed(2)} of bare (target >= 0.60), p99 ${sqlite.latency.p99} ms (target < 10 ms): ` +
    (ratio >= 0.6 && sqlite.latency.p99 < 10 ? "met" : "NOT met"),
);
const postgres = targets.find((t) => t.label === "welink, PostgreSQL");
if (postgres) {
  console.log(`PostgreSQL: ${(best(postgres).requests.average / bare.requests.average).toFixed(2)} of bare`);
} else {
  console.log(`PostgreSQL not reachable at ${PG_URL}: skipped`);
}
const noWrite = best(targets.find((t) => t.label === "gateway, no db writes")!);
console.log(
  `gateway without its database writes: ${(noWrite.requests.average / bare.requests.average).toFixed(2)} of bare (diagnostic)`,
);
// The two processes share the machine's cores: a request costs the server's CPU and the
// load tool's. Were both cores as busy as in the bare run, this is the best SQLite could do.
const cpuOf = (r: Run) => r.serverCpuUs + r.loadCpuUs;
const busyCores = (cpuOf(bare) * bare.requests.average) / 1e6;
const ceiling = (busyCores * 1e6) / cpuOf(sqlite);
console.log(
  `CPU a request, server + load tool: bare ${cpuOf(bare).toFixed(1)} µs, SQLite ${cpuOf(sqlite).toFixed(1)} µs; ` +
    `bare kept ${busyCores.toFixed(2)} cores busy, at which SQLite's cost allows ${ceiling.toFixed(0)} req/s = ` +
    `${(ceiling / bare.requests.average).toFixed(2)} of bare`,
);
