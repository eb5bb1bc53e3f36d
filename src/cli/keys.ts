import { Command } from "commander";
import { createKey } from "../api/key-admin.ts";
import { addCommonOptions } from "../config/index.ts";
import { systemClock } from "../lib/clock.ts";
import { action, withStore } from "./run.ts";

const list = (value: string | undefined): string[] =>
  value
    ? value
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "")
    : [];

/** `welink keys create|list|revoke`. */
export function keysCommand(): Command {
  const keys = new Command("keys").description("create, list and revoke API keys");

  keys.addCommand(
    addCommonOptions(new Command("create"))
      .description("create an API key (its secret is printed once)")
      .option("--workspace <name>", "workspace of the key (created when new)", "default")
      .option("--name <name>", "a label for the key", "default")
      .option("--scopes <list>", "comma-separated actions or families the key may call (default: all)")
      .option("--allow-ip <list>", "comma-separated IPs or CIDR blocks the key may be used from (default: any)")
      .option("--json", 'print {"workspace","apiKey","apiSecret"} on one line')
      .action(
        action(async (config, opts) => {
          const created = await withStore(config, (store) =>
            createKey(store, systemClock, {
              workspace: opts.workspace,
              name: opts.name,
              scopes: list(opts.scopes),
              allowIps: list(opts.allowIp),
            }),
          );
          if (opts.json) {
            const { workspace, apiKey, apiSecret } = created;
            process.stdout.write(`${JSON.stringify({ workspace, apiKey, apiSecret })}\n`);
            return;
          }
          process.stdout.write(
            `Created a key in workspace "${created.workspace}". The secret is shown only once:\n` +
              `  x-api-key:    ${created.apiKey}\n  x-api-secret: ${created.apiSecret}\n`,
          );
        }),
      ),
  );

  keys.addCommand(
    addCommonOptions(new Command("list"))
      .description("list API keys (never their secrets)")
      .option("--workspace <name>", "only this workspace's keys")
      .option("--json", "print a JSON array")
      .action(
        action(async (config, opts) => {
          const rows = await withStore(config, async (store) => {
            const workspaces = await store.listWorkspaces();
            const names = new Map(workspaces.map((w) => [w.id, w.name]));
            const only = opts.workspace ? workspaces.find((w) => w.name === opts.workspace) : undefined;
            if (opts.workspace && !only) throw new Error(`no workspace named "${opts.workspace}"`);
            const all = await store.listApiKeys(only?.id);
            return all.map((k) => ({
              apiKey: k.id,
              workspace: names.get(k.workspaceId) ?? k.workspaceId,
              name: k.name,
              scopes: k.scopes,
              allowIps: k.allowIps,
              createdAt: new Date(k.createdAt).toISOString(),
              revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
            }));
          });
          if (opts.json) {
            process.stdout.write(`${JSON.stringify(rows)}\n`);
            return;
          }
          if (rows.length === 0) process.stdout.write("no keys\n");
          for (const r of rows) {
            const state = r.revokedAt ? `revoked ${r.revokedAt}` : "active";
            const scopes = r.scopes.length > 0 ? r.scopes.join(",") : "all actions";
            const ips = r.allowIps.length > 0 ? r.allowIps.join(",") : "any IP";
            process.stdout.write(`${r.apiKey}  ${r.workspace}  ${r.name}  ${scopes}  ${ips}  ${state}\n`);
          }
        }),
      ),
  );

  keys.addCommand(
    addCommonOptions(new Command("revoke"))
      .description("revoke an API key (running servers refuse it within 30 s)")
      .argument("<key>", "the x-api-key to revoke")
      .action(
        action(async (config, _opts, keyId: string) => {
          const revoked = await withStore(config, (store) => store.revokeApiKey(keyId, systemClock.now()));
          if (!revoked) throw new Error(`no API key ${keyId}`);
          process.stdout.write(`revoked ${keyId}\n`);
        }),
      ),
  );
  return keys;
}
