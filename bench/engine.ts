/**
 * Engine throughput: no-op actions per second through claim, run, finish and the webhook
 * outbox row, on SQLite and on PostgreSQL, beside graphile-worker 0.17 running no-op jobs
 * on the same PostgreSQL in the same run (ratio). Pacing 0, many accounts (a lane runs one
 * action at a time, so throughput needs many lanes).
 *
 *   npm run bench -- engine        (ENGINE_JOBS=20000, ENGINE_ACCOUNTS=500 by default)
 *
 * Targets: >= 15,000/s on SQLite, >= 1.0x graphile-worker on PostgreSQL.
 */
import { randomBytes } from "node:crypto";
import { Logger, makeWorkerUtils, run, runMigrations } from "graphile-worker";
import pg from "pg";
import { createEngine } from "../src/engine/engine.ts";
import { systemClock } from "../src/lib/clock.ts";
import { seededRandom } from "../src/lib/random.ts";
import { benchStore, enqueueAll, exec, PG_URL, pgReachable, seedAccounts } from "./engine/setup.ts";

const JOBS = Number(process.env.ENGINE_JOBS ?? 20_000);
const ACCOUNTS = Number(process.env.ENGINE_ACCOUNTS ?? 500);

interface Figure {
  name: string;
  jobs: number;
  ms: number;
  perSecond: number;
  /** Actions per second of CPU time this process used (load-independent on a shared machine). */
  perCpuSecond?: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function welink(
  dialect: "sqlite" | "postgres",
  options: { concurrency: number; batchSize: number; finishParallelism?: number },
): Promise<Figure> {
  const b = await benchStore(dialect, systemClock, 10);
  try {
    const now = Date.now();
    const { workspaceId, accountIds } = await seedAccounts(b.store, now, ACCOUNTS);
    const total = await enqueueAll(b.store, workspaceId, accountIds, Math.ceil(JOBS / ACCOUNTS), now);
    let finished = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => {
      resolveDone = r;
    });
    const engine = await createEngine({
      store: b.store,
      clock: systemClock,
      random: seededRandom(1),
      actions: [{ name: "noop", run: async () => ({}) }],
      makeContext: (c) => ({ deps: { store: b.store, clock: systemClock }, request: c.request, account: c.account }),
      defaultPacing: { min_gap_s: 0, max_gap_s: 0 },
      concurrency: options.concurrency,
      batchSize: options.batchSize,
      ...(options.finishParallelism ? { finishParallelism: options.finishParallelism } : {}),
      onEvent: (e) => {
        if (e.type === "finish" && e.applied && e.outcome === "SUCCESS" && ++finished === total) resolveDone();
        if (e.type === "error") console.error(e.where, e.error);
      },
    });
    await engine.onEnqueued(accountIds);
    const t0 = performance.now();
    const c0 = cpuMs();
    await engine.start();
    await done;
    const ms = performance.now() - t0;
    const cpu = cpuMs() - c0;
    await engine.stop();
    const [ok] = await exec(b.store, "SELECT count(*) AS n FROM requests WHERE status = 'SUCCESS'");
    const [out] = await exec(b.store, "SELECT count(*) AS n FROM webhook_deliveries");
    if (Number(ok!.n) !== total || Number(out!.n) !== total)
      throw new Error(`incomplete: ${ok!.n} done, ${out!.n} outbox rows of ${total}`);
    return {
      name: `welink ${dialect} (batch ${options.batchSize}${(options.finishParallelism ?? 1) > 1 ? `, ${options.finishParallelism} parallel finishes` : ""})`,
      jobs: total,
      ms,
      perSecond: (total / ms) * 1000,
      perCpuSecond: (total / cpu) * 1000,
    };
  } finally {
    await b.close();
  }
}

async function graphile(options: { concurrency: number; batched: boolean }): Promise<Figure> {
  const schema = `gw_${randomBytes(5).toString("hex")}`;
  // Silent: its default logger prints a line per job, which would slow it down.
  const common = { connectionString: PG_URL, schema, logger: new Logger(() => () => {}) };
  await runMigrations(common);
  const utils = await makeWorkerUtils(common);
  try {
    for (let i = 0; i < JOBS; i += 1000) {
      const n = Math.min(1000, JOBS - i);
      await utils.addJobs(Array.from({ length: n }, () => ({ identifier: "noop", payload: {} })));
    }
    let finished = 0;
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => {
      resolveDone = r;
    });
    const t0 = performance.now();
    const runner = await run({
      ...common,
      concurrency: options.concurrency,
      noHandleSignals: true,
      pollInterval: 1000,
      taskList: {
        noop: async () => {
          if (++finished === JOBS) resolveDone();
        },
      },
      ...(options.batched
        ? { preset: { worker: { localQueue: { size: 500 }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } } }
        : {}),
    });
    await done;
    // The last completions are committed asynchronously: wait until the table is empty.
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    while (Number((await c.query(`SELECT count(*) AS n FROM ${schema}._private_jobs`)).rows[0].n) > 0) {
      await new Promise((r) => setTimeout(r, 2));
    }
    const ms = performance.now() - t0;
    await runner.stop();
    await c.query(`DROP SCHEMA ${schema} CASCADE`);
    await c.end();
    return {
      name: `graphile-worker 0.17 (concurrency ${options.concurrency}${options.batched ? ", localQueue 500" : ""})`,
      jobs: JOBS,
      ms,
      perSecond: (JOBS / ms) * 1000,
    };
  } finally {
    await utils.release();
  }
}

function print(f: Figure, baseline?: Figure): void {
  const ratio = baseline ? `  ${(f.perSecond / baseline.perSecond).toFixed(2)}x ${baseline.name}` : "";
  const cpu = f.perCpuSecond ? ` (${Math.round(f.perCpuSecond)} per CPU-second)` : "";
  console.log(
    `${f.name.padEnd(52)} ${String(f.jobs).padStart(7)} jobs ${(f.ms / 1000).toFixed(2).padStart(7)} s ${Math.round(f.perSecond).toString().padStart(7)}/s${cpu}${ratio}`,
  );
}

const only = process.env.ENGINE_ONLY;
const sqlite =
  only === "postgres"
    ? null
    : await welink("sqlite", {
        concurrency: Number(process.env.ENGINE_CONCURRENCY ?? 1000),
        batchSize: Number(process.env.ENGINE_BATCH ?? 500),
      });
if (sqlite) {
  print(sqlite);
  console.log(`SQLite target >= 15,000/s: ${sqlite.perSecond >= 15_000 ? "met" : "NOT met"}`);
}
if (only === "sqlite") process.exit(0);
if (await pgReachable()) {
  const gw = await graphile({ concurrency: 10, batched: false });
  print(gw);
  const gwBatched = await graphile({ concurrency: 10, batched: true });
  print(gwBatched);
  const postgres = await welink("postgres", {
    concurrency: 1000,
    batchSize: Number(process.env.ENGINE_PG_BATCH ?? 200),
    finishParallelism: Number(process.env.ENGINE_PG_PARALLEL ?? 1),
  });
  print(postgres, gw);
  print(postgres, gwBatched);
  console.log(`PostgreSQL target >= 1.0x graphile-worker: ${postgres.perSecond >= gw.perSecond ? "met" : "NOT met"}`);
} else {
  console.log("PostgreSQL not reachable: PostgreSQL half skipped");
}
