import { Command } from "commander";
import type { CreatedKey } from "../api/key-admin.ts";
import { startWelink, type Welink } from "../app.ts";
import { addCommonOptions } from "../config/index.ts";
import { action } from "./run.ts";

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

/** `welink serve`: the whole process of src/app.ts, stopped cleanly on SIGINT/SIGTERM. */
export function serveCommand(): Command {
  return addCommonOptions(
    new Command("serve").description(
      "run the API, the engine and the webhook dispatcher (see --role), against the embedded sandbox LinkedIn by default",
    ),
  ).action(
    action(async (config) => {
      const welink: Welink = await startWelink(config);
      if (welink.firstKey) {
        process.stdout.write(welcomeText(welink.firstKey, welink.api?.url ?? `http://localhost:${config.port}`));
      }
      let stopping = false;
      const stop = () => {
        if (stopping) return;
        stopping = true;
        welink.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    }),
  );
}
