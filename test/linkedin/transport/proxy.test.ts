import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { Server as ProxyServer } from "proxy-chain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isWelinkError } from "../../../src/errors/index.ts";
import { ManualClock } from "../../../src/lib/clock.ts";
import { CookieJar } from "../../../src/linkedin/transport/cookies.ts";
import { Transport } from "../../../src/linkedin/transport/http.ts";
import type { ProxyConfig } from "../../../src/linkedin/transport/proxy.ts";
import { type Socks5Server, startSocks5 } from "../../support/socks5.ts";

// A tiny origin server standing in for LinkedIn: only transport behaviour is tested here
// (the protocol itself is tested against the sandbox).
let origin: Server;
let originUrl: string;
const seen: { path: string; headers: IncomingMessage["headers"] }[] = [];

function handle(req: IncomingMessage, res: ServerResponse): void {
  seen.push({ path: req.url ?? "", headers: req.headers });
  const url = new URL(req.url ?? "/", "http://x");
  if (url.pathname === "/gzip") {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" });
    res.end(gzipSync(JSON.stringify({ ok: "gzip" })));
  } else if (url.pathname === "/br") {
    res.writeHead(200, { "content-type": "application/json", "content-encoding": "br" });
    res.end(brotliCompressSync(JSON.stringify({ ok: "br" })));
  } else if (url.pathname === "/login") {
    res.writeHead(200, {
      "set-cookie": ['JSESSIONID="ajax:1234567890123456789"; Path=/', "li_at=AQEDtoken; Max-Age=3600; HttpOnly"],
    });
    res.end("{}");
  } else if (url.pathname === "/kill") {
    res.writeHead(302, {
      location: "/uas/login",
      "set-cookie": ["li_at=delete me; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/"],
    });
    res.end();
  } else if (url.pathname === "/hang") {
    // never answers
  } else {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ path: req.url }));
  }
}

const clock = new ManualClock(Date.now());
function transport(proxy: ProxyConfig | null = null, requestTimeoutMs = 3000, proxyCa?: string): Transport {
  return new Transport({
    baseUrl: originUrl,
    jar: new CookieJar(),
    clock,
    proxy,
    requestTimeoutMs,
    connectTimeoutMs: 2000,
    ...(proxyCa ? { proxyCa } : {}),
  });
}

beforeAll(async () => {
  origin = createServer(handle);
  await new Promise<void>((r) => origin.listen(0, "127.0.0.1", r));
  const a = origin.address();
  originUrl = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
});
afterAll(async () => {
  origin.closeAllConnections();
  await new Promise<void>((r) => origin.close(() => r()));
});

describe("transport, direct", () => {
  it("keeps JSESSIONID with its quotes and derives csrf-token from it", async () => {
    const t = transport();
    await t.send({ path: "/login", api: false });
    expect(t.jar.get("JSESSIONID")).toBe('"ajax:1234567890123456789"');
    expect(t.csrfToken()).toBe("ajax:1234567890123456789");
    await t.send({ path: "/voyager/api/me" });
    const last = seen.at(-1)!;
    expect(last.headers["csrf-token"]).toBe("ajax:1234567890123456789");
    expect(last.headers.cookie).toContain('JSESSIONID="ajax:1234567890123456789"');
    expect(last.headers.cookie).toContain("li_at=AQEDtoken");
    expect(last.headers["x-restli-protocol-version"]).toBe("2.0.0");
    expect(JSON.parse(String(last.headers["x-li-track"])).mpName).toBe("voyager-web");
    expect(last.headers["x-li-lang"]).toBe("en_US");
    await t.close();
  });

  it("does not follow redirects and drops li_at on `delete me`", async () => {
    const t = transport();
    await t.send({ path: "/login", api: false });
    const res = await t.send({ path: "/kill" });
    expect(res.status).toBe(302);
    expect(res.location).toBe("/uas/login");
    expect(res.cookies.deleted).toContain("li_at");
    expect(t.jar.get("li_at")).toBeUndefined();
    await t.close();
  });

  it("decodes gzip and brotli bodies", async () => {
    const t = transport();
    expect(JSON.parse((await t.send({ path: "/gzip" })).body)).toEqual({ ok: "gzip" });
    expect(JSON.parse((await t.send({ path: "/br" })).body)).toEqual({ ok: "br" });
    await t.close();
  });

  it("turns a hang into an error within the request timeout", async () => {
    const t = transport(null, 500);
    const started = Date.now();
    const error = await t.send({ path: "/hang" }).catch((e: unknown) => e);
    expect(isWelinkError(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2500);
    await t.close();
  });

  it("serialises the jar to JSON and back", async () => {
    const t = transport();
    await t.send({ path: "/login", api: false });
    const copy = CookieJar.fromJSON(JSON.parse(JSON.stringify(t.jar.toJSON())));
    expect(copy.get("li_at")).toBe("AQEDtoken");
    expect(copy.get("JSESSIONID")).toBe('"ajax:1234567890123456789"');
    await t.close();
  });
});

describe("transport through an HTTP proxy (proxy-chain)", () => {
  let open: ProxyServer;
  let authed: ProxyServer;
  const log: string[] = [];
  beforeAll(async () => {
    open = new ProxyServer({
      port: 0,
      host: "127.0.0.1",
      prepareRequestFunction: ({ hostname, port }) => {
        log.push(`open ${hostname}:${port}`);
        return {};
      },
    });
    authed = new ProxyServer({
      port: 0,
      host: "127.0.0.1",
      prepareRequestFunction: ({ username, password, hostname, port }) => {
        if (username !== "bob" || password !== "s3cret") return { requestAuthentication: true };
        log.push(`authed ${hostname}:${port}`);
        return {};
      },
    });
    await open.listen();
    await authed.listen();
  });
  afterAll(async () => {
    await open.close(true);
    await authed.close(true);
  });

  it("sends the requests through the proxy (its log shows them)", async () => {
    const t = transport({ protocol: "http", host: "127.0.0.1", port: open.port });
    const res = await t.send({ path: "/voyager/api/me" });
    expect(res.status).toBe(200);
    expect(log.some((l) => l.startsWith("open 127.0.0.1"))).toBe(true);
    await t.close();
  });

  it("authenticates with credentials", async () => {
    const t = transport({
      protocol: "http",
      host: "127.0.0.1",
      port: authed.port,
      username: "bob",
      password: "s3cret",
    });
    expect((await t.send({ path: "/voyager/api/me" })).status).toBe(200);
    expect(log.some((l) => l.startsWith("authed 127.0.0.1"))).toBe(true);
    await t.close();
  });

  it("wrong credentials are PROXY_ERROR, without the password in the message", async () => {
    const t = transport({ protocol: "http", host: "127.0.0.1", port: authed.port, username: "bob", password: "nope" });
    const started = Date.now();
    const error = await t.send({ path: "/voyager/api/me" }).catch((e: unknown) => e);
    expect(isWelinkError(error) && error.code).toBe("PROXY_ERROR");
    expect(String((error as Error).message)).not.toContain("nope");
    expect(Date.now() - started).toBeLessThan(3000);
    await t.close();
  });

  it("a stopped proxy is PROXY_ERROR within the timeout", async () => {
    const dead = new ProxyServer({ port: 0, host: "127.0.0.1" });
    await dead.listen();
    const port = dead.port;
    await dead.close(true);
    const t = transport({ protocol: "http", host: "127.0.0.1", port });
    const started = Date.now();
    const error = await t.send({ path: "/voyager/api/me" }).catch((e: unknown) => e);
    expect(isWelinkError(error) && error.code).toBe("PROXY_ERROR");
    expect(Date.now() - started).toBeLessThan(3000);
    await t.close();
  });

  it("a proxy that accepts but never answers is PROXY_ERROR within the timeout", async () => {
    const held = new Set<import("node:net").Socket>();
    const silent = createTcpServer((s) => held.add(s));
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const a = silent.address();
    const t = transport({ protocol: "http", host: "127.0.0.1", port: typeof a === "object" && a ? a.port : 0 }, 800);
    const started = Date.now();
    const error = await t.send({ path: "/voyager/api/me" }).catch((e: unknown) => e);
    expect(isWelinkError(error) && error.code).toBe("PROXY_ERROR");
    expect(Date.now() - started).toBeLessThan(3000);
    await t.close();
    for (const s of held) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });
});

describe("transport through an HTTPS proxy (TLS to the proxy, CONNECT inside)", () => {
  let secure: ProxyServer;
  let cert: string;
  const seenTls: string[] = [];
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "welink-tls-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    cert = readFileSync(join(dir, "cert.pem"), "utf8");
    const key = readFileSync(join(dir, "key.pem"), "utf8");
    rmSync(dir, { recursive: true, force: true });
    secure = new ProxyServer({
      port: 0,
      host: "127.0.0.1",
      serverType: "https",
      httpsOptions: { key, cert },
      prepareRequestFunction: ({ username, password, hostname, port }) => {
        if (username !== "tls" || password !== "pw") return { requestAuthentication: true };
        seenTls.push(`${hostname}:${port}`);
        return {};
      },
    });
    await secure.listen();
  });
  afterAll(async () => {
    await secure.close(true);
  });

  it("tunnels through an HTTPS proxy whose certificate is trusted", async () => {
    const t = transport(
      { protocol: "https", host: "127.0.0.1", port: secure.port, username: "tls", password: "pw" },
      3000,
      cert,
    );
    expect((await t.send({ path: "/voyager/api/me" })).status).toBe(200);
    expect(seenTls.length).toBeGreaterThan(0);
    await t.close();
  });

  it("an untrusted proxy certificate is PROXY_ERROR", async () => {
    const t = transport({ protocol: "https", host: "127.0.0.1", port: secure.port, username: "tls", password: "pw" });
    const error = await t.send({ path: "/voyager/api/me" }).catch((e: unknown) => e);
    expect(isWelinkError(error) && error.code).toBe("PROXY_ERROR");
    await t.close();
  });
});

describe("transport through SOCKS5", () => {
  let socks: Socks5Server;
  beforeAll(async () => {
    socks = await startSocks5({ username: "sam", password: "pw" });
  });
  afterAll(async () => {
    await socks.close();
  });

  it("tunnels through the SOCKS5 server with credentials", async () => {
    const t = transport({ protocol: "socks5", host: "127.0.0.1", port: socks.port, username: "sam", password: "pw" });
    const res = await t.send({ path: "/voyager/api/me" });
    expect(res.status).toBe(200);
    expect(socks.connects.some((c) => c.startsWith("127.0.0.1:"))).toBe(true);
    await t.close();
  });

  it("wrong SOCKS credentials are PROXY_ERROR", async () => {
    const t = transport({ protocol: "socks5", host: "127.0.0.1", port: socks.port, username: "sam", password: "bad" });
    const error = await t.send({ path: "/voyager/api/me" }).catch((e: unknown) => e);
    expect(isWelinkError(error) && error.code).toBe("PROXY_ERROR");
    expect(socks.authFailures).toBeGreaterThan(0);
    await t.close();
  });

  it("a stopped SOCKS5 server is PROXY_ERROR", async () => {
    const gone = await startSocks5();
    const port = gone.port;
    await gone.close();
    const t = transport({ protocol: "socks5", host: "127.0.0.1", port });
    const error = await t.send({ path: "/voyager/api/me" }).catch((e: unknown) => e);
    expect(isWelinkError(error) && error.code).toBe("PROXY_ERROR");
    await t.close();
  });
});
