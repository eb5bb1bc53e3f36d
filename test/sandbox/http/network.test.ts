import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { type Client, control, enc, loggedIn, NORMALIZED, persona } from "./client.ts";

let sandbox: Sandbox;
let ada: Client;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42 });
  ada = await loggedIn(sandbox.url, persona("ada"));
});
afterAll(() => sandbox.close());

const INVITE = "/voyager/api/voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreateV2";

describe("connections", () => {
  it("pages ada's 150 connections, newest first, profiles in included", async () => {
    const path = (start: number) =>
      `/voyager/api/relationships/dash/connections?decorationId=com.linkedin.voyager.dash.deco.web.mynetwork.ConnectionListWithProfile-16&q=search&sortType=RECENTLY_ADDED&start=${start}&count=40`;
    const first = await ada.get(path(0), NORMALIZED);
    expect(first.status).toBe(200);
    expect(first.json.data.paging).toMatchObject({ start: 0, count: 40, total: 150 });
    const refs: string[] = first.json.data["*elements"];
    expect(refs).toHaveLength(40);
    const conn = first.json.included.find((e: { entityUrn: string }) => e.entityUrn === refs[0]);
    expect(conn.$type).toBe("com.linkedin.voyager.dash.relationships.Connection");
    const profile = first.json.included.find(
      (e: { entityUrn: string }) => e.entityUrn === conn["*connectedMemberResolutionResult"],
    );
    expect(profile.memberRelationship.memberRelationshipUnion.connection.createdAt).toBe(conn.createdAt);
    const last = await ada.get(path(120));
    expect(last.json.elements).toHaveLength(30);
    const times = last.json.elements.map((c: { createdAt: number }) => c.createdAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("a finder that does not exist is 400", async () => {
    const reply = await ada.get("/voyager/api/relationships/dash/connections?q=nope");
    expect(reply.status).toBe(400);
  });
});

describe("invitations", () => {
  it("lists received invitations and accepts one with its sharedSecret", async () => {
    const received = await ada.get(
      "/voyager/api/relationships/invitationViews?q=receivedInvitation&start=0&count=20",
      NORMALIZED,
    );
    expect(received.status).toBe(200);
    const views = received.json.data["*elements"] as string[];
    expect(views.length).toBeGreaterThan(0);
    const view = received.json.included.find((e: { entityUrn: string }) => e.entityUrn === views[0]);
    const inv = received.json.included.find((e: { entityUrn: string }) => e.entityUrn === view["*invitation"]);
    expect(inv.invitationType).toBe("CONNECTION");
    const before = (await ada.get("/voyager/api/relationships/dash/connections?q=search&count=1")).json.paging.total;

    const wrong = await ada.post(
      `/voyager/api/voyagerRelationshipsDashInvitations/${enc(inv.dashEntityUrn)}?action=accept`,
      {
        invitationType: "CONNECTION",
        sharedSecret: "wrong",
      },
    );
    expect(wrong.status).toBe(400);
    const ok = await ada.post(
      `/voyager/api/voyagerRelationshipsDashInvitations/${enc(inv.dashEntityUrn)}?action=accept`,
      {
        invitationType: "CONNECTION",
        sharedSecret: inv.sharedSecret,
      },
    );
    expect(ok.status).toBe(200);
    const after = (await ada.get("/voyager/api/relationships/dash/connections?q=search&count=1")).json.paging.total;
    expect(after).toBe(before + 1);
    const twice = await ada.post(
      `/voyager/api/voyagerRelationshipsDashInvitations/${enc(inv.dashEntityUrn)}?action=accept`,
      {
        sharedSecret: inv.sharedSecret,
      },
    );
    expect(twice.status).toBe(404);
  });

  it("refuses a pending invitation, an existing connection and an unknown invitee", async () => {
    const conns = await ada.get("/voyager/api/relationships/dash/connections?q=search&count=1");
    const friend = conns.json.elements[0].connectedMemberResolutionResult.entityUrn;
    const connected = await ada.post(INVITE, { invitee: { inviteeUnion: { memberProfile: friend } } });
    expect(connected.status).toBe(409);
    expect(connected.json.code).toBe("ALREADY_CONNECTED");

    const sent = await ada.get(
      "/voyager/api/relationships/sentInvitationViewsV2?invitationType=CONNECTION&q=invitationType",
    );
    const pendingTo = sent.json.elements[0].invitation.toMember.dashEntityUrn;
    const pending = await ada.post(INVITE, { invitee: { inviteeUnion: { memberProfile: pendingTo } } });
    expect(pending.json.code).toBe("PENDING_INVITE");

    const nobody = await ada.post(INVITE, {
      invitee: { inviteeUnion: { memberProfile: "urn:li:fsd_profile:ACoAAnobody" } },
    });
    expect(nobody.status).toBe(404);
    expect(nobody.json.code).toBe("PROFILE_NOT_FOUND");

    const withdrawUnknown = await ada.post(
      `/voyager/api/voyagerRelationshipsDashInvitations/${enc("urn:li:fsd_invitation:999999999")}?action=withdraw`,
      { invitationType: "CONNECTION" },
    );
    expect(withdrawUnknown.status).toBe(404);
    expect(withdrawUnknown.json.code).toBe("NO_INVITATION_FOUND");
  });

  it("the control API accepts as the invitee; the profile then shows a connection", async () => {
    const world = sandbox.world;
    const adaId = world.members.byEmailAddress(persona("ada"))?.memberId ?? 0;
    const target = world.members.list.find(
      (m) =>
        m.memberId > 200000 &&
        !m.restricted &&
        !world.graph.areConnected(adaId, m.memberId) &&
        !world.invitations.pendingBetween(adaId, m.memberId),
    ) as { profileId: string };
    const sent = await ada.post(INVITE, {
      invitee: { inviteeUnion: { memberProfile: `urn:li:fsd_profile:${target.profileId}` } },
    });
    expect(sent.status).toBe(200);
    const profile = await ada.get(
      `/voyager/api/identity/dash/profiles/${enc(`urn:li:fsd_profile:${target.profileId}`)}`,
    );
    expect(
      profile.json.memberRelationship.memberRelationshipUnion.noConnection.invitationUnion.invitation.inviter,
    ).toBe("SELF");
    const accepted = await control(sandbox.url, "POST", "/invitations/accept", {
      invitationUrn: sent.json.value.invitationUrn,
    });
    expect(accepted.json.accepted).toBe(true);
    const after = await ada.get(`/voyager/api/identity/dash/profiles/${enc(`urn:li:fsd_profile:${target.profileId}`)}`);
    expect(after.json.memberRelationship.memberRelationshipUnion.connection).toBeDefined();
  });

  it("the weekly limit answers 429 FUSE_LIMIT_EXCEEDED; silent drops never reach the sent list", async () => {
    const small = await startSandbox({ seed: 3, members: 400, settings: { weeklyInvitesFree: 30 } });
    try {
      const list = await control(small.url, "GET", "/members?tier=free&start=10&count=60");
      const [sender, ...others] = list.json.elements as { email: string; profileId: string }[];
      const client = await loggedIn(small.url, sender?.email ?? "");
      await control(small.url, "POST", "/settings", { burstRequestsPerMinute: 10_000 });
      const urns: string[] = [];
      const invite = (profileId: string) =>
        client.post(INVITE, { invitee: { inviteeUnion: { memberProfile: `urn:li:fsd_profile:${profileId}` } } });
      let i = 0;
      let refused: Awaited<ReturnType<typeof invite>> | undefined;
      while (i < others.length && !refused) {
        const r = await invite(others[i++]?.profileId ?? "");
        if (r.status === 200) urns.push(r.json.value.invitationUrn);
        else refused = r;
      }
      expect(refused?.status).toBe(429);
      expect(refused?.json.code).toBe("FUSE_LIMIT_EXCEEDED");
      expect(urns).toHaveLength(30);
      const sent = await client.get(
        "/voyager/api/relationships/sentInvitationViewsV2?invitationType=CONNECTION&q=invitationType&count=100",
      );
      const listed = new Set(
        sent.json.elements.map((v: { invitation: { dashEntityUrn: string } }) => v.invitation.dashEntityUrn),
      );
      const dropped = urns.filter((u) => !listed.has(u));
      expect(dropped.length).toBeGreaterThan(0);
      expect(sent.json.paging.total).toBe(30 - dropped.length);
      // Two more FUSE answers make three in 24 h; acting again restricts the account.
      expect((await invite(others[i++]?.profileId ?? "")).json.code).toBe("FUSE_LIMIT_EXCEEDED");
      expect((await invite(others[i++]?.profileId ?? "")).json.code).toBe("FUSE_LIMIT_EXCEEDED");
      const restricted = await invite(others[i++]?.profileId ?? "");
      expect(restricted.status).toBe(403);
      expect(restricted.json.code).toBe("ACCOUNT_RESTRICTED");
      const counters = await control(small.url, "GET", `/counters/${sender?.email}`);
      expect(counters.json.invitationsDropped).toBe(dropped.length);
    } finally {
      await small.close();
    }
  });
});
