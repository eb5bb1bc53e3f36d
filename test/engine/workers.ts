import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

const ROOT = join(import.meta.dirname, "../..");
const SCRIPT = join(import.meta.dirname, "worker-process.ts");

export interface WorkerConfig {
  dataDir: string;
  databaseUrl?: string;
  masterKeyHex: string;
  server: string;
  workerId: string;
  leaseMs: number;
  gapMs: number;
  actionMs: number;
}

export interface Worker {
  id: string;
  child: ChildProcess;
  output: () => string;
  /** Resolves once the engine claims; rejects if the process exits first. */
  ready: Promise<void>;
  exited: Promise<number | null>;
}

export function spawnWorker(config: WorkerConfig): Worker {
  const child = spawn(process.execPath, ["--import", "tsx", SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, WELINK_TEST_WORKER: JSON.stringify(config) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("ready")) resolve();
    });
    child.stderr!.on("data", (d) => {
      out += d;
    });
    void exited.then((code) => reject(new Error(`worker ${config.workerId} exited ${code} before ready: ${out}`)));
  });
  ready.catch(() => {});
  return { id: config.workerId, child, output: () => out, ready, exited };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
