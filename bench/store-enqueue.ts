/**
 * Store hot paths, measured directly (no HTTP): enqueue batched by 100 (with and without
 * Idempotency-Keys) and hitWindow, on SQLite in a temp dir and, when reachable, PostgreSQL
 * in a throw-away schema.
 *
 *   npx tsx bench/store-enqueue.ts [--pg postgres://postgres@127.0.0.1:5432/test] [--batches 300]
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openStore } from "../src/store/open.ts";
import type { NewRequest, Store } from "../src/store/types.ts";

const BATCH = 100;
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const batches = Number(flag("--batches", "300"));
const pgBase = flag("--pg", process.env.WELINK_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test");

async function measure(label: string, store: Store): Promise<void> {
  await store.migrate();
  const now = Date.now();
  const ws = await store.createWorkspace({ id: randomUUID(), name: `bench-${randomUUID()}`, createdAt: now });
  const accounts: string[] = [];
  for (let i = 0; i < 20; i++) {
    const a = await store.createAccount({
      id: randomUUID(),
      workspaceId: ws.id,
      email: null,
      status: "ACTIVE",
      proxy: null,
      secrets: {},
      now,
    });
    accounts.push(a.id);
  }
  const make = (keyed: boolean): NewRequest[] =>
    Array.from({ length: BATCH }, (_, i) => {
      const id = randomUUID();
      return {
        id,
        workspaceId: ws.id,
        accountId: accounts[i % accounts.length]!,
        action: "connect",
        input: { profile: "https://www.linkedin.com/in/someone-123", message: "Hello there, let us connect!" },
        runAt: now,
        expiresAt: now + 86_400_000,
        now,
        ...(keyed ? { idempotency: { key: id, fingerprint: "f".repeat(64) } } : {}),
      };
    });
  for (const keyed of [false, true]) {
    const work = Array.from({ length: batches }, () => make(keyed));
    await store.enqueue(make(keyed)); // warm up
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const batch of work) await store.enqueue(batch);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const cpu = process.cpuUsage(cpu0);
    const perSec = Math.round((batches * BATCH) / (ms / 1000));
    // Per second of this process's CPU: steadier than wall time on a shared machine
    // (meaningful for SQLite, which runs in-process; PostgreSQL's work is in its server).
    const perCpuSec = Math.round((batches * BATCH) / ((cpu.user + cpu.system) / 1e6));
    console.log(
      `${label}: enqueue ${keyed ? "with keys   " : "without keys"} ${perSec.toLocaleString("en")} requests/s (${batches} batches of ${BATCH}, ${(ms / batches).toFixed(2)} ms/batch; ${perCpuSec.toLocaleString("en")} per CPU-second)`,
    );
  }
  const hits = 5000;
  const start = process.hrtime.bigint();
  for (let i = 0; i < hits; i++)
    await store.hitWindow(`acct:${accounts[i % accounts.length]}`, 3_600_000, 1_000_000, now + i);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(
    `${label}: hitWindow ${Math.round(hits / (ms / 1000)).toLocaleString("en")} hits/s sequential (${((ms * 1000) / hits).toFixed(0)} µs each)`,
  );
}

const masterKey = randomBytes(32);
const dataDir = mkdtempSync(join(tmpdir(), "welink-bench-"));
const sqlite = await openStore({ dataDir, masterKey });
await measure("sqlite  ", sqlite);
await sqlite.close();
rmSync(dataDir, { recursive: true, force: true });

const schema = `bench_${randomBytes(4).toString("hex")}`;
const admin = new pg.Client({ connectionString: pgBase });
try {
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const url = new URL(pgBase);
  url.searchParams.set("options", `-c search_path=${schema}`);
  const postgres = await openStore({ databaseUrl: url.toString(), dataDir, masterKey });
  await measure("postgres", postgres);
  await postgres.close();
} catch (error) {
  console.log(`postgres: skipped (${(error as Error).message})`);
} finally {
  await admin.query(`drop schema if exists ${schema} cascade`).catch(() => {});
  await admin.end().catch(() => {});
}
