import { type Command, Option } from "commander";
import { type Config, ConfigError, OPTIONS, type OptionSpec } from "./options.ts";

function commanderOption(spec: OptionSpec): Option {
  const option = new Option(spec.flag!, `${spec.description} [env ${spec.env}; default ${spec.shownDefault}]`);
  return option;
}

/**
 * Adds every welink option to a command, so `welink keys create --data-dir D` reads the same
 * data dir `welink serve --data-dir D` serves. No commander defaults: a flag that was not
 * given must fall through to the environment, then to the default.
 */
export function addCommonOptions(cmd: Command): Command {
  for (const spec of OPTIONS) {
    if (spec.flag) cmd.addOption(commanderOption(spec as OptionSpec));
  }
  cmd.addHelpText(
    "after",
    "\nEnvironment only:\n  WELINK_MASTER_KEY  encryption key of stored secrets; generated into the data dir when unset",
  );
  return cmd;
}

/** Resolves the configuration: flags > environment > defaults. Throws ConfigError (one line). */
export function loadConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Config {
  const config: Record<string, unknown> = {};
  for (const spec of OPTIONS as readonly OptionSpec[]) {
    const attribute = spec.flag ? new Option(spec.flag).attributeName() : undefined;
    const fromFlag = attribute === undefined ? undefined : flags[attribute];
    const envRaw = env[spec.env];
    if (fromFlag !== undefined) {
      config[spec.key] = spec.isSwitch && fromFlag === true ? true : spec.parse(String(fromFlag), flagName(spec));
    } else if (envRaw !== undefined && envRaw !== "") {
      config[spec.key] = spec.parse(envRaw, spec.env);
    } else {
      config[spec.key] = spec.defaultValue;
    }
  }
  return config as unknown as Config;
}

function flagName(spec: OptionSpec): string {
  return spec.flag!.split(" ")[0]!;
}

/** The configuration of a command's parsed options (see addCommonOptions). */
export function configOf(cmd: Command, env: NodeJS.ProcessEnv = process.env): Config {
  return loadConfig(cmd.optsWithGlobals(), env);
}

export { ConfigError };
