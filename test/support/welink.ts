import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { createKey } from "../../src/api/key-admin.ts";
import { startWelink, type Welink } from "../../src/app.ts";
import { loadConfig } from "../../src/config/index.ts";
import { type Clock, type Sleep, systemClock } from "../../src/lib/clock.ts";
import { freshSchema } from "./pg.ts";
import { type Received, Receiver } from "./receiver.ts";

/**
 * A whole welink for end-to-end tests, in this process but with nothing mocked: the real
 * composition (src/app.ts), the API on a loopback port, a real SQLite file or a private
 * PostgreSQL schema, the embedded sandbox LinkedIn spoken to by the real driver over HTTP,
 * and a real webhook receiver whose deliveries are signed.
 *
 * @example
 * const w = await startTestWelink();
 * const ada = await w.login("ada@sandbox.welink.dev");
 * const event = await w.call("connect", { accountId: ada, profile_id: "ACoAA…" });
 * expect(event.body.status).toBe("SUCCESS");
 * await w.close();
 */
export interface TestWelink {
  welink: Welink;
  base: string;
  sandboxUrl: string;
  key: { workspace: string; apiKey: string; apiSecret: string };
  receiver: Receiver;
  webhookSecret: string;
  /** POST /api/v1/<name> with this harness's key. */
  api(
    name: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Record<string, unknown> }>;
  /** Enqueues an async action and waits for its webhook. */
  call(name: string, body: Record<string, unknown>, timeoutMs?: number): Promise<Received>;
  /** Logs a sandbox persona in (password `sandbox-password`), with pacing (page gaps too) off; returns its accountId. */
  login(email: string, options?: { pacing?: boolean }): Promise<string>;
  /** The sandbox's control API (`/_sandbox/<path>`). */
  control(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export interface TestWelinkOptions {
  store?: "sqlite" | "postgres";
  /** Extra configuration flags (`loadConfig` keys). */
  flags?: Record<string, unknown>;
  /** welink's clock (default the system's): tests that wait hours, e.g. for tracker checks, move it. */
  clock?: Clock;
  /** The engine's wait between search pages (default a real timer): tests move injected time instead. */
  sleep?: Sleep;
}

export async function startTestWelink(options: TestWelinkOptions = {}): Promise<TestWelink> {
  const dataDir = mkdtempSync(join(tmpdir(), "welink-e2e-"));
  const schema = options.store === "postgres" ? await freshSchema("e2e") : null;
  const config = loadConfig(
    {
      port: 0,
      host: "127.0.0.1",
      dataDir,
      logLevel: "silent",
      ...(schema ? { database: schema.url } : {}),
      ...options.flags,
    },
    { WELINK_MASTER_KEY: randomBytes(32).toString("base64") },
  );
  const welink = await startWelink(config, {
    logger: pino({ level: "silent" }),
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
  });
  if (!welink.api || !welink.sandbox) throw new Error("the test welink needs the API and the embedded sandbox");
  const base = welink.api.url.replace("localhost", "127.0.0.1");
  const key = await createKey(welink.store, systemClock, {
    workspace: `w-${randomBytes(4).toString("hex")}`,
    name: "e2e",
  });
  const receiver = await new Receiver().start();
  const webhookSecret = `whsec_${randomBytes(32).toString("base64")}`;
  const sandboxUrl = welink.sandbox.url;

  const api: TestWelink["api"] = async (name, body, headers = {}) => {
    const response = await fetch(`${base}/api/v1/${name}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-api-key": key.apiKey,
        "x-api-secret": key.apiSecret,
        ...headers,
      },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  const call: TestWelink["call"] = async (name, body, timeoutMs) => {
    const ack = await api(name, body);
    if (ack.status !== 200) throw new Error(`${name} was refused: ${ack.status} ${JSON.stringify(ack.body)}`);
    return receiver.forRequest(String(ack.body.requestId), timeoutMs);
  };

  const control: TestWelink["control"] = async (method, path, body) => {
    const response = await fetch(`${sandboxUrl}/_sandbox/${path.replace(/^\//, "")}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`sandbox ${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : {};
  };

  const login: TestWelink["login"] = async (email, loginOptions = {}) => {
    const ack = await api("login_v2", { email, password: "sandbox-password", proxy: { location: "US" } });
    if (ack.status !== 200) throw new Error(`login_v2 refused: ${JSON.stringify(ack.body)}`);
    const event = await receiver.forRequest(String(ack.body.requestId));
    if (event.body.status !== "SUCCESS") throw new Error(`login of ${email} ended ${JSON.stringify(event.body)}`);
    const accountId = String(ack.body.accountId);
    if (!loginOptions.pacing) {
      const pacing = { min_gap_s: 0, max_gap_s: 0, page_min_gap_s: 0, page_max_gap_s: 0 };
      const set = await api("set_limits", { accountId, pacing });
      if (set.status !== 200) throw new Error(`set_limits refused: ${JSON.stringify(set.body)}`);
    }
    return accountId;
  };

  const set = await api("webhook_set", { url: receiver.url, secret: webhookSecret });
  if (set.status !== 200) throw new Error(`webhook_set refused: ${JSON.stringify(set.body)}`);

  return {
    welink,
    base,
    sandboxUrl,
    key,
    receiver,
    webhookSecret,
    api,
    call,
    login,
    control,
    async close() {
      await welink.close();
      await receiver.stop();
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
