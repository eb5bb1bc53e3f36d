import { Command } from "commander";

/**
 * The `welink` command line. Each command lives in its own file under src/cli/ and is
 * registered here; every command takes the shared options of src/config/.
 */
export async function main(argv: string[]): Promise<void> {
  const program = new Command("welink")
    .description("Self-hostable LinkedIn automation API with a built-in sandbox LinkedIn")
    .version("0.1.0");
  await program.parseAsync(argv);
}
