/**
 * End-to-end harness of the driver's tests: a real sandbox LinkedIn on a socket, a real
 * SQLite store in a temporary directory, and the session manager wired to both. The
 * driver itself never imports the sandbox; only this test setup does.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { systemClock } from "../../src/lib/clock.ts";
import { SessionManager, type SessionManagerDeps } from "../../src/linkedin/index.ts";
import { type Sandbox, startSandbox } from "../../src/sandbox/index.ts";
import { openStore } from "../../src/store/open.ts";
import type { AccountStatus, Store } from "../../src/store/types.ts";

export const PASSWORD = "sandbox-password";
export const PIN = "424242";
export const persona = (name: string) => `${name}@sandbox.welink.dev`;

export interface Harness {
  sandbox: Sandbox;
  store: Store;
  sessions: SessionManager;
  workspaceId: string;
  statuses: { accountId: string; status: AccountStatus; reason: string | null }[];
  newAccount(email?: string | null): Promise<string>;
  control(path: string, body?: unknown, method?: string): Promise<unknown>;
  managerFor(options?: Partial<SessionManagerDeps>): SessionManager;
  close(): Promise<void>;
}

export async function startHarness(options: { seed?: number; members?: number } = {}): Promise<Harness> {
  const sandbox = await startSandbox({ port: 0, seed: options.seed ?? 7, members: options.members ?? 300 });
  const dir = mkdtempSync(join(tmpdir(), "welink-linkedin-"));
  const store = await openStore({ dataDir: dir, masterKey: randomBytes(32) });
  await store.migrate();
  const workspaceId = randomUUID();
  await store.createWorkspace({ id: workspaceId, name: `ws-${workspaceId}`, createdAt: Date.now() });
  const statuses: Harness["statuses"] = [];
  const managers: SessionManager[] = [];
  const managerFor: Harness["managerFor"] = (o = {}) => {
    const m = new SessionManager({
      store,
      clock: systemClock,
      requestTimeoutMs: 5000,
      connectTimeoutMs: 2000,
      onAccountStatus: (accountId, status, reason) => {
        statuses.push({ accountId, status, reason });
      },
      ...o,
      baseUrl: o.baseUrl ?? sandbox.url,
    });
    managers.push(m);
    return m;
  };
  const sessions = managerFor();
  return {
    sandbox,
    store,
    sessions,
    workspaceId,
    statuses,
    managerFor,
    async newAccount(email = null) {
      const id = randomUUID();
      await store.createAccount({
        id,
        workspaceId,
        email,
        status: "LOGGING_IN",
        proxy: null,
        secrets: {},
        now: Date.now(),
      });
      return id;
    },
    async control(path, body, method) {
      const res = await fetch(`${sandbox.url}/_sandbox/${path}`, {
        method: method ?? (body === undefined ? "GET" : "POST"),
        headers: body === undefined ? {} : { "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`control ${path}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async close() {
      for (const m of managers) await m.close();
      await store.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
