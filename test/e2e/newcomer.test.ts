import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jwtVerify } from "jose";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Served, serve, welink } from "../support/processes.ts";
import { Receiver } from "../support/receiver.ts";

/**
 * The newcomer's path, end to end with nothing mocked: `welink serve` as a child process
 * (SQLite file, embedded sandbox LinkedIn), a key made by `welink keys create`, sandbox
 * personas logged in through the public API, signed webhooks received by a real HTTP
 * receiver and verified with off-the-shelf libraries.
 */
describe("newcomer path over real sockets", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "welink-e2e-"));
  const secret = `whsec_${randomBytes(32).toString("base64")}`;
  const receiver = new Receiver();
  let server: Served;
  let key: { workspace: string; apiKey: string; apiSecret: string };

  const api = async (name: string, body: unknown) => {
    const response = await fetch(`${server.base}/api/v1/${name}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": key.apiKey, "x-api-secret": key.apiSecret },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  beforeAll(async () => {
    await receiver.start();
    server = await serve(["--data-dir", dataDir]);
    const created = welink(["keys", "create", "--data-dir", dataDir, "--json"]);
    expect(created.status).toBe(0);
    key = JSON.parse(created.stdout.trim().split("\n").at(-1) ?? "");
    const set = await api("webhook_set", { url: receiver.url, secret });
    expect(set.status).toBe(200);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await receiver.stop();
  });

  it("logs ada in and delivers a webhook that standardwebhooks and jose verify", async () => {
    const login = await api("login_v2", {
      email: "ada@sandbox.welink.dev",
      password: "sandbox-password",
      proxy: { location: "US" },
    });
    expect(login.status).toBe(200);
    expect(login.body.status).toBe("QUEUED");
    expect(login.body.request_id).toBe(login.body.requestId);
    expect(typeof login.body.accountId).toBe("string");

    const event = await receiver.forRequest(String(login.body.requestId));
    const verified = new Webhook(secret).verify(event.raw, {
      "webhook-id": String(event.headers["webhook-id"]),
      "webhook-timestamp": String(event.headers["webhook-timestamp"]),
      "webhook-signature": String(event.headers["webhook-signature"]),
    }) as Record<string, unknown>;
    expect(verified.status).toBe("SUCCESS");
    const result = verified.result as Record<string, unknown>;
    expect(result.accountId).toBe(login.body.accountId);
    expect(String(result.profile_id)).toMatch(/^ACoAA/);
    expect(result.first_name).toBe("Ada");

    const { payload } = await jwtVerify(String(verified.hash), new TextEncoder().encode(secret));
    expect(payload.requestId).toBe(login.body.requestId);
    expect(payload.status).toBe("SUCCESS");

    const response = await api("get_response", { request_id: login.body.requestId });
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("SUCCESS");

    const details = await api("get_ln_account_details", { accountId: login.body.accountId });
    expect(details.body.status).toBe("ACTIVE");
  });

  it("asks pin@ for a PIN and finishes the login with login_code", async () => {
    const login = await api("login_v2", {
      email: "pin@sandbox.welink.dev",
      password: "sandbox-password",
      proxy: { location: "US" },
    });
    const first = await receiver.forRequest(String(login.body.requestId));
    expect(first.body.status).toBe("PIN_REQUIRED");

    const wrong = await api("login_code", {
      accountId: login.body.accountId,
      code: "000000",
      requestId: login.body.requestId,
    });
    expect((await receiver.forRequest(String(wrong.body.requestId))).body.status).toBe("INVALID_PIN");

    const right = await api("login_code", {
      accountId: login.body.accountId,
      code: "424242",
      requestId: login.body.requestId,
    });
    const done = await receiver.forRequest(String(right.body.requestId));
    expect(done.body.status).toBe("SUCCESS");
  });

  it("refuses a wrong password with WRONG_PASSWORD", async () => {
    const login = await api("login_v2", {
      email: "grace@sandbox.welink.dev",
      password: "nope",
      proxy: { location: "US" },
    });
    const event = await receiver.forRequest(String(login.body.requestId));
    expect(event.body.status).toBe("WRONG_PASSWORD");
    expect(typeof event.body.message).toBe("string");
  });
});
