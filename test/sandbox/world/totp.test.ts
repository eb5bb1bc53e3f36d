import { describe, expect, it } from "vitest";
import { totp as driverTotp } from "../../../src/linkedin/session/totp.ts";
import { PERSONA_TOTP_SECRET } from "../../../src/sandbox/generator/personas.ts";
import { base32Decode, totpCode, totpValid } from "../../../src/sandbox/world/totp.ts";
import { expectRefusal, persona, smallWorld } from "./support.ts";

/** RFC 6238 appendix B's SHA-1 key, "12345678901234567890", in base32. */
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP (RFC 6238, SHA-1, 6 digits, 30 s)", () => {
  it("gives the RFC's test vectors (last six digits)", () => {
    expect(base32Decode(RFC_SECRET).toString()).toBe("12345678901234567890");
    expect(totpCode(RFC_SECRET, 59_000)).toBe("287082");
    expect(totpCode(RFC_SECRET, 1_111_111_109_000)).toBe("081804");
    expect(totpCode(RFC_SECRET, 1_234_567_890_000)).toBe("005924");
    expect(totpCode(RFC_SECRET, 2_000_000_000_000)).toBe("279037");
  });

  it("agrees with the code welink's driver computes", () => {
    for (const t of [0, 29_999, 30_000, Date.UTC(2026, 0, 5, 9), Date.UTC(2026, 10, 26, 8, 0, 17)]) {
      expect(totpCode(PERSONA_TOTP_SECRET, t)).toBe(driverTotp(PERSONA_TOTP_SECRET, t));
    }
  });

  it("accepts the current step and one either side, nothing further or malformed", () => {
    const t = Date.UTC(2026, 0, 5, 9, 0, 10);
    const code = (ms: number) => totpCode(PERSONA_TOTP_SECRET, ms);
    expect(totpValid(PERSONA_TOTP_SECRET, code(t), t)).toBe(true);
    expect(totpValid(PERSONA_TOTP_SECRET, code(t - 30_000), t)).toBe(true);
    expect(totpValid(PERSONA_TOTP_SECRET, code(t + 30_000), t)).toBe(true);
    expect(totpValid(PERSONA_TOTP_SECRET, code(t - 60_000), t)).toBe(false);
    expect(totpValid(PERSONA_TOTP_SECRET, code(t + 60_000), t)).toBe(false);
    expect(totpValid(PERSONA_TOTP_SECRET, "12345", t)).toBe(false);
    expect(totpValid(PERSONA_TOTP_SECRET, "abcdef", t)).toBe(false);
  });
});

describe("the authenticator-app persona", () => {
  it("totp@ has the documented secret and no PIN", () => {
    const world = smallWorld();
    const totp = persona(world, "totp");
    expect(totp.email).toBe("totp@sandbox.welink.dev");
    expect(totp.totpSecret).toBe("JBSWY3DPEHPK3PXP");
    expect(totp.needsPin).toBe(false);
    expect(persona(world, "pin").totpSecret).toBeNull();
  });

  it("every login is an AUTHENTICATOR_APP challenge answered by the code on the world's clock", () => {
    const world = smallWorld();
    const login = () => {
      const outcome = world.sessions.login("totp@sandbox.welink.dev", "sandbox-password");
      if (outcome.kind !== "CHALLENGE") throw new Error("expected a challenge");
      expect(world.sessions.challengeType(outcome.challengeId)).toBe("AUTHENTICATOR_APP");
      return outcome.challengeId;
    };
    const now = world.now();

    // Right code: a session.
    const first = login();
    const { member, session } = world.sessions.verifyPin(first, totpCode(PERSONA_TOTP_SECRET, now));
    expect(member.email).toBe("totp@sandbox.welink.dev");
    expect(world.sessions.active(session.liAt)?.memberId).toBe(member.memberId);
    expect(world.sessions.challengeType(first)).toBeUndefined();

    // The email PIN and codes two steps off are wrong; the challenge stays usable.
    const second = login();
    expectRefusal(() => world.sessions.verifyPin(second, world.settings.pin), "WRONG_PIN");
    expectRefusal(() => world.sessions.verifyPin(second, totpCode(PERSONA_TOTP_SECRET, now - 60_000)), "WRONG_PIN");
    expectRefusal(() => world.sessions.verifyPin(second, totpCode(PERSONA_TOTP_SECRET, now + 60_000)), "WRONG_PIN");
    // One step behind the world's clock (a code that crossed a boundary) still passes.
    expect(world.sessions.verifyPin(second, totpCode(PERSONA_TOTP_SECRET, now - 30_000)).session).toBeTruthy();

    // One step ahead too, and the world's clock is what counts, not the real one.
    world.advance(3_600_000);
    const third = login();
    expectRefusal(() => world.sessions.verifyPin(third, totpCode(PERSONA_TOTP_SECRET, now)), "WRONG_PIN");
    expect(world.sessions.verifyPin(third, totpCode(PERSONA_TOTP_SECRET, world.now() + 30_000)).session).toBeTruthy();
  });

  it("five wrong codes void the challenge, as five wrong PINs do", () => {
    const world = smallWorld();
    const outcome = world.sessions.login("totp@sandbox.welink.dev", "sandbox-password");
    if (outcome.kind !== "CHALLENGE") throw new Error("expected a challenge");
    for (let i = 0; i < 5; i++)
      expectRefusal(() => world.sessions.verifyPin(outcome.challengeId, "000000"), "WRONG_PIN");
    expectRefusal(
      () => world.sessions.verifyPin(outcome.challengeId, totpCode(PERSONA_TOTP_SECRET, world.now())),
      "CHALLENGE_NOT_FOUND",
    );
  });
});
