import { describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { companyRef } from "../../../src/linkedin/families/companies.ts";
import { eventIdOf } from "../../../src/linkedin/families/events.ts";
import { groupIdOf } from "../../../src/linkedin/families/groups.ts";
import { threadIdOf } from "../../../src/linkedin/families/messaging.ts";
import { activityUrnOf } from "../../../src/linkedin/families/posts.ts";
import { invitationIdOf, parseProfileUrl, profileIdOf, profileRef } from "../../../src/linkedin/families/refs.ts";

const codeOf = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (e) {
    return e instanceof WelinkError ? e.code : String(e);
  }
};

describe("identifiers as users give them", () => {
  it("profile URLs as people paste them", () => {
    for (const url of [
      "https://www.linkedin.com/in/ada-lovelace/",
      "http://linkedin.com/in/ada-lovelace",
      "www.linkedin.com/in/ada-lovelace?trk=abc",
      "https://fr.linkedin.com/in/ada-lovelace/details/",
      "linkedin.com/in/ada-lovelace#x",
    ]) {
      expect(parseProfileUrl(url)).toEqual({ kind: "vanity", vanity: "ada-lovelace" });
    }
    expect(parseProfileUrl("https://www.linkedin.com/in/ACoAAB1234xyz/")).toEqual({ kind: "id", id: "ACoAAB1234xyz" });
    expect(parseProfileUrl("https://www.linkedin.com/in/j%C3%BCrgen-m/")).toEqual({
      kind: "vanity",
      vanity: "jürgen-m",
    });
  });

  it("404_PROFILE_ID for what is not a profile", () => {
    expect(codeOf(() => parseProfileUrl("https://www.linkedin.com/company/acme"))).toBe("404_PROFILE_ID");
    expect(codeOf(() => parseProfileUrl("https://example.com/in/ada"))).toBe("404_PROFILE_ID");
    expect(codeOf(() => parseProfileUrl("https://www.linkedin.com/in/a:b/"))).toBe("404_PROFILE_ID");
    expect(codeOf(() => profileIdOf("12345"))).toBe("404_PROFILE_ID");
    expect(profileIdOf("urn:li:fsd_profile:ACoAAxyz")).toBe("ACoAAxyz");
    expect(profileRef({ public_identifier: "in/ada-l" })).toEqual({ kind: "vanity", vanity: "ada-l" });
    expect(codeOf(() => profileRef({}))).toBe("INVALID_REQUEST");
  });

  it("threads, posts, invitations, companies, groups, events", () => {
    expect(threadIdOf("urn:li:msg_conversation:(urn:li:fsd_profile:ACoA1,2-YWJj==)")).toBe("2-YWJj==");
    expect(threadIdOf("https://www.linkedin.com/messaging/thread/2-YWJj/")).toBe("2-YWJj");
    expect(threadIdOf("2-YWJj")).toBe("2-YWJj");
    expect(activityUrnOf("https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/")).toBe(
      "urn:li:activity:7123456789012345678",
    );
    expect(activityUrnOf("https://www.linkedin.com/posts/ada_hello-activity-7123456789012345678-AbCd")).toBe(
      "urn:li:activity:7123456789012345678",
    );
    expect(codeOf(() => activityUrnOf("hello"))).toBe("NO_ACTIVITY_FOUND");
    expect(invitationIdOf("urn:li:fsd_invitation:7001")).toBe("7001");
    expect(codeOf(() => invitationIdOf("abc"))).toBe("INVITATION_ID_NOT_FOUND");
    expect(companyRef({ company_url: "https://www.linkedin.com/company/acme-corp/about/" })).toEqual({
      kind: "vanity",
      vanity: "acme-corp",
    });
    expect(companyRef({ company_id: "urn:li:fsd_company:1441" })).toEqual({ kind: "id", id: "1441" });
    expect(codeOf(() => companyRef({ company_url: "https://www.linkedin.com/in/ada" }))).toBe("INVALID_COMPANY_URL");
    expect(groupIdOf("https://www.linkedin.com/groups/12345/")).toBe("12345");
    expect(eventIdOf("https://www.linkedin.com/events/ai-meetup-7123/")).toBe("7123");
    expect(eventIdOf("urn:li:fsd_professionalEvent:77")).toBe("77");
  });
});
