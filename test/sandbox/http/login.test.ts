import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { Client, control, loggedIn, NORMALIZED, PIN, persona } from "./client.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 7, members: 300 });
});
afterAll(() => sandbox.close());

describe("login", () => {
  it("PASS sets li_at and a fresh JSESSIONID, and /me answers the member", async () => {
    const client = new Client(sandbox.url);
    const first = await client.get("/uas/authenticate");
    expect(first.status).toBe(200);
    const anonymous = client.jar.get("JSESSIONID");
    expect(anonymous).toMatch(/^"ajax:\d{19}"$/);
    const reply = await client.login(persona("ada"));
    expect(reply.json).toEqual({ login_result: "PASS" });
    expect(client.jar.get("li_at")).toBeTruthy();
    expect(client.jar.get("JSESSIONID")).not.toBe(anonymous);
    const me = await client.get("/voyager/api/me", NORMALIZED);
    expect(me.status).toBe(200);
    expect(me.json.data.$type).toBe("com.linkedin.voyager.common.Me");
    const urn = me.json.data["*miniProfile"];
    expect(urn).toMatch(/^urn:li:fs_miniProfile:ACoAA/);
    const mini = me.json.included.find((e: { entityUrn: string }) => e.entityUrn === urn);
    expect(mini.firstName).toBe("Ada");
    expect(mini.dashEntityUrn).toMatch(/^urn:li:fsd_profile:ACoAA/);
    const flat = await client.get("/voyager/api/me");
    expect(flat.json.miniProfile.publicIdentifier).toBe(mini.publicIdentifier);
  });

  it("a wrong password is 401 BAD_USERNAME_OR_PASSWORD", async () => {
    const reply = await new Client(sandbox.url).login(persona("ada"), "nope");
    expect(reply.status).toBe(401);
    expect(reply.json.login_result).toBe("BAD_USERNAME_OR_PASSWORD");
  });

  it("the form JSESSIONID must match the cookie", async () => {
    const client = new Client(sandbox.url);
    await client.get("/uas/authenticate");
    const reply = await client.send("POST", "/uas/authenticate", {
      form: { session_key: persona("ada"), session_password: "sandbox-password", JSESSIONID: "ajax:1" },
    });
    expect(reply.status).toBe(403);
  });

  it("a restricted member gets login_result RESTRICTED and no li_at", async () => {
    const client = new Client(sandbox.url);
    const reply = await client.login(persona("restricted"));
    expect(reply.json.login_result).toBe("RESTRICTED");
    expect(client.jar.has("li_at")).toBe(false);
  });

  it("pin@ gets CHALLENGE; the web path with the PIN ends with li_at", async () => {
    const client = new Client(sandbox.url);
    const auth = await client.login(persona("pin"));
    expect(auth.json.login_result).toBe("CHALLENGE");
    expect(auth.json.challenge_url).toContain("/checkpoint/challenge/");

    const loginPage = await client.get("/uas/login");
    const loginCsrfParam = /name="loginCsrfParam" value="([^"]+)"/.exec(loginPage.text)?.[1];
    expect(loginCsrfParam).toBeTruthy();
    const challenge = await client.send("POST", "/checkpoint/lg/login-submit", {
      form: { session_key: persona("pin"), session_password: "sandbox-password", loginCsrfParam: loginCsrfParam ?? "" },
    });
    expect(challenge.status).toBe(200);
    const inputs = Object.fromEntries(
      [...challenge.text.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );
    expect(inputs.challengeType).toBe("EMAIL_PIN");
    expect(client.jar.has("li_at")).toBe(false);

    const wrong = await client.send("POST", "/checkpoint/challenge/verify", {
      form: { ...inputs, pin: "000000", language: "en-US" },
    });
    expect(wrong.status).toBe(200);
    expect(wrong.text).toContain("form__label--error");

    const right = await client.send("POST", "/checkpoint/challenge/verify", {
      form: { ...inputs, pin: PIN, language: "en-US" },
    });
    expect(right.status).toBe(302);
    expect(right.headers.location).toBe("/feed/");
    expect(client.jar.get("li_at")).toBeTruthy();
    const me = await client.get("/voyager/api/me");
    expect(me.json.miniProfile.firstName).toBeTruthy();
  });

  it("the wrong login on the web path shows the error on the login page", async () => {
    const client = new Client(sandbox.url);
    const page = await client.get("/uas/login");
    const token = /name="loginCsrfParam" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
    const reply = await client.send("POST", "/checkpoint/lg/login-submit", {
      form: { session_key: persona("ada"), session_password: "wrong", loginCsrfParam: token },
    });
    expect(reply.text).toContain('id="error-for-password"');
  });

  it("blank@ gets /me without a mini profile; me_without_id drops the ids", async () => {
    const blank = await loggedIn(sandbox.url, persona("blank"));
    const me = await blank.get("/voyager/api/me", NORMALIZED);
    expect(me.json.data["*miniProfile"]).toBeUndefined();
    expect(me.json.data.miniProfile).toBeUndefined();
    expect(me.json.included).toEqual([]);

    const grace = await loggedIn(sandbox.url, persona("grace"));
    await control(sandbox.url, "POST", "/faults", { kind: "me_without_id", member: persona("grace"), count: 1 });
    const noId = await grace.get("/voyager/api/me");
    expect(noId.json.miniProfile.firstName).toBe("Grace");
    expect(noId.json.miniProfile.dashEntityUrn).toBeUndefined();
    const again = await grace.get("/voyager/api/me");
    expect(again.json.miniProfile.dashEntityUrn).toMatch(/^urn:li:fsd_profile:/);
  });
});

describe("session and CSRF", () => {
  it("refuses a missing or wrong csrf-token with 403 CSRF check failed.", async () => {
    const client = await loggedIn(sandbox.url, persona("linus"));
    const wrong = await client.send("GET", "/voyager/api/me", {
      headers: { "csrf-token": "ajax:0000000000000000000" },
    });
    expect(wrong.status).toBe(403);
    expect(wrong.text).toBe("CSRF check failed.");
    const missing = await client.send("GET", "/voyager/api/me", { headers: { "csrf-token": "" } });
    expect(missing.status).toBe(403);
  });

  it("requires x-restli-protocol-version 2.0.0", async () => {
    const client = await loggedIn(sandbox.url, persona("linus"));
    const reply = await client.send("GET", "/voyager/api/me", { headers: { "x-restli-protocol-version": "1.0.0" } });
    expect(reply.status).toBe(400);
    expect(reply.json.code).toBe("INVALID_RESTLI_PROTOCOL_VERSION");
  });

  it("no li_at is 401; an unknown li_at is 401 with li_at=delete me", async () => {
    const client = new Client(sandbox.url);
    await client.get("/uas/authenticate");
    const none = await client.get("/voyager/api/me");
    expect(none.status).toBe(401);
    client.jar.set("li_at", "AQEDnotatoken");
    const unknown = await client.get("/voyager/api/me");
    expect(unknown.status).toBe(401);
    expect(String(unknown.headers["set-cookie"])).toContain("li_at=delete me");
  });

  it("a revoked session is a 302 to /uas/login with li_at=delete me, and stays dead", async () => {
    const client = await loggedIn(sandbox.url, persona("margaret"));
    const liAt = client.jar.get("li_at");
    const revoke = await control(sandbox.url, "POST", "/sessions/revoke", { member: persona("margaret") });
    expect(revoke.json.revoked).toBeGreaterThanOrEqual(1);
    const reply = await client.get("/voyager/api/me");
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toMatch(/^\/uas\/login\?session_redirect=/);
    expect(String(reply.headers["set-cookie"])).toContain("li_at=delete me");
    client.jar.set("li_at", liAt ?? "");
    expect((await client.get("/voyager/api/me")).status).toBe(302);
  });

  it("logout revokes the session", async () => {
    const client = await loggedIn(sandbox.url, persona("admin"));
    const liAt = client.jar.get("li_at") ?? "";
    const out = await client.get(`/uas/logout?csrfToken=${encodeURIComponent(client.csrf())}`);
    expect(out.status).toBe(302);
    client.jar.set("li_at", liAt);
    expect((await client.get("/voyager/api/me")).status).toBe(302);
  });
});

describe("faults", () => {
  it("checkpoint: 302 to /checkpoint/challenge/, then the next login needs the PIN", async () => {
    const client = await loggedIn(sandbox.url, persona("grace"));
    await control(sandbox.url, "POST", "/faults", { kind: "checkpoint", member: persona("grace"), count: 1 });
    const reply = await client.get("/voyager/api/me");
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toMatch(/^\/checkpoint\/challenge\//);
    const again = await new Client(sandbox.url).login(persona("grace"));
    expect(again.json.login_result).toBe("CHALLENGE");
  });

  it("410 on a path, 999, 5xx, and 429 without a code", async () => {
    const client = await loggedIn(sandbox.url, persona("linus"));
    expect((await client.get("/voyager/api/identity/profiles/ada/profileView")).status).toBe(410);
    await control(sandbox.url, "POST", "/faults", { kind: "gone", path: "/voyager/api/me", count: 1 });
    expect((await client.get("/voyager/api/me")).status).toBe(410);
    await control(sandbox.url, "POST", "/faults", { kind: "999", member: persona("linus"), count: 1 });
    expect((await client.get("/voyager/api/me")).status).toBe(999);
    await control(sandbox.url, "POST", "/faults", { kind: "5xx", status: 502, member: persona("linus"), count: 1 });
    expect((await client.get("/voyager/api/me")).status).toBe(502);
    await control(sandbox.url, "POST", "/faults", { kind: "429", member: persona("linus"), count: 1 });
    const limited = await client.get("/voyager/api/me");
    expect(limited.status).toBe(429);
    expect(limited.json.code).toBeUndefined();
    expect((await client.get("/voyager/api/me")).status).toBe(200);
  });

  it("restriction answers 403 ACCOUNT_RESTRICTED", async () => {
    const victim = (await control(sandbox.url, "GET", "/members?count=1&start=20")).json.elements[0];
    const client = await loggedIn(sandbox.url, victim.email);
    await control(sandbox.url, "POST", "/faults", { kind: "restriction", member: victim.email });
    const reply = await client.get("/voyager/api/me", NORMALIZED);
    expect(reply.status).toBe(403);
    expect(reply.json.data.code).toBe("ACCOUNT_RESTRICTED");
  });
});

it("a checkpoint injected for a member with no session makes the next login ask for the PIN", async () => {
  await control(sandbox.url, "POST", "/faults", { kind: "checkpoint", member: persona("admin"), count: 1 });
  const reply = await new Client(sandbox.url).login(persona("admin"));
  expect(reply.json.login_result).toBe("CHALLENGE");
  await control(sandbox.url, "DELETE", "/faults");
});

it("an li_at older than a year answers 401 with li_at=delete me", async () => {
  const client = await loggedIn(sandbox.url, persona("linus"));
  await control(sandbox.url, "POST", "/clock", { advance: "366d" });
  const reply = await client.get("/voyager/api/me");
  expect(reply.status).toBe(401);
  expect(String(reply.headers["set-cookie"])).toContain("li_at=delete me");
  const fresh = await loggedIn(sandbox.url, persona("linus"));
  expect((await fresh.get("/voyager/api/me")).status).toBe(200);
});
