import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort, ROOT, welink } from "../support/processes.ts";

/** The `welink` binary as a user runs it: real processes, a real data dir. */
describe("welink CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "welink-cli-"));
  let server: ChildProcess | undefined;
  afterAll(() => {
    if (server && server.exitCode === null) server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  });

  it("keys create --json prints exactly workspace, apiKey and apiSecret on one line", () => {
    const r = welink(["keys", "create", "--data-dir", dir, "--json", "--workspace", "acme", "--scopes", "connect"]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const created = JSON.parse(lines[0]!);
    expect(Object.keys(created)).toEqual(["workspace", "apiKey", "apiSecret"]);
    expect(created.workspace).toBe("acme");
    const list = welink(["keys", "list", "--data-dir", dir, "--json"]);
    const keys = JSON.parse(list.stdout);
    expect(keys).toEqual([expect.objectContaining({ apiKey: created.apiKey, workspace: "acme", scopes: ["connect"] })]);
    expect(list.stdout).not.toContain(created.apiSecret);
    const revoked = welink(["keys", "revoke", "--data-dir", dir, created.apiKey]);
    expect(revoked.status).toBe(0);
    expect(JSON.parse(welink(["keys", "list", "--data-dir", dir, "--json"]).stdout)[0].revokedAt).not.toBeNull();
    const again = welink(["keys", "revoke", "--data-dir", dir, "no-such-key"]);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("an invalid option value exits 1 with one line", { timeout: 90_000 }, () => {
    for (const [args, env] of [
      [["serve", "--port", "http", "--data-dir", dir], {}],
      [["keys", "create", "--data-dir", dir], { WELINK_ROLE: "boss" }],
      [["keys", "create", "--data-dir", dir, "--allow-ip", "300.1.1.1/8"], {}],
      [["migrate", "--data-dir", dir, "--database", "mysql://x"], {}],
    ] as [string[], NodeJS.ProcessEnv][]) {
      const r = welink(args, env);
      expect(r.status, args.join(" ")).toBe(1);
      const lines = r.stderr.trim().split("\n");
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^welink: invalid/);
    }
  });

  it("migrate says what it applied, then that the database is up to date", () => {
    const fresh = mkdtempSync(join(tmpdir(), "welink-mig-"));
    expect(welink(["migrate", "--data-dir", fresh]).stdout).toMatch(/applied migrations 1/);
    expect(welink(["migrate", "--data-dir", fresh]).stdout).toMatch(/up to date/);
    rmSync(fresh, { recursive: true, force: true });
  });

  it("serve --help documents every option", () => {
    const help = welink(["serve", "--help"]).stdout;
    for (const flag of ["--port", "--host", "--data-dir", "--database", "--linkedin", "--role", "--log-level"]) {
      expect(help).toContain(flag);
    }
    expect(help).toContain("WELINK_MASTER_KEY");
  });

  it("serve on an empty data dir prints a working key and curl example", async () => {
    const empty = mkdtempSync(join(tmpdir(), "welink-serve-"));
    const port = await freePort();
    server = spawn(
      process.execPath,
      [join(ROOT, "bin/welink.mjs"), "serve", "--data-dir", empty, "--port", String(port), "--host", "127.0.0.1"],
      { cwd: ROOT, env: { ...process.env, WELINK_LOG_LEVEL: "warn" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    server.stdout!.on("data", (chunk) => {
      out += chunk;
    });
    const deadline = Date.now() + 60_000;
    while (!/x-api-secret: \S+\n/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(out).toContain("curl -s -X POST");
    const key = /x-api-key:\s+(\S+)/.exec(out)![1]!;
    const secret = /x-api-secret:\s+(\S+)/.exec(out)![1]!;
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/get_all_ln_accounts`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key, "x-api-secret": secret },
      body: "{}",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    server.kill("SIGTERM");
    await new Promise((r) => server!.once("exit", r));
    rmSync(empty, { recursive: true, force: true });
  }, 90_000);
});
