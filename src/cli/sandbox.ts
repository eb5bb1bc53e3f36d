import { type Command, Command as CommanderCommand, InvalidArgumentError } from "commander";
import { DEFAULT_SEED, startSandbox } from "../sandbox/index.ts";

function integer(name: string, min: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return n;
  };
}

/**
 * `welink sandbox --port 7070 --seed 42`: the sandbox LinkedIn alone, for integrators' tests.
 * It speaks LinkedIn's web protocol (docs/sandbox-protocol.md) and the control API under
 * /_sandbox/ (docs/sandbox.md). Stops on SIGINT/SIGTERM.
 */
export function sandboxCommand(): Command {
  return new CommanderCommand("sandbox")
    .description("run the sandbox LinkedIn alone (LinkedIn's web protocol + /_sandbox control API)")
    .option("--port <n>", "port to listen on (0 = any free port)", integer("--port", 0), 7070)
    .option("--host <host>", "interface to bind", "127.0.0.1")
    .option("--seed <n>", "world seed: the same seed builds the same world", integer("--seed", 0), DEFAULT_SEED)
    .option("--members <n>", "generated members besides the personas", integer("--members", 0), 5000)
    .option("--frozen-clock", "the world's clock moves only through the control API")
    .action(async (opts: { port: number; host: string; seed: number; members: number; frozenClock?: boolean }) => {
      const started = Date.now();
      const sandbox = await startSandbox({
        port: opts.port,
        host: opts.host,
        seed: opts.seed,
        members: opts.members,
        liveClock: !opts.frozenClock,
      });
      process.stdout.write(
        `sandbox LinkedIn on ${sandbox.url} (seed ${opts.seed}, ${sandbox.world.members.count} members, ${Date.now() - started} ms)\n` +
          `  personas: ada@, grace@, linus@, margaret@, pin@, restricted@, blank@, admin@sandbox.welink.dev\n` +
          `  password: sandbox-password, PIN: 424242; control API: ${sandbox.url}/_sandbox/health\n`,
      );
      const stop = () => {
        void sandbox.close().then(() => process.exit(0));
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
}

/** Adds `welink sandbox` to the program. */
export function registerSandboxCommand(program: Command): void {
  program.addCommand(sandboxCommand());
}
