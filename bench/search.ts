/**
 * Search: results per second of a paged 1,000-result people search (100 pages of 10)
 * against the embedded sandbox LinkedIn with pacing at zero, and where the time goes:
 *
 * - end to end: `POST /api/v1/search` with `limit: 1000`, the engine runs it, the result
 *   is read back with `get_response` (SQLite store, one account);
 * - the same search through the driver alone (`client.search.byUrl`), split into URL
 *   parsing (timed on its own), the sandbox (request event to response flushed, measured
 *   on the sandbox's server) and the driver (the rest: Rest.li/GraphQL encoding, the
 *   HTTP client over loopback, envelope reading, result mapping);
 * - the remainder of the end-to-end time is welink's API, queue, engine and store.
 *
 *   npm run bench -- search          (SEARCH_ROUNDS=5 by default)
 */
import { randomBytes } from "node:crypto";
import { subscribe } from "node:diagnostics_channel";
import { mkdtempSync, rmSync } from "node:fs";
import type http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createKey } from "../src/api/key-admin.ts";
import { startWelink } from "../src/app.ts";
import { loadConfig } from "../src/config/index.ts";
import { systemClock } from "../src/lib/clock.ts";
import { parseSearchUrl } from "../src/linkedin/families/search-url.ts";

const ROUNDS = Number(process.env.SEARCH_ROUNDS ?? 5);
const LIMIT = 1000;
const URL_ = `https://www.linkedin.com/search/results/people/?network=${encodeURIComponent('["S","O"]')}&origin=FACETED_SEARCH&sid=bench`;

// Time spent inside the sandbox's HTTP server: from the request's start to the response's
// finish (Node's http diagnostics channels). The sandbox is embedded, so its server is
// told apart by port.
let sandboxPort = -1;
let sandboxNs = 0n;
const started = new WeakMap<object, bigint>();
subscribe("http.server.request.start", (message) => {
  const { server, response } = message as { server: http.Server; response: object };
  if ((server.address() as AddressInfo | null)?.port === sandboxPort) started.set(response, process.hrtime.bigint());
});
subscribe("http.server.response.finish", (message) => {
  const at = started.get((message as { response: object }).response);
  if (at !== undefined) sandboxNs += process.hrtime.bigint() - at;
});

const ms = (ns: bigint) => Number(ns) / 1e6;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1)} %`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), "welink-bench-search-"));
  const config = loadConfig(
    { port: 0, host: "127.0.0.1", dataDir, logLevel: "silent" },
    { WELINK_MASTER_KEY: randomBytes(32).toString("base64") },
  );
  const welink = await startWelink(config, { logger: pino({ level: "silent" }) });
  try {
    if (!welink.api || !welink.sandbox) throw new Error("the bench needs the API and the embedded sandbox");
    sandboxPort = welink.sandbox.port;
    const base = welink.api.url.replace("localhost", "127.0.0.1");
    const key = await createKey(welink.store, systemClock, { workspace: "bench-search", name: "bench" });
    const api = async (name: string, body: unknown) => {
      const res = await fetch(`${base}/api/v1/${name}`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-api-key": key.apiKey, "x-api-secret": key.apiSecret },
        body: JSON.stringify(body),
      });
      return (await res.json()) as Record<string, unknown>;
    };
    const settled = async (requestId: unknown) => {
      for (;;) {
        const r = await api("get_response", { request_id: requestId });
        if (r.status !== "QUEUED" && r.status !== "PROCESSING") return r;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    // The burst rule (60 requests a minute) would 429 a 100-page search; searches a month
    // on a free account are capped at 300. Neither is what this measures.
    await fetch(`${welink.sandbox.url}/_sandbox/settings`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ burstRequestsPerMinute: 1_000_000, freeSearchesPerMonth: 1_000_000 }),
    });
    const login = await api("login_v2", {
      email: "grace@sandbox.welink.dev",
      password: "sandbox-password",
      proxy: { location: "US" },
    });
    const logged = await settled(login.requestId);
    if (logged.status !== "SUCCESS") throw new Error(`login: ${JSON.stringify(logged)}`);
    const accountId = String(login.accountId);
    await api("set_limits", {
      accountId,
      pacing: { min_gap_s: 0, max_gap_s: 0, page_min_gap_s: 0, page_max_gap_s: 0 },
      limits: { search: { day: 1_000_000, month: 1_000_000 } },
    });

    // Warm-up: one search through each path (the first also waits out the pacing gap
    // drawn after the login, before set_limits made it zero).
    const client = await welink.sessions.client(accountId);
    await client.search.byUrl(URL_, ["people"], { limit: LIMIT });
    await settled((await api("search", { accountId, search_url: URL_, limit: LIMIT })).requestId);

    const e2e: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      const ack = await api("search", { accountId, search_url: URL_, limit: LIMIT });
      const done = await settled(ack.requestId);
      e2e.push(performance.now() - t);
      const n = ((done.result as { results?: unknown[] })?.results ?? []).length;
      if (done.status !== "SUCCESS" || n !== LIMIT) throw new Error(`search ended ${done.status} with ${n} results`);
    }

    const driverWall: number[] = [];
    const sandbox: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      sandboxNs = 0n;
      const t = performance.now();
      const page = await client.search.byUrl(URL_, ["people"], { limit: LIMIT });
      driverWall.push(performance.now() - t);
      sandbox.push(ms(sandboxNs));
      if (page.results.length !== LIMIT) throw new Error(`driver search gave ${page.results.length}`);
    }

    const parses = 20_000;
    const tp = performance.now();
    for (let i = 0; i < parses; i++) parseSearchUrl(URL_, ["people", "companies"]);
    const parseMs = (performance.now() - tp) / parses;

    const total = median(e2e);
    const wall = median(driverWall);
    const inSandbox = median(sandbox);
    const inDriver = wall - inSandbox - parseMs;
    console.log(`search, ${LIMIT} results (100 pages of 10), ${ROUNDS} rounds, medians`);
    console.log(
      `  end to end (API → engine → driver → sandbox → get_response): ${total.toFixed(1)} ms = ${Math.round((LIMIT * 1000) / total)} results/s (best ${Math.round((LIMIT * 1000) / Math.min(...e2e))})`,
    );
    console.log(
      `  driver alone: ${wall.toFixed(1)} ms = ${Math.round((LIMIT * 1000) / wall)} results/s, ${(wall / 100).toFixed(2)} ms a page`,
    );
    console.log("  share of the end-to-end time:");
    console.log(`    URL parsing          ${(parseMs * 1000).toFixed(1)} µs  ${pct(parseMs, total)}`);
    console.log(`    driver + loopback    ${inDriver.toFixed(1)} ms  ${pct(inDriver, total)}`);
    console.log(`    sandbox              ${inSandbox.toFixed(1)} ms  ${pct(inSandbox, total)}`);
    console.log(`    API, queue, engine   ${(total - wall).toFixed(1)} ms  ${pct(total - wall, total)}`);
  } finally {
    await welink.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
