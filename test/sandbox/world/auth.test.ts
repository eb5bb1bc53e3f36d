import { describe, expect, it } from "vitest";
import { DAY } from "../../../src/sandbox/world/clock.ts";
import { World } from "../../../src/sandbox/world/world.ts";
import { expectRefusal, persona, smallWorld } from "./support.ts";

describe("world clock", () => {
  it("is set and advanced by the caller only", () => {
    const world = new World({ start: 1_000 });
    expect(world.now()).toBe(1_000);
    world.advance(DAY);
    expect(world.now()).toBe(1_000 + DAY);
    world.setTime(5);
    expect(world.now()).toBe(5);
  });
});

describe("members and identifiers", () => {
  const world = smallWorld();

  it("has every persona with its email, tier and flags", () => {
    expect(persona(world, "ada").email).toBe("ada@sandbox.welink.dev");
    expect(persona(world, "ada").tier).toBe("free");
    expect(persona(world, "grace").tier).toBe("premium");
    expect(persona(world, "linus").tier).toBe("sales_navigator");
    expect(persona(world, "margaret").tier).toBe("recruiter");
    expect(persona(world, "margaret").recruiterContracts).toHaveLength(2);
    expect(persona(world, "pin").needsPin).toBe(true);
    expect(persona(world, "restricted").restricted).toBe(true);
    expect(persona(world, "blank").blankMe).toBe(true);
  });

  it("gives LinkedIn-shaped ids, stable for a member", () => {
    const ada = persona(world, "ada");
    expect(ada.profileId).toMatch(/^ACoAA[A-Za-z0-9_-]{34}$/);
    expect(ada.salesId).toMatch(/^ACwAA/);
    expect(ada.recruiterId).toMatch(/^AEMAA/);
    expect(persona(smallWorld(99), "ada").profileId).toBe(ada.profileId);
  });

  it("resolves the profile references people paste", () => {
    const ada = persona(world, "ada");
    const refs = [
      "ada-lovelace",
      "https://www.linkedin.com/in/ada-lovelace/",
      "linkedin.com/in/ada-lovelace",
      "https://fr.linkedin.com/in/Ada-Lovelace?trk=foo",
      "in/ada-lovelace",
      ada.profileId,
      `urn:li:fsd_profile:${ada.profileId}`,
      `urn:li:fs_miniProfile:${ada.profileId}`,
      `urn:li:member:${ada.memberId}`,
      `https://www.linkedin.com/in/${ada.profileId}`,
      `https://www.linkedin.com/sales/lead/${ada.salesId},NAME_SEARCH,abc`,
      `https://www.linkedin.com/talent/profile/${ada.recruiterId}`,
    ];
    for (const ref of refs) expect(world.members.resolve(ref).memberId, ref).toBe(ada.memberId);
  });

  it("tells a malformed reference from a missing member", () => {
    expectRefusal(() => world.members.resolve("https://example.com/in/ada"), "404_PROFILE_ID");
    expectRefusal(() => world.members.resolve("https://www.linkedin.com/company/x"), "404_PROFILE_ID");
    expectRefusal(() => world.members.resolve("urn:li:foo:1"), "404_PROFILE_ID");
    expectRefusal(() => world.members.resolve("nobody-here-xyz"), "PROFILE_NOT_FOUND");
  });
});

describe("authentication", () => {
  const world = smallWorld();

  it("refuses a wrong password and an unknown email", () => {
    expectRefusal(() => world.sessions.login("ada@sandbox.welink.dev", "nope"), "WRONG_PASSWORD");
    expectRefusal(() => world.sessions.login("who@sandbox.welink.dev", "sandbox-password"), "WRONG_PASSWORD");
  });

  it("issues a session on the right password, and revokes it", () => {
    const out = world.sessions.login("ADA@sandbox.welink.dev", "sandbox-password");
    expect(out.kind).toBe("PASS");
    if (out.kind !== "PASS") return;
    expect(out.session.jsessionId).toMatch(/^ajax:\d{19}$/);
    expect(world.sessions.active(out.session.liAt)?.memberId).toBe(out.member.memberId);
    world.sessions.revoke(out.session.liAt);
    expect(world.sessions.active(out.session.liAt)).toBeUndefined();
    expect(world.sessions.get(out.session.liAt)?.revoked).toBe(true);
  });

  it("lets every generated member log in", () => {
    const m = world.members.list[50]!;
    expect(world.sessions.login(m.email, "sandbox-password").kind).toBe("PASS");
  });

  it("asks pin@ for a PIN, refuses a wrong one, accepts 424242", () => {
    const out = world.sessions.login("pin@sandbox.welink.dev", "sandbox-password");
    expect(out.kind).toBe("CHALLENGE");
    if (out.kind !== "CHALLENGE") return;
    expectRefusal(() => world.sessions.verifyPin(out.challengeId, "000000"), "WRONG_PIN");
    const { session } = world.sessions.verifyPin(out.challengeId, "424242");
    expect(world.sessions.active(session.liAt)).toBeDefined();
    expectRefusal(() => world.sessions.verifyPin(out.challengeId, "424242"), "CHALLENGE_NOT_FOUND");
  });

  it("refuses the restricted persona", () => {
    expectRefusal(
      () => world.sessions.login("restricted@sandbox.welink.dev", "sandbox-password"),
      "ACCOUNT_RESTRICTED",
    );
  });

  it("keeps one Recruiter session at a time", () => {
    const a = world.sessions.issue(persona(world, "margaret").memberId);
    const b = world.sessions.issue(persona(world, "margaret").memberId);
    world.sessions.startRecruiter(a.liAt);
    world.sessions.requireRecruiter(a.liAt);
    expectRefusal(() => world.sessions.startRecruiter(b.liAt), "RECRUITER_ACKNOWLEDGEMENT_REQUIRED");
    world.sessions.startRecruiter(b.liAt, true);
    expectRefusal(() => world.sessions.requireRecruiter(a.liAt), "RECRUITER_AUTH_REQUIRED");
    world.sessions.requireRecruiter(b.liAt);
    const ada = world.sessions.issue(persona(world, "ada").memberId);
    expectRefusal(() => world.sessions.startRecruiter(ada.liAt), "RECRUITER_LOGIN_SUBMISSION_FAILED");
  });
});
