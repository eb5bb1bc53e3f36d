import { Command } from "commander";
import { keysCommand } from "./keys.ts";
import { migrateCommand } from "./migrate.ts";
import { registerSandboxCommand } from "./sandbox.ts";
import { serveCommand } from "./serve.ts";
import { webhooksCommand } from "./webhooks.ts";

/**
 * The `welink` command line. Each command lives in its own file under src/cli/ and is
 * registered here, one line each; every command takes the shared options of src/config/.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("welink")
    .description("Self-hostable LinkedIn automation API with a built-in sandbox LinkedIn")
    .version("0.1.0");
  program.addCommand(serveCommand());
  program.addCommand(keysCommand());
  program.addCommand(migrateCommand());
  program.addCommand(webhooksCommand());
  registerSandboxCommand(program);
  await program.parseAsync(argv);
}
