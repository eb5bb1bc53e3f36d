import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_TOTP_SECRET } from "../../src/sandbox/generator/personas.ts";
import { totpCode } from "../../src/sandbox/world/totp.ts";
import { startTestWelink, type TestWelink } from "../support/welink.ts";

/**
 * Authenticator-app (TOTP) two-step login end to end: `login_v2` through welink's public
 * API against the embedded sandbox's `totp@` persona, whose every login is an
 * AUTHENTICATOR_APP challenge. welink computes the code on real time, as an authenticator
 * app would, while the sandbox's world clock starts in January 2026: the sandbox accepts a
 * code right for either, so this works without touching the world's clock.
 */
const EMAIL = "totp@sandbox.welink.dev";
let w: TestWelink;

beforeAll(async () => {
  w = await startTestWelink();
}, 60_000);
afterAll(() => w?.close());

describe("TOTP login through the API", () => {
  it("login_v2 with two_fa_secret answers the challenge by itself: SUCCESS, then ACTIVE", async () => {
    const ack = await w.api("login_v2", {
      email: EMAIL,
      password: "sandbox-password",
      proxy: { location: "US" },
      two_fa_secret: PERSONA_TOTP_SECRET,
    });
    expect(ack.status).toBe(200);
    const event = await w.receiver.forRequest(String(ack.body.requestId));
    expect(event.body.status).toBe("SUCCESS");
    const result = event.body.result as Record<string, unknown>;
    expect(result.accountId).toBe(ack.body.accountId);
    expect(result.first_name).toBe("Toby");
    expect(String(result.profile_id)).toMatch(/^ACoAA/);

    const details = await w.api("get_ln_account_details", { accountId: ack.body.accountId });
    expect(details.status).toBe(200);
    expect(details.body.status).toBe("ACTIVE");
  });

  it("without two_fa_secret the login waits for the code (PIN_REQUIRED); a wrong one is INVALID_PIN, the app's code finishes it", async () => {
    const ack = await w.api("login_v2", { email: EMAIL, password: "sandbox-password", proxy: { location: "US" } });
    expect(ack.status).toBe(200);
    const first = await w.receiver.forRequest(String(ack.body.requestId));
    expect(first.body.status).toBe("PIN_REQUIRED");
    const pending = await w.api("get_ln_account_details", { accountId: ack.body.accountId });
    expect(pending.body.status).toBe("PIN_REQUIRED");

    // The email PIN of pin@ is no answer to an authenticator challenge.
    const wrong = await w.api("login_code", {
      accountId: ack.body.accountId,
      code: "424242",
      requestId: ack.body.requestId,
    });
    expect((await w.receiver.forRequest(String(wrong.body.requestId))).body.status).toBe("INVALID_PIN");

    const right = await w.api("login_code", {
      accountId: ack.body.accountId,
      code: totpCode(PERSONA_TOTP_SECRET, Date.now()),
      requestId: ack.body.requestId,
    });
    expect((await w.receiver.forRequest(String(right.body.requestId))).body.status).toBe("SUCCESS");
    const details = await w.api("get_ln_account_details", { accountId: ack.body.accountId });
    expect(details.body.status).toBe("ACTIVE");
  });
});
