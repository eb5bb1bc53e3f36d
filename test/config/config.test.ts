import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addCommonOptions, ConfigError, loadConfig, OPTIONS } from "../../src/config/index.ts";

function parse(args: string[], env: NodeJS.ProcessEnv = {}) {
  const cmd = addCommonOptions(new Command("serve")).exitOverride();
  cmd.parse(args, { from: "user" });
  return loadConfig(cmd.opts(), env);
}

describe("configuration", () => {
  it("defaults", () => {
    expect(parse([])).toMatchObject({
      port: 8080,
      host: "0.0.0.0",
      dataDir: "./data",
      databaseUrl: null,
      linkedin: "sandbox",
      role: "all",
      logLevel: "info",
      masterKey: null,
      sandboxSeed: 42,
      keyRatePerMinute: 6000,
      queueTimeoutS: 86_400,
      allowPrivateWebhooks: false,
      proxyPool: null,
    });
  });

  it("flags override the environment, which overrides defaults", () => {
    const env = { PORT: "9000", WELINK_DATA_DIR: "/env", WELINK_ROLE: "api", WELINK_LINKEDIN: "live" };
    expect(parse([], env)).toMatchObject({ port: 9000, dataDir: "/env", role: "api", linkedin: "live" });
    expect(parse(["--port", "9100", "--data-dir", "/flag"], env)).toMatchObject({
      port: 9100,
      dataDir: "/flag",
      role: "api",
    });
    expect(parse(["--allow-private-webhooks"]).allowPrivateWebhooks).toBe(true);
    expect(parse([], { WELINK_ALLOW_PRIVATE_WEBHOOKS: "true" }).allowPrivateWebhooks).toBe(true);
    expect(parse(["--database", "postgres://u@h/db"]).databaseUrl).toBe("postgres://u@h/db");
    expect(parse(["--linkedin", "http://127.0.0.1:7070/"]).linkedin).toBe("http://127.0.0.1:7070");
    expect(parse([], { WELINK_MASTER_KEY: "a".repeat(64) }).masterKey).toBe("a".repeat(64));
  });

  it("refuses invalid values with one line naming the option", () => {
    const cases: [string[], NodeJS.ProcessEnv, RegExp][] = [
      [["--port", "http"], {}, /--port "http"/],
      [[], { PORT: "70000" }, /PORT "70000"/],
      [["--role", "boss"], {}, /--role "boss".*all, api, worker/],
      [["--database", "mysql://x"], {}, /--database/],
      [["--linkedin", "ftp://x"], {}, /--linkedin/],
      [["--log-level", "loud"], {}, /--log-level/],
      [["--sandbox-seed", "-1"], {}, /--sandbox-seed/],
      [[], { WELINK_MASTER_KEY: "short" }, /WELINK_MASTER_KEY/],
      [[], { WELINK_ALLOW_PRIVATE_WEBHOOKS: "maybe" }, /WELINK_ALLOW_PRIVATE_WEBHOOKS/],
    ];
    for (const [args, env, pattern] of cases) {
      let error: unknown;
      try {
        parse(args, env);
      } catch (e) {
        error = e;
      }
      expect(error, args.join(" ") || JSON.stringify(env)).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toMatch(pattern);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  it("never echoes the master key", () => {
    expect(() => parse([], { WELINK_MASTER_KEY: "not-a-key-but-secret" })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("not-a-key-but-secret") }),
    );
  });

  it("documents every option in docs/configuration.md", async () => {
    const { readFileSync } = await import("node:fs");
    const doc = readFileSync(new URL("../../docs/configuration.md", import.meta.url), "utf8");
    for (const option of OPTIONS) {
      expect(doc, option.env).toContain(option.env);
      if (option.flag) expect(doc, option.flag).toContain(option.flag.split(" ")[0]!);
    }
  });
});
