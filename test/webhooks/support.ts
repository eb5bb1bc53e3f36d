import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ManualClock } from "../../src/lib/clock.ts";
import { openStore } from "../../src/store/open.ts";
import type { Store } from "../../src/store/types.ts";
import type { WebhookStore } from "../../src/store/webhook-types.ts";
import { requestPayload } from "../../src/webhooks/payload.ts";
import { generateSecret } from "../../src/webhooks/sign.ts";
import { webhookStoreOf } from "../../src/webhooks/store.ts";
import { freshSchema, pgUrl } from "../support/pg.ts";

/** A real HTTP receiver on a loopback port that records every request. */
export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Decides the answer to each request; default 200. */
  respond: (req: Received, res: ServerResponse) => unknown;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = {
    url: "",
    port: 0,
    received,
    respond: (_req, res) => {
      res.writeHead(200).end("ok");
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => {
      body += chunk;
    });
    req.on("end", () => {
      const entry = { path: req.url ?? "/", headers: req.headers, body, at: Date.now() };
      received.push(entry);
      void receiver.respond(entry, res);
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/hook`;
  const close = receiver.close;
  receiver.close = async () => {
    server.closeAllConnections();
    await close();
  };
  return receiver;
}

/** A migrated store of one dialect with a workspace, for the webhooks suites. */
export interface Harness {
  dialect: "sqlite" | "postgres";
  store: Store;
  webhooks: WebhookStore;
  clock: ManualClock;
  workspaceId: string;
  workspaceName: string;
  /** For child processes on the same SQLite store: `--data-dir` and `WELINK_MASTER_KEY`. */
  dataDir: string;
  masterKeyHex: string;
  /**
   * Sets the workspace's endpoint (JWT signing, every event) and returns its secret. The
   * default URL is a port nothing answers: for tests that only write and claim deliveries.
   */
  endpoint(url?: string, secret?: string): Promise<string>;
  /** Creates an ACTIVE account in the workspace. */
  account(): Promise<string>;
  /** Writes a finished request's outbox row, as the engine's completion does. */
  deliver(accountId: string | null, requestId?: string): Promise<string>;
  /** A second store on the same database (another process's view). */
  another(): Promise<{ store: Store; webhooks: WebhookStore }>;
  close(): Promise<void>;
}

export const DIALECTS = [
  { dialect: "sqlite" as const, enabled: true },
  { dialect: "postgres" as const, enabled: Boolean(pgUrl()) },
].filter((d) => d.enabled);

export async function openHarness(dialect: "sqlite" | "postgres"): Promise<Harness> {
  const masterKey = randomBytes(32);
  const clock = new ManualClock();
  const dataDir = mkdtempSync(join(tmpdir(), "welink-webhooks-"));
  const schema = dialect === "postgres" ? await freshSchema("wh") : null;
  const options = { dataDir, masterKey, clock, ...(schema ? { databaseUrl: schema.url } : {}) };
  const store = await openStore(options);
  await store.migrate();
  const workspaceId = randomUUID();
  await store.createWorkspace({ id: workspaceId, name: `ws-${workspaceId}`, createdAt: clock.now() });
  const others: Store[] = [];
  const webhooks = webhookStoreOf(store);
  return {
    dialect,
    store,
    webhooks,
    clock,
    workspaceId,
    workspaceName: `ws-${workspaceId}`,
    dataDir,
    masterKeyHex: masterKey.toString("hex"),
    async endpoint(url = "http://127.0.0.1:9/", secret = generateSecret()) {
      await webhooks.setEndpoint({ workspaceId, url, secret, signing: "jwt", events: [], now: clock.now() });
      return secret;
    },
    async account() {
      const id = randomUUID();
      await store.createAccount({
        id,
        workspaceId,
        email: `${id}@example.test`,
        status: "ACTIVE",
        proxy: null,
        secrets: {},
        now: clock.now(),
      });
      return id;
    },
    async deliver(accountId, requestId = randomUUID()) {
      const payload = requestPayload({
        id: requestId,
        workspaceId,
        accountId,
        action: "connect",
        input: {},
        status: "SUCCESS",
        result: { connected: true, profile_id: "ACoAA-1" },
        message: null,
        attempts: 1,
        runAt: clock.now(),
        expiresAt: null,
        createdAt: clock.now(),
        startedAt: clock.now(),
        finishedAt: clock.now(),
      });
      const id = await webhooks.enqueue({
        workspaceId,
        accountId,
        requestId,
        eventType: "/api/v1/connect",
        payload,
        now: clock.now(),
      });
      if (!id) throw new Error("no endpoint configured");
      return id;
    },
    async another() {
      const other = await openStore(options);
      others.push(other);
      return { store: other, webhooks: webhookStoreOf(other) };
    },
    async close() {
      for (const other of others) await other.close();
      await store.close();
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
