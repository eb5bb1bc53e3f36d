/**
 * Sandbox: requests per second for mixes of profile reads, people searches and invitations
 * (the normalized envelope, real sockets, 2,000 sessions of distinct members) against a bare node:http
 * server answering a constant JSON of the same mean size, same run, same machine, same load
 * (autocannon). Then the memory of the generated world for 5,000 and 100,000 members.
 *
 *   npm run bench -- sandbox           (SANDBOX_SECONDS=10 per server and mix by default,
 *                                      in 5 alternating rounds)
 *   SANDBOX_NO_SEARCH=1                profile reads and invitations only (the protocol layer
 *                                      without people search)
 *   SANDBOX_CPU_PROF=<dir>             write a CPU profile of the sandbox process there
 *
 * Target: the sandbox ≥ 0.4 of the bare server, so tests never wait on it.
 */
import { type ChildProcess, execSync, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

interface Result {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
  "2xx": number;
}
type Autocannon = (options: Record<string, unknown>) => Promise<Result>;
const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

const SECONDS = Number(process.env.SANDBOX_SECONDS ?? 10);
/** Each server's SECONDS are split into this many alternating rounds. */
const ROUNDS = 5;
const CONNECTIONS = 20;
const ROOT = join(import.meta.dirname, "..");
const NORMALIZED = "application/vnd.linkedin.normalized+json+2.1";

interface Info {
  port: number;
  sessions: { cookie: string; csrf: string }[];
  vanities: string[];
  targets: string[];
}

async function start(args: string[]): Promise<{ child: ChildProcess; info: Info }> {
  const prof =
    process.env.SANDBOX_CPU_PROF && args[0] === "sandbox"
      ? ["--cpu-prof", `--cpu-prof-dir=${process.env.SANDBOX_CPU_PROF}`]
      : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", join(ROOT, "bench/sandbox/server.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  return { child, info: JSON.parse(line) as Info };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const SEARCH_VARS = (start: number) =>
  `(start:${start},origin:FACETED_SEARCH,query:(keywords:engineer,flagshipSearchIntent:SEARCH_SRP,queryParameters:List((key:resultType,value:List(PEOPLE)),(key:network,value:List(S|O))),includeFiltersInResponse:false))`;

/**
 * Two mixes, as slots per cycle (P = profile read, S = search, I = invitation):
 * - `campaign`: what a welink search → view → connect campaign does: one search page of 10,
 *   the 10 profiles read, 5 of them invited (P×10 S×1 I×5);
 * - `search-heavy`: 3 profile reads, 2 searches, 1 invitation (P×3 S×2 I×1), a worst case
 *   for the world's search scan.
 * SANDBOX_NO_SEARCH=1 drops the searches from both (the protocol layer alone).
 */
const MIXES: Record<string, string> = { campaign: "PPPPPPPPPPSIIIII", "search-heavy": "PPPSSI" };

function mixRequest(info: Info, n: number, mix: string) {
  const session = info.sessions[n % info.sessions.length] as Info["sessions"][number];
  const headers = {
    cookie: session.cookie,
    "csrf-token": session.csrf,
    "x-restli-protocol-version": "2.0.0",
    accept: NORMALIZED,
    "content-type": "application/json",
  };
  const cycle = process.env.SANDBOX_NO_SEARCH ? mix.replaceAll("S", "") : mix;
  const kind = cycle[n % cycle.length];
  if (kind === "P") {
    const vanity = info.vanities[n % info.vanities.length];
    return {
      method: "GET",
      path: `/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=${vanity}&decorationId=com.linkedin.voyager.dash.deco.identity.profile.FullProfileWithEntities-93`,
      headers,
    };
  }
  if (kind === "S") {
    return {
      method: "GET",
      path: `/voyager/api/graphql?variables=${SEARCH_VARS((n % 50) * 10)}&queryId=voyagerSearchDashClusters.ef3d0937fb65bd7812e32e5a85028e79`,
      headers,
    };
  }
  const target = info.targets[Math.floor(n / 3) % info.targets.length];
  return {
    method: "POST",
    path: "/voyager/api/voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreateV2",
    headers,
    body: JSON.stringify({ invitee: { inviteeUnion: { memberProfile: target } } }),
  };
}

async function meanSize(info: Info, mix: string): Promise<number> {
  let total = 0;
  for (let n = 0; n < 64; n++) {
    const r = mixRequest(info, 50_000_000 + n, mix);
    const res = await fetch(`http://127.0.0.1:${info.port}${r.path}`, {
      method: r.method,
      headers: r.headers,
      ...(r.body ? { body: r.body } : {}),
    });
    total += (await res.arrayBuffer()).byteLength;
  }
  return Math.round(total / 64);
}

/** Where each server's request sequence is: a run continues it, so rounds do not repeat invitations. */
const sequences = new Map<number, number>();

/** The same request sequence (paths, headers, bodies) goes to both servers; only the answers differ. */
async function load(port: number, info: Info, mix: string, seconds: number): Promise<Result> {
  let n = sequences.get(port) ?? 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [{ setupRequest: (req: object) => ({ ...req, ...mixRequest(info, n++, mix) }) }],
  });
  sequences.set(port, n);
  return result;
}

const TICKS = (() => {
  try {
    return Number(execSync("getconf CLK_TCK", { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system) a child process has used, in ms; 0 where /proc is missing. */
function cpuMs(child: ChildProcess): number {
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

/** Requests a second over all rounds. */
function rate(rounds: Result[]): number {
  return rounds.reduce((sum, r) => sum + r.requests.average, 0) / rounds.length;
}

function report(name: string, rounds: Result[]): void {
  const sum = (f: (r: Result) => number) => rounds.reduce((n, r) => n + f(r), 0);
  const worst = (f: (r: Result) => number) => Math.max(...rounds.map(f));
  console.log(
    `${name.padEnd(8)} ${Math.round(rate(rounds)).toString().padStart(7)} req/s  p50 ≤ ${worst((r) => r.latency.p50)} ms  p99 ≤ ${worst((r) => r.latency.p99)} ms  2xx ${sum((r) => r["2xx"])}  non-2xx ${sum((r) => r.non2xx)}  errors ${sum((r) => r.errors)}`,
  );
}

async function memory(members: number): Promise<number> {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const { generateWorld } = await import("../src/sandbox/generator/generate.ts");
  gc();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const world = generateWorld({ seed: 42, members });
  const ms = performance.now() - started;
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(
    `world    ${String(members).padStart(7)} members: ${((after - before) / 1048576).toFixed(1)} MB heap, generated in ${Math.round(ms)} ms (${world.members.count} members)`,
  );
  return after - before;
}

const sandbox = await start(["sandbox"]);
console.log(
  `${CONNECTIONS} connections; ${ROUNDS} alternating rounds of ${SECONDS / ROUNDS} s per server after a 2 s warm-up each; normalized envelope`,
);
for (const [name, mix] of Object.entries(MIXES)) {
  const size = await meanSize(sandbox.info, mix);
  const bare = await start(["bare", String(size)]);
  await load(bare.info.port, sandbox.info, mix, 2);
  await load(sandbox.info.port, sandbox.info, mix, 2);
  // Bare and sandbox take turns: the machine is shared, and a load that comes or goes
  // mid-run then weighs on both sides instead of on whichever ran at that moment.
  const bareRounds: Result[] = [];
  const sandboxRounds: Result[] = [];
  const cpu = { bare: 0, sandbox: 0 };
  for (let round = 0; round < ROUNDS; round++) {
    let before = cpuMs(bare.child);
    bareRounds.push(await load(bare.info.port, sandbox.info, mix, SECONDS / ROUNDS));
    cpu.bare += cpuMs(bare.child) - before;
    before = cpuMs(sandbox.child);
    sandboxRounds.push(await load(sandbox.info.port, sandbox.info, mix, SECONDS / ROUNDS));
    cpu.sandbox += cpuMs(sandbox.child) - before;
  }
  await stop(bare.child);
  console.log(`\nmix ${name} (${mix}), mean answer ${size} bytes`);
  report("bare", bareRounds);
  report("sandbox", sandboxRounds);
  const ratios = sandboxRounds.map((r, i) => r.requests.average / (bareRounds[i] as Result).requests.average);
  const ratio = rate(sandboxRounds) / rate(bareRounds);
  console.log(
    `ratio    ${ratio.toFixed(2)} of the bare server (rounds ${ratios.map((r) => r.toFixed(2)).join(" ")}; target ≥ 0.40)`,
  );
  if (cpu.bare > 0 && cpu.sandbox > 0) {
    const perRequest = (ms: number, rounds: Result[]) => (ms * 1000) / rounds.reduce((n, r) => n + r.requests.total, 0);
    const bareUs = perRequest(cpu.bare, bareRounds);
    const sandboxUs = perRequest(cpu.sandbox, sandboxRounds);
    // Server CPU per request hardly moves with the machine's other load: a cross-check of the ratio.
    console.log(
      `cpu      bare ${bareUs.toFixed(0)} µs/request, sandbox ${sandboxUs.toFixed(0)} µs/request: ${(bareUs / sandboxUs).toFixed(2)}`,
    );
  }
}
await stop(sandbox.child);
if (!process.env.SANDBOX_CPU_PROF) {
  console.log("");
  await memory(5000);
  await memory(100_000);
}
