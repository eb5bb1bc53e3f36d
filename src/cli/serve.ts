import { Command } from "commander";
import { pino } from "pino";
import { type CreatedKey, createKey } from "../api/key-admin.ts";
import { type RunningApi, startApi } from "../api/server.ts";
import type { AppDeps } from "../catalog/index.ts";
import { addCommonOptions, type Config } from "../config/index.ts";
import { systemClock } from "../lib/clock.ts";
import { systemRandom } from "../lib/random.ts";
import type { Store } from "../store/types.ts";
import { action, openConfiguredStore } from "./run.ts";

export interface Serving {
  store: Store;
  deps: AppDeps;
  /** null for --role worker. */
  api: RunningApi | null;
  /** The key made on an empty store, if any (printed once). */
  firstKey: CreatedKey | null;
  close(): Promise<void>;
}

/** On an empty store: a workspace `default` and a key, so `npm start` is ready to curl. */
export async function bootstrapFirstKey(store: Store): Promise<CreatedKey | null> {
  if ((await store.listWorkspaces()).length > 0) return null;
  return createKey(store, systemClock, { workspace: "default", name: "default" });
}

export function welcomeText(key: CreatedKey, url: string): string {
  return [
    `welink: created workspace "${key.workspace}" and an API key. The secret is shown only once:`,
    `  x-api-key:    ${key.apiKey}`,
    `  x-api-secret: ${key.apiSecret}`,
    "Try it:",
    `  curl -s -X POST ${url}/api/v1/get_all_ln_accounts -H 'content-type: application/json' \\`,
    `    -H 'x-api-key: ${key.apiKey}' -H 'x-api-secret: ${key.apiSecret}' -d '{}'`,
    "",
  ].join("\n");
}

/**
 * What `welink serve` runs, as one composition function: store, API, and (joining here in
 * the integration) the engine, the embedded sandbox and the webhook dispatcher.
 */
export async function serve(config: Config): Promise<Serving> {
  const logger = pino({ level: config.logLevel });
  const store = await openConfiguredStore(config);
  await store.migrate();
  const deps: AppDeps = { store, clock: systemClock, random: systemRandom };
  const firstKey = await bootstrapFirstKey(store);
  const api =
    config.role === "worker"
      ? null
      : await startApi(deps, {
          port: config.port,
          host: config.host,
          logger,
          keyRatePerMinute: config.keyRatePerMinute,
          queueTimeoutS: config.queueTimeoutS,
        });
  if (api) logger.info({ url: api.url, store: store.dialect, role: config.role }, "welink API listening");
  if (firstKey) process.stdout.write(welcomeText(firstKey, api?.url ?? `http://localhost:${config.port}`));
  return {
    store,
    deps,
    api,
    firstKey,
    async close() {
      await api?.close();
      await store.close();
    },
  };
}

export function serveCommand(): Command {
  return addCommonOptions(
    new Command("serve").description("run the API (and, with --role all, the engine and the webhook dispatcher)"),
  ).action(
    action(async (config) => {
      const serving = await serve(config);
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        serving.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    }),
  );
}
