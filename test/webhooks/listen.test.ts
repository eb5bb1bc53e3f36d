import { type ChildProcess, spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher } from "../../src/webhooks/dispatcher.ts";
import { generateSecret } from "../../src/webhooks/sign.ts";
import { type Harness, openHarness } from "./support.ts";

const BIN = new URL("../../bin/welink.mjs", import.meta.url).pathname;

/** `welink webhooks listen` as a real child process, fed by the real dispatcher. */
describe("welink webhooks listen", () => {
  let h: Harness;
  let child: ChildProcess;
  let output = "";
  let url = "";
  const secret = generateSecret();

  const waitForOutput = async (pattern: RegExp) => {
    const deadline = Date.now() + 15_000;
    while (!pattern.test(output) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(output).toMatch(pattern);
  };

  beforeAll(async () => {
    h = await openHarness("sqlite");
    h.clock.set(Date.now());
    child = spawn(process.execPath, [BIN, "webhooks", "listen", "--port", "0", "--secret", secret], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (d) => {
      output += d;
    });
    child.stderr?.on("data", (d) => {
      output += d;
    });
    await waitForOutput(/Listening for welink webhooks on (http:\/\/\S+)/);
    url = /Listening for welink webhooks on (http:\/\/\S+)/.exec(output)![1]!;
  });
  afterAll(async () => {
    child?.kill("SIGTERM");
    await h?.close();
  });

  it("verifies a real delivery and prints it in one line", async () => {
    await h.endpoint(url, secret);
    const account = await h.account();
    const id = await h.deliver(account, "req-listen");
    const d = createDispatcher({ store: h.webhooks, clock: h.clock });
    await d.runDue();
    await d.stop();
    await waitForOutput(/CONNECTION_SENT/);
    const line = output.split("\n").find((l) => l.includes("CONNECTION_SENT"))!;
    expect(line).toContain("SUCCESS");
    expect(line).toContain("/api/v1/connect");
    expect(line).toContain("request=req-listen");
    expect(line).toContain(`account=${account}`);
    expect(line).toContain(`webhook-id=${id}`);
    expect(line).toContain("verified (webhook-signature, hash jwt)");
    expect(await h.webhooks.get(h.workspaceId, id)).toMatchObject({ status: "delivered", lastStatus: 200 });
  });

  it("--register points the workspace at the listener and verifies with the workspace's secret", async () => {
    const registered = spawn(
      process.execPath,
      [BIN, "webhooks", "listen", "--port", "0", "--register", h.workspaceName, "--data-dir", h.dataDir],
      { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, WELINK_MASTER_KEY: h.masterKeyHex } },
    );
    let out = "";
    registered.stdout?.on("data", (d) => {
      out += d;
    });
    registered.stderr?.on("data", (d) => {
      out += d;
    });
    try {
      const deadline = Date.now() + 15_000;
      while (!/Verifying/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/now sends its webhooks to http:\/\/127\.0\.0\.1:\d+\//);
      const endpoint = await h.webhooks.getEndpoint(h.workspaceId);
      expect(out).toContain(`Listening for welink webhooks on ${endpoint?.url}`);
      const id = await h.deliver(await h.account(), "req-registered");
      const d = createDispatcher({ store: h.webhooks, clock: h.clock });
      await d.runDue();
      await d.stop();
      const end = Date.now() + 5_000;
      while (!/request=req-registered/.test(out) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      expect(out).toMatch(/request=req-registered.*\[verified \(webhook-signature, hash jwt\)\]/);
      expect(await h.webhooks.get(h.workspaceId, id)).toMatchObject({ status: "delivered" });
    } finally {
      registered.kill("SIGTERM");
    }
  });

  it("rejects a delivery signed with another secret (401, logged, retried later)", async () => {
    await h.webhooks.setEndpoint({
      workspaceId: h.workspaceId,
      url,
      secret: generateSecret(),
      signing: "hmac-hex",
      events: [],
      now: h.clock.now(),
    });
    const id = await h.deliver(await h.account(), "req-forged");
    const d = createDispatcher({ store: h.webhooks, clock: h.clock });
    await d.runDue();
    await d.stop();
    await waitForOutput(/request=req-forged.*REJECTED/);
    expect(await h.webhooks.get(h.workspaceId, id)).toMatchObject({ status: "pending", lastStatus: 401 });
  });
});
