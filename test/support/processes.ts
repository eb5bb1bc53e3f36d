import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "../..");
const BIN = join(ROOT, "bin/welink.mjs");

/** A free loopback port (the kernel picks it, we release it, the child binds it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** Runs a `welink` command to completion. */
export function welink(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, ...env },
    cwd: ROOT,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface Served {
  base: string;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** Starts `welink serve` (or another long-running command) and waits for GET /health. */
export async function serve(args: string[], env: NodeJS.ProcessEnv = {}, port?: number): Promise<Served> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [BIN, "serve", "--port", String(p), ...args], {
    env: { ...process.env, ...env },
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => {
    output += d;
  });
  child.stderr?.on("data", (d) => {
    output += d;
  });
  const base = `http://127.0.0.1:${p}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`welink serve exited ${child.exitCode}: ${output}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`welink serve did not become healthy: ${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    log: () => output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    },
  };
}
