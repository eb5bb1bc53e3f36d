import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { connectionsOf, type Json, memberOf, relaxBursts, strangersOf, success, verified, worldOf } from "./support.ts";

/**
 * Connections end to end: each endpoint through the public API, its result read from the
 * signed webhook, checked against what the sandbox LinkedIn holds afterwards. welink's clock
 * is the system's plus an offset the acceptance test moves (acceptance checks run hours apart).
 */
const ADA = "ada@sandbox.welink.dev";
let offset = 0;
const clock = { now: () => Date.now() + offset };

describe("connections end to end (SQLite)", () => {
  let w: TestWelink;
  let ada: string;
  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite", clock });
    await relaxBursts(w);
    ada = await w.login(ADA);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  it("connect sends an invitation that LinkedIn lists as sent", async () => {
    const [target] = strangersOf(w, ADA, 1, 0);
    const result = await success(w, "connect", { accountId: ada, profile_id: target!.profileId, message: "Hello" });
    expect(result).toMatchObject({ connected: true, profile_id: target!.profileId });
    expect(String(result.invitation_id)).toMatch(/\d+/);
    const pending = worldOf(w).invitations.pendingBetween(memberOf(w, ADA).memberId, target!.memberId);
    expect(pending?.status).toBe("pending");
    expect(pending?.message).toBe("Hello");
  });

  it("get_connection_status reads CONNECTED, PENDING and NOT_CONNECTED from LinkedIn", async () => {
    const [pendingTo, stranger] = strangersOf(w, ADA, 2, 10);
    await success(w, "connect", { accountId: ada, profile_id: pendingTo!.profileId });
    const pending = await success(w, "get_connection_status", {
      accountId: ada,
      profile_url: `https://www.linkedin.com/in/${pendingTo!.publicIdentifier}/`,
    });
    expect(pending).toMatchObject({ connection_status: "PENDING", profile_id: pendingTo!.profileId });
    expect(pending.invitation_id).toBeTruthy();

    const friend = connectionsOf(w, ADA)[0]!;
    const connected = await success(w, "get_connection_status", { accountId: ada, profile_id: friend.profileId });
    expect(connected).toMatchObject({
      connection_status: "CONNECTED",
      profile_id: friend.profileId,
      invitation_id: null,
    });

    const none = await success(w, "get_connection_status", { accountId: ada, profile_id: stranger!.profileId });
    expect(none).toMatchObject({ connection_status: "NOT_CONNECTED", profile_id: stranger!.profileId });
  });

  it("pending_invites lists the invitations ada sent", async () => {
    const result = await success(w, "pending_invites", { accountId: ada });
    const invitations = result.invitations as Json[];
    expect(invitations.length).toBeGreaterThan(0);
    for (const i of invitations)
      expect(Object.keys(i).sort()).toEqual(["invitation_id", "message", "profile_id", "sent_at"]);
    const mine = worldOf(w).invitations.sent(memberOf(w, ADA).memberId);
    const ids = new Set(invitations.map((i) => i.profile_id));
    for (const inv of mine.slice(0, invitations.length))
      expect(ids.has(worldOf(w).members.require(inv.toId).profileId)).toBe(true);
  });

  it("withdraw_invite withdraws by profile and by invitation id", async () => {
    const [a, b] = strangersOf(w, ADA, 2, 20);
    await success(w, "connect", { accountId: ada, profile_id: a!.profileId });
    const sentB = await success(w, "connect", { accountId: ada, profile_id: b!.profileId });
    const byProfile = await success(w, "withdraw_invite", { accountId: ada, profile_id: a!.profileId });
    expect(byProfile).toMatchObject({ withdrawn: true, profile_id: a!.profileId });
    const byId = await success(w, "withdraw_invite", { accountId: ada, invitation_id: sentB.invitation_id });
    expect(byId).toMatchObject({ withdrawn: true, invitation_id: sentB.invitation_id });
    const me = memberOf(w, ADA).memberId;
    expect(worldOf(w).invitations.pendingBetween(me, a!.memberId)).toBeUndefined();
    expect(worldOf(w).invitations.pendingBetween(me, b!.memberId)).toBeUndefined();
  });

  it("connections pages through ada's connections with the API's fields", async () => {
    const first = await success(w, "connections", { accountId: ada, count: 40 });
    const list = first.connections as Json[];
    expect(list).toHaveLength(40);
    expect(Object.keys(list[0]!).sort()).toEqual(
      ["connected_at", "first_name", "headline", "last_name", "profile_id", "public_identifier"].sort(),
    );
    expect(typeof first.next_cursor).toBe("string");
    const second = await success(w, "connections", { accountId: ada, cursor: first.next_cursor, count: 40 });
    const overlap = (second.connections as Json[]).filter((c) => list.some((d) => d.profile_id === c.profile_id));
    expect(overlap).toHaveLength(0);
  });

  it("received_invites, accept_invite and ignore_invite act on invitations ada received", async () => {
    const result = await success(w, "received_invites", { accountId: ada });
    const invitations = result.invitations as Json[];
    expect(invitations.length).toBeGreaterThanOrEqual(2);
    expect(invitations[0]).toHaveProperty("invitation_id");
    expect(invitations[0]).not.toHaveProperty("shared_secret");
    const [one, two] = invitations;
    const accepted = await success(w, "accept_invite", { accountId: ada, invitation_id: one!.invitation_id });
    expect(accepted).toEqual({ accepted: true, invitation_id: one!.invitation_id });
    const ignored = await success(w, "ignore_invite", { accountId: ada, invitation_id: two!.invitation_id });
    expect(ignored).toEqual({ ignored: true, invitation_id: two!.invitation_id });
    const me = memberOf(w, ADA).memberId;
    const from = worldOf(w).members.byProfileId(String(one!.profile_id))!;
    expect(worldOf(w).graph.areConnected(me, from.memberId)).toBe(true);
  });

  it("disconnect removes a first-degree connection", async () => {
    const friend = connectionsOf(w, ADA)[3]!;
    const result = await success(w, "disconnect", { accountId: ada, profile_id: friend.profileId });
    expect(result).toEqual({ disconnected: true, profile_id: friend.profileId });
    expect(worldOf(w).graph.areConnected(memberOf(w, ADA).memberId, friend.memberId)).toBe(false);
  });

  it("fires connection_accepted once when the invitee accepts an invitation sent through welink", async () => {
    const [target] = strangersOf(w, ADA, 1, 30);
    await success(w, "connect", { accountId: ada, profile_id: target!.profileId });
    await w.control("POST", "invitations/accept", { from: ADA, to: target!.email });
    offset += 5 * 3_600_000; // the acceptance check runs every 4 hours
    const isIt = (e: { body: Json }) =>
      e.body.event_type === "/api/v1/connection_accepted" && (e.body.result as Json).profile_id === target!.profileId;
    const event = await w.receiver.waitFor(isIt, 15_000);
    const body = await verified(w, event, { movedClock: true });
    expect(body).toMatchObject({ status: "SUCCESS", event: "CONNECTION_ACCEPTED", accountId: ada });
    expect(body.result).toMatchObject({ profile_id: target!.profileId, first_name: target!.firstName });
    offset += 5 * 3_600_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.receiver.events.filter(isIt)).toHaveLength(1);
  });
});
