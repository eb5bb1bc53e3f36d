import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_TOTP_SECRET } from "../../../src/sandbox/generator/personas.ts";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { totpCode } from "../../../src/sandbox/world/totp.ts";
import { Client, control, PIN, persona } from "./client.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  // A frozen clock: the world's time, which the code is checked against, moves only when told.
  sandbox = await startSandbox({ seed: 7, members: 300, liveClock: false });
});
afterAll(() => sandbox.close());

const hiddenInputs = (html: string) =>
  Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
  ) as Record<string, string>;

describe("authenticator-app (TOTP) login of totp@", () => {
  it("mobile auth answers CHALLENGE; the challenge page asks for AUTHENTICATOR_APP; the right code ends with li_at", async () => {
    const client = new Client(sandbox.url);
    const auth = await client.login(persona("totp"));
    expect(auth.status).toBe(200);
    expect(auth.json.login_result).toBe("CHALLENGE");
    expect(client.jar.has("li_at")).toBe(false);
    const page = await client.get(new URL(auth.json.challenge_url).pathname);
    expect(page.status).toBe(200);
    expect(page.text).toContain('action="/checkpoint/challenge/verify"');
    expect(page.text).toContain('name="pin"');
    const inputs = hiddenInputs(page.text);
    expect(inputs.challengeType).toBe("AUTHENTICATOR_APP");
    expect(inputs.challengeId).toBe(new URL(auth.json.challenge_url).pathname.split("/").at(-1));

    // The email PIN is not the answer; a wrong code answers like a wrong PIN.
    for (const pin of [PIN, "000000"]) {
      const wrong = await client.send("POST", "/checkpoint/challenge/verify", {
        form: { ...inputs, pin, language: "en-US" },
      });
      expect(wrong.status).toBe(200);
      expect(wrong.text).toContain("form__label--error");
      expect(hiddenInputs(wrong.text).challengeType).toBe("AUTHENTICATOR_APP");
      expect(client.jar.has("li_at")).toBe(false);
    }

    const now = Number((await control(sandbox.url, "GET", "/clock")).json.now);
    const right = await client.send("POST", "/checkpoint/challenge/verify", {
      form: { ...inputs, pin: totpCode(PERSONA_TOTP_SECRET, now), language: "en-US" },
    });
    expect(right.status).toBe(302);
    expect(right.headers.location).toBe("/feed/");
    expect(client.jar.get("li_at")).toBeTruthy();
    const me = await client.get("/voyager/api/me");
    expect(me.json.miniProfile.firstName).toBe("Toby");
  });

  it("the web path serves the same challenge; a code one step off passes, two steps off does not", async () => {
    const client = new Client(sandbox.url);
    const loginPage = await client.get("/uas/login");
    const loginCsrfParam = /name="loginCsrfParam" value="([^"]+)"/.exec(loginPage.text)?.[1] ?? "";
    const challenge = await client.send("POST", "/checkpoint/lg/login-submit", {
      form: { session_key: persona("totp"), session_password: "sandbox-password", loginCsrfParam },
    });
    expect(challenge.status).toBe(200);
    const inputs = hiddenInputs(challenge.text);
    expect(inputs.challengeType).toBe("AUTHENTICATOR_APP");

    const now = Number((await control(sandbox.url, "POST", "/clock", { advance: "1h" })).json.now);
    const stale = await client.send("POST", "/checkpoint/challenge/verify", {
      form: { ...inputs, pin: totpCode(PERSONA_TOTP_SECRET, now - 60_000), language: "en-US" },
    });
    expect(stale.status).toBe(200);
    expect(stale.text).toContain("form__label--error");
    const late = await client.send("POST", "/checkpoint/challenge/verify", {
      form: { ...inputs, pin: totpCode(PERSONA_TOTP_SECRET, now - 30_000), language: "en-US" },
    });
    expect(late.status).toBe(302);
    expect(late.headers.location).toBe("/feed/");
    expect(client.jar.get("li_at")).toBeTruthy();
  });

  it("pin@ still gets the EMAIL_PIN challenge", async () => {
    const client = new Client(sandbox.url);
    const auth = await client.login(persona("pin"));
    const page = await client.get(new URL(auth.json.challenge_url).pathname);
    expect(hiddenInputs(page.text).challengeType).toBe("EMAIL_PIN");
  });
});
