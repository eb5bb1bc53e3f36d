import { Server as ProxyServer } from "proxy-chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { ProxyPool } from "../../../src/linkedin/index.ts";
import { type Socks5Server, startSocks5 } from "../../support/socks5.ts";
import { type Harness, PASSWORD, startHarness } from "../harness.ts";

let h: Harness;
let proxy: ProxyServer;
let socks: Socks5Server;
const proxyLog: string[] = [];
let members: { email: string; profileId: string }[];

beforeAll(async () => {
  h = await startHarness({ seed: 21 });
  proxy = new ProxyServer({
    port: 0,
    host: "127.0.0.1",
    prepareRequestFunction: ({ username, password, hostname, port }) => {
      if (username !== "pool-user" || password !== "pool-pass") return { requestAuthentication: true };
      proxyLog.push(`${hostname}:${port}`);
      return {};
    },
  });
  await proxy.listen();
  socks = await startSocks5({ username: "s5", password: "s5-pass" });
  const list = (await h.control("members?start=0&count=30&tier=free")) as { elements: typeof members };
  members = list.elements.filter((m) => !m.email.endsWith("@sandbox.welink.dev"));
});
afterAll(async () => {
  await proxy?.close(true);
  await socks?.close();
  await h?.close();
});

const sandboxPort = () => new URL(h.sandbox.url).port;

describe("logins through proxies", () => {
  it("the internal pool: {location:US} goes through the US proxy (its log shows it) and sticks", async () => {
    const pool = new ProxyPool({
      US: [{ protocol: "http", host: "127.0.0.1", port: proxy.port, username: "pool-user", password: "pool-pass" }],
    });
    const sessions = h.managerFor({ proxyPool: pool });
    const m = members[0]!;
    const accountId = await h.newAccount(m.email);
    const before = proxyLog.length;
    const outcome = await sessions.loginPassword(accountId, {
      email: m.email,
      password: PASSWORD,
      proxy: { location: "us" },
    });
    expect(outcome.status).toBe("SUCCESS");
    expect(proxyLog.slice(before)).toContain(`127.0.0.1:${sandboxPort()}`);
    const account = await h.store.getAccount(accountId);
    expect(account?.proxy).toEqual({
      location: "US",
      protocol: "http",
      host: "127.0.0.1",
      port: proxy.port,
      username: "pool-user",
    });
    expect((await h.store.getAccountSecrets(accountId))?.proxy_password).toBe("pool-pass");
    // Another process builds the session from the store alone: still through the proxy.
    const other = h.managerFor({ proxyPool: new ProxyPool() });
    const n = proxyLog.length;
    const client = await other.client(accountId);
    expect((await client.me.identity()).profileId).toBe(m.profileId);
    expect(proxyLog.length).toBeGreaterThan(n);
  });

  it("wrong proxy credentials: PROXY_ERROR and the account PROXY_FAILED", async () => {
    const m = members[1]!;
    const accountId = await h.newAccount(m.email);
    const started = Date.now();
    const error = await h.sessions
      .loginPassword(accountId, {
        email: m.email,
        password: PASSWORD,
        proxy: { protocol: "http", host: "127.0.0.1", port: proxy.port, username: "pool-user", password: "wrong" },
      })
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("PROXY_ERROR");
    expect(String((error as Error).message)).not.toContain("wrong");
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await h.store.getAccount(accountId))?.status).toBe("PROXY_FAILED");
  });

  it("a stopped proxy: PROXY_ERROR within the timeout", async () => {
    const dead = new ProxyServer({ port: 0, host: "127.0.0.1" });
    await dead.listen();
    const port = dead.port;
    await dead.close(true);
    const m = members[2]!;
    const accountId = await h.newAccount(m.email);
    const started = Date.now();
    const error = await h.sessions
      .loginPassword(accountId, {
        email: m.email,
        password: PASSWORD,
        proxy: { protocol: "http", host: "127.0.0.1", port },
      })
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("PROXY_ERROR");
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("SOCKS5 with credentials (our own SOCKS5 server records the CONNECTs)", async () => {
    const m = members[3]!;
    const accountId = await h.newAccount(m.email);
    const before = socks.connects.length;
    const outcome = await h.sessions.loginPassword(accountId, {
      email: m.email,
      password: PASSWORD,
      proxy: { protocol: "socks5", host: "127.0.0.1", port: socks.port, username: "s5", password: "s5-pass" },
    });
    expect(outcome.status).toBe("SUCCESS");
    expect(socks.connects.slice(before)).toContain(`127.0.0.1:${sandboxPort()}`);
  });

  it("SOCKS5 with a wrong password: PROXY_ERROR", async () => {
    const m = members[4]!;
    const accountId = await h.newAccount(m.email);
    const error = await h.sessions
      .loginPassword(accountId, {
        email: m.email,
        password: PASSWORD,
        proxy: { protocol: "socks5", host: "127.0.0.1", port: socks.port, username: "s5", password: "bad" },
      })
      .catch((e: unknown) => e);
    expect(error instanceof WelinkError && error.code).toBe("PROXY_ERROR");
  });

  it("the sandbox's own proxy port: 407 on a wrong password", async () => {
    const port = Number(sandboxPort());
    const bad = await h.newAccount(members[5]!.email);
    const e407 = await h.sessions
      .loginPassword(bad, {
        email: members[5]!.email,
        password: PASSWORD,
        proxy: { protocol: "http", host: "127.0.0.1", port, username: "me", password: "nope" },
      })
      .catch((e: unknown) => e);
    expect(e407 instanceof WelinkError && e407.code).toBe("PROXY_ERROR");
  });

  it("a proxy that keeps failing puts the account in PROXY_FAILED; probes bring it back to ACTIVE by themselves", async () => {
    const port = Number(sandboxPort());
    const sessions = h.managerFor({ proxyProbeDelaysMs: [100] });
    const m = members[6]!;
    const accountId = await h.newAccount(m.email);
    const ok = await sessions.loginPassword(accountId, {
      email: m.email,
      password: PASSWORD,
      proxy: { protocol: "http", host: "127.0.0.1", port, username: "me", password: "sandbox-proxy" },
    });
    expect(ok.status).toBe("SUCCESS");
    const client = await sessions.client(accountId);
    const fault = (await h.control("faults", { kind: "proxy", member: m.email })) as { id: string };
    for (let i = 0; i < 3; i++) {
      const error = await client.me.identity().catch((e: unknown) => e);
      expect(error instanceof WelinkError && error.code).toBe("PROXY_ERROR");
      // Below the threshold the account stays ACTIVE (a single hiccup is not an outage).
      if (i < 2) expect((await h.store.getAccount(accountId))?.status).toBe("ACTIVE");
    }
    await waitFor(async () => (await h.store.getAccount(accountId))?.status === "PROXY_FAILED");
    await new Promise((r) => setTimeout(r, 250)); // probes keep failing meanwhile
    expect((await h.store.getAccount(accountId))?.status).toBe("PROXY_FAILED");
    await h.control(`faults/${fault.id}`, undefined, "DELETE");
    await waitFor(async () => (await h.store.getAccount(accountId))?.status === "ACTIVE");
    const mine = h.statuses.filter((s) => s.accountId === accountId).map((s) => s.status);
    expect(mine.slice(-2)).toEqual(["PROXY_FAILED", "ACTIVE"]);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not reached in time");
    await new Promise((r) => setTimeout(r, 20));
  }
}
