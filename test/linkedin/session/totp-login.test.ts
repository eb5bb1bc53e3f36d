/**
 * The authenticator-app (TOTP) challenge over real sockets. This test serves the few
 * LinkedIn pages of that flow itself (so LinkedIn can revoke every session at will),
 * shaped as voyager.md §1.3–1.4 describes them — the sandbox's `totp@` persona serves the
 * same shape, end to end in test/e2e/totp.test.ts — and checks that the
 * driver answers the challenge with the RFC 6238 code of the stored secret, both at login
 * and when a dead session is brought back.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../../src/lib/clock.ts";
import { SessionManager } from "../../../src/linkedin/index.ts";
import { totp } from "../../../src/linkedin/session/totp.ts";
import { openStore } from "../../../src/store/open.ts";
import type { Store } from "../../../src/store/types.ts";

const SECRET = "JBSWY3DPEHPK3PXP";
const ME = "ACoAABtotpMember";
let server: Server;
let base: string;
let store: Store;
let dir: string;
const tokens = new Set<string>();
const pins: string[] = [];

async function body(req: IncomingMessage): Promise<URLSearchParams> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return new URLSearchParams(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", base);
  const cookies = Object.fromEntries(
    (req.headers.cookie ?? "").split("; ").map((c) => c.split("=") as [string, string]),
  );
  if (url.pathname === "/uas/authenticate" && req.method === "GET") {
    res.writeHead(200, {
      "set-cookie": 'JSESSIONID="ajax:1111111111111111111"; Path=/',
      "content-type": "application/json",
    });
    res.end("{}");
  } else if (url.pathname === "/uas/authenticate") {
    const form = await body(req);
    if (form.get("session_password") !== "pw") {
      res.writeHead(401, { "content-type": "application/json" });
      res.end('{"login_result":"BAD_USERNAME_OR_PASSWORD"}');
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ login_result: "CHALLENGE", challenge_url: `${base}/checkpoint/challenge/c1` }));
  } else if (url.pathname === "/checkpoint/challenge/c1") {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(`<!DOCTYPE html><form action="/checkpoint/challenge/verify" method="POST">
      <input type="hidden" name="csrfToken" value="ajax:1111111111111111111">
      <input type="hidden" name="challengeId" value="c1">
      <input type="hidden" name="challengeType" value="AUTHENTICATOR_APP">
      <input name="pin" type="text"></form>`);
  } else if (url.pathname === "/checkpoint/challenge/verify") {
    const form = await body(req);
    const pin = form.get("pin") ?? "";
    pins.push(pin);
    // Like LinkedIn, accept the previous 30-second step too (the code may cross a boundary in flight).
    if (
      form.get("challengeId") !== "c1" ||
      ![totp(SECRET, Date.now()), totp(SECRET, Date.now() - 30_000)].includes(pin)
    ) {
      res.writeHead(200, { "content-type": "text/html" });
      res.end('<span class="form__label--error">wrong code</span>');
      return;
    }
    const token = `AQED${randomUUID()}`;
    tokens.add(token);
    res.writeHead(302, {
      location: "/feed/",
      "set-cookie": [`li_at=${token}; Path=/; HttpOnly`, 'JSESSIONID="ajax:2222222222222222222"; Path=/'],
    });
    res.end();
  } else if (url.pathname === "/voyager/api/me") {
    if (!tokens.has(cookies.li_at ?? "")) {
      res.writeHead(302, {
        location: "/uas/login?session_redirect=%2Fvoyager",
        "set-cookie": "li_at=delete me; Path=/; Max-Age=0",
      });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        $type: "com.linkedin.voyager.common.Me",
        plainId: 4242,
        premiumSubscriber: false,
        miniProfile: {
          firstName: "Tot",
          lastName: "P",
          dashEntityUrn: `urn:li:fsd_profile:${ME}`,
          publicIdentifier: "tot-p",
        },
      }),
    );
  } else {
    res.writeHead(404);
    res.end();
  }
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  dir = mkdtempSync(join(tmpdir(), "welink-totp-"));
  store = await openStore({ dataDir: dir, masterKey: randomBytes(32) });
  await store.migrate();
  await store.createWorkspace({ id: "w", name: "w", createdAt: Date.now() });
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("TOTP two-step verification", () => {
  it("answers the authenticator challenge at login, and again when the session dies", async () => {
    const sessions = new SessionManager({ baseUrl: base, store, clock: systemClock });
    const accountId = randomUUID();
    await store.createAccount({
      id: accountId,
      workspaceId: "w",
      email: "t@x.dev",
      status: "LOGGING_IN",
      proxy: null,
      secrets: {},
      now: Date.now(),
    });
    const outcome = await sessions.loginPassword(accountId, {
      email: "t@x.dev",
      password: "pw",
      two_fa_secret: SECRET,
    });
    expect(outcome.status).toBe("SUCCESS");
    expect(pins).toHaveLength(1);
    const client = await sessions.client(accountId);
    tokens.clear(); // LinkedIn revokes every session
    expect((await client.me.identity()).profileId).toBe(ME);
    expect(pins).toHaveLength(2);
    expect((await store.getAccount(accountId))?.status).toBe("ACTIVE");
    await sessions.close();
  });

  it("without a stored secret the same challenge is PIN_REQUIRED, and the code can be given by hand", async () => {
    const sessions = new SessionManager({ baseUrl: base, store, clock: systemClock });
    const accountId = randomUUID();
    await store.createAccount({
      id: accountId,
      workspaceId: "w",
      email: "t@x.dev",
      status: "LOGGING_IN",
      proxy: null,
      secrets: {},
      now: Date.now(),
    });
    expect((await sessions.loginPassword(accountId, { email: "t@x.dev", password: "pw" })).status).toBe("PIN_REQUIRED");
    const done = await sessions.loginCode(accountId, totp(SECRET, Date.now()));
    expect(done.status).toBe("SUCCESS");
    await sessions.close();
  });
});
