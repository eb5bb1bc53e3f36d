import { describe, expect, it } from "vitest";
import { bareWorld, expectRefusal } from "./support.ts";

function withCompany(extraFollowers = 0) {
  const world = bareWorld(20, { start: Date.UTC(2026, 0, 10) });
  world.companies.add({
    id: 500,
    universalName: "acme",
    name: "Acme",
    industry: "Software Development",
    industryId: 4,
    description: "",
    staffCount: 10,
    extraFollowers,
    empty: false,
    adminIds: [1],
    followerIds: [2],
  });
  for (let id = 2; id <= 20; id++) world.graph.connect(1, id, 0);
  return world;
}

describe("companies", () => {
  it("resolves vanity, URLs and URNs; tells malformed from unknown", () => {
    const world = withCompany();
    for (const ref of [
      "acme",
      "company/acme",
      "https://www.linkedin.com/company/acme/",
      "urn:li:fsd_company:500",
      "500",
    ]) {
      expect(world.companies.resolve(ref).id).toBe(500);
    }
    expectRefusal(() => world.companies.resolve("nope-co"), "COMPANY_ID_NOT_FOUND");
    expectRefusal(() => world.companies.resolve("urn:li:fsd_company:9"), "404_COMPANY");
    expectRefusal(() => world.companies.resolve("https://example.com/x y"), "INVALID_COMPANY_URL");
  });

  it("a page with nothing to show → NO_COMPANY_DATA", () => {
    const world = withCompany();
    world.companies.require(500).empty = true;
    expectRefusal(() => world.companies.view(500), "NO_COMPANY_DATA");
  });

  it("follow and unfollow; senseless changes are BAD_REQUEST", () => {
    const world = withCompany();
    world.companies.follow(3, 500);
    expectRefusal(() => world.companies.follow(3, 500), "BAD_REQUEST");
    world.companies.unfollow(3, 500);
    expectRefusal(() => world.companies.unfollow(3, 500), "BAD_REQUEST");
  });

  it("follow invitations: admins only, 250 credits a month, none over 5,000 followers", () => {
    const world = withCompany();
    expectRefusal(() => world.companies.inviteToFollow(2, 500, [3]), "FORBIDDEN");
    const out = world.companies.inviteToFollow(1, 500, [2, 3, 4]);
    expect(out.invited).toEqual([3, 4]);
    expect(out.skipped).toEqual([2]);
    expect(world.companies.creditsLeft(500)).toBe(248);
    world.companies.require(500).inviteCreditsUsed.set("2026-01", 249);
    expectRefusal(() => world.companies.inviteToFollow(1, 500, [5, 6]), "INSUFFICIENT_CREDITS");
    world.setTime(Date.UTC(2026, 1, 1));
    expect(world.companies.creditsLeft(500)).toBe(250);
    expect(world.companies.inviteToFollow(1, 500, [5, 6]).invited).toEqual([5, 6]);
    world.companies.require(500).extraFollowers = 5000;
    expectRefusal(() => world.companies.inviteToFollow(1, 500, [7]), "TOO_MANY_FOLLOWERS");
  });
});

describe("groups", () => {
  it("non-members get NO_GROUP_DATA", () => {
    const world = bareWorld(3);
    world.groups.add({ id: 1, name: "G", description: "", createdAt: 0, memberIds: [1] });
    expect(world.groups.view(1, 1).name).toBe("G");
    expectRefusal(() => world.groups.view(2, 1), "NO_GROUP_DATA");
    expectRefusal(() => world.groups.view(1, 99), "NO_GROUP_DATA");
    world.groups.join(2, 1);
    expect(world.groups.membersOf(2, 1).sort()).toEqual([1, 2]);
  });
});

describe("events", () => {
  it("EVENT_NOT_FOUND, EVENT_FETCH_FAILED for private ones, CANNOT_INVITE when disabled", () => {
    const world = bareWorld(5);
    world.graph.connect(2, 3, 0);
    world.graph.connect(1, 3, 0);
    world.events.add({ id: 1, name: "Open", description: "", startsAt: 0, organizerIds: [1], attendeeIds: [2] });
    world.events.add({
      id: 2,
      name: "Closed",
      description: "",
      startsAt: 0,
      organizerIds: [1],
      attendeeIds: [2],
      invitesEnabled: false,
    });
    world.events.add({ id: 3, name: "Private", description: "", startsAt: 0, organizerIds: [1], private: true });
    expectRefusal(() => world.events.view(2, 99), "EVENT_NOT_FOUND");
    expectRefusal(() => world.events.view(2, 3), "EVENT_FETCH_FAILED");
    expect(world.events.view(1, 3).name).toBe("Private");
    expect(world.events.invite(2, 1, [3])).toEqual([3]);
    expectRefusal(() => world.events.invite(2, 2, [3]), "CANNOT_INVITE");
    expect(world.events.invite(1, 2, [3])).toEqual([3]);
    expectRefusal(() => world.events.invite(2, 1, [4]), "NOT_CONNECTED");
    world.events.invite(1, 3, [3]);
    expect(world.events.view(3, 3).name).toBe("Private");
  });
});
