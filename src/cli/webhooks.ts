import { Command } from "commander";
import { loadConfig } from "../config/index.ts";
import { systemClock } from "../lib/clock.ts";
import { startListener } from "../webhooks/listener.ts";
import { generateSecret, secretKey } from "../webhooks/sign.ts";
import { webhookStoreOf } from "../webhooks/store.ts";
import { fail, type Opts, withStore } from "./run.ts";

/** `welink webhooks listen`: a local receiver that verifies and prints each event. */
export function webhooksCommand(): Command {
  const webhooks = new Command("webhooks").description("tools for webhook receivers");
  webhooks.addCommand(
    new Command("listen")
      .description("receive webhooks on a local port, verify their signatures and print one line per event")
      .requiredOption("--port <port>", "port to listen on (0 = any free port)")
      .option("--host <host>", "address to listen on", "127.0.0.1")
      .option("--secret <whsec>", "the workspace's webhook secret (or WELINK_WEBHOOK_SECRET)")
      .option(
        "--register <workspace>",
        "point this workspace's webhook at the listener (local store; keeps or creates its secret)",
      )
      .option("--data-dir <dir>", "data directory of the local store, with --register")
      .option("--database <url>", "PostgreSQL URL of the store, with --register")
      .action(async (opts: Opts) => {
        try {
          await listen(opts);
        } catch (error) {
          fail(error);
        }
      }),
  );
  return webhooks;
}

async function listen(opts: Opts): Promise<void> {
  const port = Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port: not a port number");
  let secret: string | undefined = opts.secret ?? process.env.WELINK_WEBHOOK_SECRET ?? undefined;
  if (secret) secretKey(secret);
  const write = (line: string) => process.stdout.write(`${line}\n`);
  const listener = await startListener({ port, host: opts.host, ...(secret ? { secret } : {}), write });
  if (opts.register) {
    secret = await register(opts, listener.url, secret);
    listener.setSecret(secret);
  }
  write(`Listening for welink webhooks on ${listener.url}${secret ? "" : " (no --secret: signatures not checked)"}`);
  if (secret) write(`Verifying webhook-signature and hash with the ${opts.register ? "workspace's" : "given"} secret.`);
  const stop = async () => {
    await listener.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

/** Sets the workspace's endpoint to the listener, keeping its secret, and returns that secret. */
async function register(opts: Opts, url: string, given: string | undefined): Promise<string> {
  const config = loadConfig({
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.database ? { database: opts.database } : {}),
  });
  return withStore(config, async (store) => {
    const workspace = await store.findWorkspaceByName(opts.register);
    if (!workspace) throw new Error(`--register: no workspace named ${opts.register}`);
    const hooks = webhookStoreOf(store);
    const existing = await hooks.getEndpoint(workspace.id);
    const secret = given ?? existing?.secret ?? generateSecret();
    await hooks.setEndpoint({
      workspaceId: workspace.id,
      url,
      secret,
      signing: existing?.signing ?? "jwt",
      events: existing?.events ?? [],
      now: systemClock.now(),
    });
    process.stdout.write(`Workspace ${opts.register} now sends its webhooks to ${url}\n`);
    return secret;
  });
}
