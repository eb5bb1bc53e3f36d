import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshSchema, pgUrl } from "../support/pg.ts";
import { freePort, ROOT, type Served, serve, welink } from "../support/processes.ts";
import { Receiver } from "../support/receiver.ts";

/**
 * welink on several nodes, as docs/deployment.md describes it: one PostgreSQL, one shared
 * master key, 2 `--role api` and 3 `--role worker` processes, one standalone sandbox. Calls
 * go to either API node; the workers run them and send the webhooks; a worker is killed
 * with SIGKILL mid-run and the others finish its work.
 */
describe.runIf(pgUrl())("several nodes on PostgreSQL", () => {
  const env = { WELINK_MASTER_KEY: randomBytes(32).toString("base64"), WELINK_LOG_LEVEL: "warn" };
  const receiver = new Receiver();
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let sandbox: ChildProcess;
  let sandboxUrl: string;
  const apis: Served[] = [];
  const workers: ChildProcess[] = [];
  let key: { apiKey: string; apiSecret: string };

  const startWorker = (common: string[]) => {
    const child = spawn(process.execPath, [join(ROOT, "bin/welink.mjs"), "serve", "--role", "worker", ...common], {
      env: { ...process.env, ...env },
      cwd: ROOT,
      stdio: "ignore",
    });
    workers.push(child);
    return child;
  };

  const api = async (node: number, name: string, body: unknown) => {
    const response = await fetch(`${apis[node % apis.length]!.base}/api/v1/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key.apiKey, "x-api-secret": key.apiSecret },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    schema = await freshSchema("nodes");
    await receiver.start();
    const port = await freePort();
    sandboxUrl = `http://127.0.0.1:${port}`;
    sandbox = spawn(
      process.execPath,
      [join(ROOT, "bin/welink.mjs"), "sandbox", "--port", String(port), "--seed", "7", "--members", "300"],
      { cwd: ROOT, stdio: "ignore" },
    );
    for (let i = 0; i < 100; i++) {
      if (
        await fetch(`${sandboxUrl}/_sandbox/health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // The sandbox's own forward proxy stands in for the internal proxy pool.
    const pool = JSON.stringify({
      US: [{ protocol: "http", host: "127.0.0.1", port, username: "welink", password: "sandbox-proxy" }],
    });
    const common = [
      ...["--database", schema.url, "--linkedin", sandboxUrl, "--proxy-pool", pool],
      ...["--data-dir", mkdtempSync(join(tmpdir(), "nodes-")), "--lease", "3"],
    ];
    const migrated = welink(["migrate", ...common], env);
    expect(migrated.status).toBe(0);
    const created = welink(["keys", "create", "--json", ...common], env);
    expect(created.status).toBe(0);
    key = JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "");
    for (let i = 0; i < 2; i++) apis.push(await serve(["--role", "api", "--host", "127.0.0.1", ...common], env));
    for (let i = 0; i < 3; i++) startWorker(common);
    expect((await api(0, "webhook_set", { url: receiver.url, secret })).status).toBe(200);
  }, 90_000);

  afterAll(async () => {
    for (const node of apis) await node.stop();
    for (const child of workers) child.kill("SIGKILL");
    sandbox?.kill("SIGKILL");
    await receiver.stop();
    await schema?.drop();
  });

  it("runs calls made on either API node, survives a killed worker, and sends each result once", async () => {
    const members = (await (await fetch(`${sandboxUrl}/_sandbox/members?count=40&tier=free`)).json()) as {
      elements: { email: string; persona?: string | null; restricted?: boolean }[];
    };
    // Generated members only (personas such as pin@ and restricted@ have their own login outcomes).
    const emails = members.elements
      .filter((m) => !m.persona && !m.restricted)
      .slice(0, 12)
      .map((m) => m.email);
    expect(emails).toHaveLength(12);
    const logins = await Promise.all(
      emails.map((email, i) => api(i, "login_v2", { email, password: "sandbox-password", proxy: { location: "US" } })),
    );
    for (const login of logins) expect(login.status).toBe(200);
    const accounts = logins.map((l) => String(l.body.accountId));
    for (const login of logins)
      expect((await receiver.forRequest(String(login.body.requestId), 30_000)).body.status).toBe("SUCCESS");
    for (const [i, accountId] of accounts.entries()) {
      expect((await api(i, "set_limits", { accountId, pacing: { min_gap_s: 0, max_gap_s: 0 } })).status).toBe(200);
    }

    // Each account reads several profiles; calls alternate between the two API nodes.
    const acks: string[] = [];
    for (let round = 0; round < 4; round++) {
      for (const [i, accountId] of accounts.entries()) {
        const ack = await api(i + round, "get_profile_details", { accountId, public_identifier: "ada-lovelace" });
        expect(ack.status).toBe(200);
        acks.push(String(ack.body.requestId));
      }
      if (round === 1) workers[0]!.kill("SIGKILL");
    }
    for (const id of acks) {
      const event = await receiver.forRequest(id, 60_000);
      expect(event.body.status).toBe("SUCCESS");
    }
    // At least once, with duplicates (if any) carrying the same webhook-id.
    for (const id of acks) {
      const copies = receiver.events.filter((e) => e.body.requestId === id);
      expect(new Set(copies.map((e) => e.headers["webhook-id"])).size).toBe(1);
    }
    const states = await Promise.all(acks.map((id, i) => api(i, "get_response", { request_id: id })));
    expect(states.every((s) => s.body.status === "SUCCESS")).toBe(true);
  }, 120_000);
});
