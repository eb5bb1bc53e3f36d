/**
 * Signed webhook deliveries per second to a local receiver, every id verified.
 *
 * N deliveries are written to the outbox first (as the engine's completions would), then the
 * dispatcher (real clock, default concurrency) claims, signs (HS256 `hash` + Standard
 * Webhooks signature) and POSTs them to a receiver in another process, which verifies each
 * one with the `standardwebhooks` package and records its webhook-id. The figure is N / time
 * until the dispatcher has recorded every delivery; then the receiver's ids are compared with
 * the outbox's: missing, duplicated and rejected ids are printed (all must be 0).
 * Anchor (docs/benchmarks.md): Hookdeck Outpost's default load is 100 events/s; a BullMQ
 * reference reports 1,812 deliveries/s on 4 vCPU; our target is >= 500/s on 2 cores.
 *
 *   npx tsx bench/webhooks.ts [--n 5000] [--accounts 200] [--pg postgres://…] [--no-pg]
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { systemClock } from "../src/lib/clock.ts";
import { openStore } from "../src/store/open.ts";
import type { Store } from "../src/store/types.ts";
import { createDispatcher, DEFAULT_CONCURRENCY } from "../src/webhooks/dispatcher.ts";
import { requestPayload } from "../src/webhooks/payload.ts";
import { generateSecret } from "../src/webhooks/sign.ts";
import { webhookStoreOf } from "../src/webhooks/store.ts";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const N = Number(flag("--n", "5000"));
const ACCOUNTS = Number(flag("--accounts", "200"));
const pgBase = flag("--pg", process.env.WELINK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");

async function startReceiver(secret: string): Promise<{ child: ChildProcess; url: string; stats: string }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", new URL("./webhooks/receiver.ts", import.meta.url).pathname, secret],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once("error", reject);
    child.stdout?.once("data", (d) => resolve(JSON.parse(String(d)).port));
  });
  return { child, url: `http://127.0.0.1:${port}/hook`, stats: `http://127.0.0.1:${port}/stats` };
}

/** `others`: more stores on the same database, each with its own dispatcher (other processes' view). */
async function run(label: string, store: Store, accounts: number, others: Store[] = []): Promise<void> {
  await store.migrate();
  const hooks = webhookStoreOf(store);
  const now = Date.now();
  const ws = await store.createWorkspace({ id: randomUUID(), name: `bench-${randomUUID()}`, createdAt: now });
  const accountIds: string[] = [];
  for (let i = 0; i < accounts; i++) {
    const id = randomUUID();
    await store.createAccount({ id, workspaceId: ws.id, email: null, status: "ACTIVE", proxy: null, secrets: {}, now });
    accountIds.push(id);
  }
  const secret = generateSecret();
  const receiver = await startReceiver(secret);
  try {
    await hooks.setEndpoint({ workspaceId: ws.id, url: receiver.url, secret, signing: "jwt", events: [], now });
    const ids: string[] = [];
    for (let i = 0; i < N; i++) {
      const accountId = accountIds[i % accountIds.length]!;
      const requestId = randomUUID();
      const payload = requestPayload({
        id: requestId,
        workspaceId: ws.id,
        accountId,
        action: "connect",
        input: {},
        status: "SUCCESS",
        result: { connected: true, profile_id: "ACoAAB1234567890", invitation_id: "7321456789012345678" },
        message: null,
        attempts: 1,
        runAt: now,
        expiresAt: null,
        createdAt: now,
        startedAt: now,
        finishedAt: now,
      });
      const id = await hooks.enqueue({
        workspaceId: ws.id,
        accountId,
        requestId,
        eventType: "/api/v1/connect",
        payload,
        now,
      });
      ids.push(id!);
    }
    const dispatchers = [store, ...others].map((s) =>
      createDispatcher({ store: webhookStoreOf(s), clock: systemClock }),
    );
    const before = (await (await fetch(receiver.stats)).json()) as { cpuMs: number };
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    let sent = 0;
    // runDue drains everything due, following each account's order, with the real timers off.
    sent = (await Promise.all(dispatchers.map((d) => d.runDue()))).reduce((a, b) => a + b, 0);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    for (const d of dispatchers) await d.stop();
    const stats = (await (await fetch(receiver.stats)).json()) as {
      verified: string[];
      rejected: number;
      cpuMs: number;
    };
    const senderCpuMs = (cpu.user + cpu.system) / 1000;
    const receiverCpuMs = stats.cpuMs - before.cpuMs;
    const got = new Set(stats.verified);
    const missing = ids.filter((id) => !got.has(id)).length;
    const duplicates = stats.verified.length - got.size;
    const rate = Math.round(N / (ms / 1000));
    const page = await hooks.list({ workspaceId: ws.id, status: "delivered", limit: 1 });
    const durations = (await hooks.list({ workspaceId: ws.id, limit: 1000 })).deliveries
      .flatMap((d) => d.attemptLog.map((a) => a.durationMs))
      .sort((a, b) => a - b);
    const p = (q: number) => durations[Math.min(durations.length - 1, Math.floor(q * durations.length))] ?? 0;
    console.log(
      `${label}: ${rate.toLocaleString("en")} signed deliveries/s (${N} over ${accounts} accounts, concurrency ${DEFAULT_CONCURRENCY}${others.length ? ` × ${others.length + 1}` : ""}, ${(ms / 1000).toFixed(2)} s); ` +
        `attempts ${sent}; verified ${got.size}/${N}, missing ${missing}, duplicates ${duplicates}, rejected ${stats.rejected}; ` +
        `POST p50 ${p(0.5)} ms p99 ${p(0.99)} ms; CPU per delivery: sender ${((senderCpuMs * 1000) / N).toFixed(0)} µs, ` +
        `receiver ${((receiverCpuMs * 1000) / N).toFixed(0)} µs (${Math.round(N / (senderCpuMs / 1000)).toLocaleString("en")} per sender CPU-second)` +
        `${page.deliveries.length ? "" : " (NO delivered rows!)"}`,
    );
    if (missing || duplicates || stats.rejected) process.exitCode = 1;
  } finally {
    receiver.child.kill();
  }
}

const masterKey = randomBytes(32);
for (const accounts of [ACCOUNTS, 1]) {
  const dir = mkdtempSync(join(tmpdir(), "welink-bench-webhooks-"));
  const store = await openStore({ dataDir: dir, masterKey });
  await run(
    `sqlite, ${accounts === 1 ? "one account (strict order: one in flight)" : "many accounts"}`,
    store,
    accounts,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}

if (!args.includes("--no-pg")) {
  const admin = new pg.Client({ connectionString: pgBase, connectionTimeoutMillis: 2000 });
  const reachable = await admin.connect().then(
    () => true,
    () => false,
  );
  if (!reachable) console.log(`postgres: not reachable at ${pgBase}; skipped`);
  else {
    const schema = `bench_wh_${randomBytes(4).toString("hex")}`;
    await admin.query(`create schema ${schema}`);
    try {
      const url = new URL(pgBase);
      url.searchParams.set("options", `-c search_path=${schema}`);
      const store = await openStore({ databaseUrl: url.toString(), dataDir: tmpdir(), masterKey });
      await run("postgres, many accounts", store, ACCOUNTS);
      // Two dispatchers on their own pools, as two worker processes would claim.
      const second = await openStore({ databaseUrl: url.toString(), dataDir: tmpdir(), masterKey });
      await run("postgres, many accounts, 2 dispatchers", store, ACCOUNTS, [second]);
      await second.close();
      await store.close();
    } finally {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    }
  }
}
