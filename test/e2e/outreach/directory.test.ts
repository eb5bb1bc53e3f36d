import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_COMPANIES } from "../../../src/sandbox/generator/index.ts";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { connectionsOf, type Json, memberOf, relaxBursts, success, worldOf } from "./support.ts";

/** Events, company pages and groups end to end. */
const ADA = "ada@sandbox.welink.dev";
const ADMIN = "admin@sandbox.welink.dev";

describe("events, companies and groups end to end (SQLite)", () => {
  let w: TestWelink;
  let ada: string;
  let admin: string;
  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    await relaxBursts(w);
    [ada, admin] = await Promise.all([w.login(ADA), w.login(ADMIN)]);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("events lists the events ada attends or organizes", async () => {
    const result = await success(w, "events", { accountId: ada });
    const ids = (result.events as Json[]).map((e) => e.event_id).sort();
    const mine = worldOf(w)
      .events.ofMember(memberOf(w, ADA).memberId)
      .map((e) => String(e.id))
      .sort();
    expect(ids).toEqual(mine);
  });

  it("get_event_details reads an event by id and by URL", async () => {
    const event = worldOf(w).events.ofMember(memberOf(w, ADA).memberId)[0]!;
    const byId = await success(w, "get_event_details", { accountId: ada, event_id: String(event.id) });
    expect(byId).toMatchObject({ event_id: String(event.id), name: event.name });
    const byUrl = await success(w, "get_event_details", {
      accountId: ada,
      event_url: `https://www.linkedin.com/events/${event.id}/`,
    });
    expect(byUrl.event_id).toBe(String(event.id));
  });

  it("event_invite invites a connection to an event", async () => {
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const event = world.events.ofMember(me).find((e) => e.invitesEnabled && !e.private)!;
    const friend = connectionsOf(w, ADA).find((m) => !event.attendeeIds.has(m.memberId))!;
    const result = await success(w, "event_invite", {
      accountId: ada,
      event_id: String(event.id),
      profile_id: friend.profileId,
    });
    expect(result).toMatchObject({ event_id: String(event.id), sent: 1 });
    expect(world.counters.of(me).eventInvites).toBeGreaterThanOrEqual(1);
  });

  it("get_company_details reads a page by id and by URL", async () => {
    const company = worldOf(w).companies.get(PERSONA_COMPANIES.widgets)!;
    const byId = await success(w, "get_company_details", { accountId: ada, company_id: String(company.id) });
    expect(byId).toMatchObject({ company_id: String(company.id), name: company.name });
    const byUrl = await success(w, "get_company_details", {
      accountId: ada,
      company_url: `https://www.linkedin.com/company/${company.universalName}/`,
    });
    expect(byUrl.company_id).toBe(String(company.id));
  });

  it("follow_company follows and unfollows a page", async () => {
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const id = PERSONA_COMPANIES.global;
    const followed = await success(w, "follow_company", { accountId: ada, company_id: String(id) });
    expect(followed).toEqual({ followed: true, company_id: String(id) });
    expect(world.companies.isFollowing(me, id)).toBe(true);
    const unfollowed = await success(w, "follow_company", { accountId: ada, company_id: String(id), follow: false });
    expect(unfollowed).toEqual({ followed: false, company_id: String(id) });
    expect(world.companies.isFollowing(me, id)).toBe(false);
  });

  it("invite_to_follow_company invites a connection to follow a page admin@ administers", async () => {
    const id = PERSONA_COMPANIES.widgets;
    const world = worldOf(w);
    const friend = connectionsOf(w, ADMIN).find((m) => !world.companies.isFollowing(m.memberId, id))!;
    const before = world.companies.creditsLeft(id);
    const result = await success(w, "invite_to_follow_company", {
      accountId: admin,
      company_id: String(id),
      profile_id: friend.profileId,
    });
    expect(result).toMatchObject({ company_id: String(id), sent: 1, credits_remaining: before - 1 });
  });

  it("groups, get_group_details and group_members read ada's groups", async () => {
    const result = await success(w, "groups", { accountId: ada });
    const groups = result.groups as Json[];
    const mine = worldOf(w).groups.ofMember(memberOf(w, ADA).memberId);
    expect(groups.map((g) => g.group_id).sort()).toEqual(mine.map((g) => String(g.id)).sort());
    const group = mine[0]!;
    const details = await success(w, "get_group_details", { accountId: ada, group_id: String(group.id) });
    expect(details).toMatchObject({ group_id: String(group.id), name: group.name });
    const members = await success(w, "group_members", { accountId: ada, group_id: String(group.id) });
    const list = members.members as Json[];
    expect(list.length).toBeGreaterThan(0);
    expect(members.total).toBe(group.memberIds.size);
    for (const m of list)
      expect(group.memberIds.has(worldOf(w).members.byProfileId(String(m.profile_id))!.memberId)).toBe(true);
  });
});
