import type { Command } from "commander";
import { type Config, configOf } from "../config/index.ts";
import { systemClock } from "../lib/clock.ts";
import { loadMasterKey } from "../store/master-key.ts";
import { openStore } from "../store/open.ts";
import type { Store } from "../store/types.ts";

/**
 * Wraps a command's action: resolves the configuration, and turns any failure into ONE
 * line on stderr and exit code 1 (no stack trace for a wrong option or an unreachable
 * database). WELINK_DEBUG=1 prints the stack as well.
 */
// biome-ignore lint/suspicious/noExplicitAny: commander's option values are untyped
export type Opts = Record<string, any>;

export function action<A extends unknown[]>(
  fn: (config: Config, opts: Opts, ...args: A) => Promise<void>,
): (...args: [...A, Opts, Command]) => Promise<void> {
  return async (...args) => {
    const cmd = args[args.length - 1] as Command;
    const positional = args.slice(0, -2) as unknown as A;
    try {
      const config = configOf(cmd);
      await fn(config, cmd.opts(), ...positional);
    } catch (error) {
      fail(error);
    }
  };
}

export function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`welink: ${message.split("\n")[0]}\n`);
  if (process.env.WELINK_DEBUG === "1" && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}

/** The store the configuration names (SQLite in the data dir unless --database is postgres://). */
export async function openConfiguredStore(config: Config): Promise<Store> {
  const masterKey = loadMasterKey({
    env: { WELINK_MASTER_KEY: config.masterKey ?? undefined },
    dataDir: config.dataDir,
  });
  return openStore({
    ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    dataDir: config.dataDir,
    masterKey,
    clock: systemClock,
  });
}

/** Opens and migrates the store, runs `fn`, and closes the store whatever happens. */
export async function withStore<T>(config: Config, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openConfiguredStore(config);
  try {
    await store.migrate();
    return await fn(store);
  } finally {
    await store.close();
  }
}
