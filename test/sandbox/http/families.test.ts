/** Each endpoint family's envelope and refusals over HTTP (profiles, content, companies, groups, events, views). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PERSONA_COMPANIES } from "../../../src/sandbox/generator/personas.ts";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { type Client, control, enc, loggedIn, NORMALIZED, persona } from "./client.ts";

let sandbox: Sandbox;
let ada: Client;
let grace: Client;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42 });
  ada = await loggedIn(sandbox.url, persona("ada"));
  grace = await loggedIn(sandbox.url, persona("grace"));
});
afterAll(() => sandbox.close());

const member = (email: string) => {
  const m = sandbox.world.members.byEmailAddress(email);
  if (!m) throw new Error(email);
  return m;
};
const urnOf = (email: string) => `urn:li:fsd_profile:${member(email).profileId}`;
const firstConnection = async (client: Client, i = 0) =>
  (await client.get(`/voyager/api/relationships/dash/connections?q=search&start=${i}&count=1`)).json.elements[0]
    .connectedMemberResolutionResult;

describe("profiles", () => {
  it("memberIdentity finder: normalized *elements → included Profile; unknown → empty; malformed → 400", async () => {
    const vanity = member(persona("grace")).publicIdentifier;
    const reply = await ada.get(
      `/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=${vanity}&decorationId=com.linkedin.voyager.dash.deco.identity.profile.FullProfileWithEntities-93`,
      NORMALIZED,
    );
    expect(reply.status).toBe(200);
    const [urn] = reply.json.data["*elements"];
    expect(urn).toBe(urnOf(persona("grace")));
    const profile = reply.json.included.find((e: { entityUrn: string }) => e.entityUrn === urn);
    expect(profile.$type).toBe("com.linkedin.voyager.dash.identity.profile.Profile");
    expect(profile.firstName).toBe("Grace");
    expect(profile.$recipeTypes).toEqual([]);
    const unknown = await ada.get(
      "/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=nobody-here-xyz",
    );
    expect(unknown.json.elements).toEqual([]);
    expect(unknown.json.paging.total).toBe(0);
    const malformed = await ada.get(
      `/voyager/api/identity/dash/profiles?q=memberIdentity&memberIdentity=${enc("a b/c")}`,
    );
    expect(malformed.status).toBe(400);
    const byUrn = await ada.get(`/voyager/api/identity/dash/profiles/${enc("urn:li:fsd_profile:ACoAAnobody")}`);
    expect(byUrn.status).toBe(404);
  });

  it("GraphQL profile, legacy profileView 410, views recorded for the target", async () => {
    const vanity = member(persona("grace")).publicIdentifier;
    const gql = await ada.get(
      `/voyager/api/graphql?variables=(memberIdentity:${vanity})&queryId=voyagerIdentityDashProfiles.51ff9aaa53b15ecb2525bf84f837a655`,
    );
    expect(gql.json.data.identityDashProfilesByMemberIdentity.elements[0]._type).toBe(
      "com.linkedin.voyager.dash.identity.profile.Profile",
    );
    const legacy = await ada.get(`/voyager/api/identity/profiles/${vanity}/profileView`);
    expect(legacy.status).toBe(410);
    const views = await grace.get("/voyager/api/identity/wvmpCards");
    const card =
      views.json.elements[0].value["com.linkedin.voyager.identity.me.wvmpOverview.WvmpViewersCard"].insightCards[0]
        .value["com.linkedin.voyager.identity.me.wvmpOverview.WvmpSummaryInsightCard"];
    expect(card.numViews).toBeGreaterThan(0);
    expect(card.viewers[0].profile.firstName).toBe("Ada");
    await control(sandbox.url, "POST", "/faults", { kind: "total_count", member: persona("grace"), count: 1 });
    const failed = await grace.get("/voyager/api/identity/wvmpCards");
    expect(failed.status).toBe(500);
    expect(failed.json.code).toBe("TOTAL_COUNT_FAILED");
  });

  it("contact info for a connection; hidden from a stranger (403); skills and endorse", async () => {
    const friend = await firstConnection(ada);
    const info = await ada.get(`/voyager/api/identity/profiles/${friend.publicIdentifier}/profileContactInfo`);
    if (info.status === 200) expect(info.json.emailAddress).toContain("@");
    else expect(info.json.code).toBe("CONTACT_INFO_FETCH_FAILED");
    const adaVanity = member(persona("ada")).publicIdentifier;
    const stranger = await loggedIn(sandbox.url, persona("linus"));
    const hidden = await stranger.get(`/voyager/api/identity/profiles/${adaVanity}/profileContactInfo`);
    expect(hidden.status).toBe(403);
    expect(hidden.json.code).toBe("CONTACT_INFO_FETCH_FAILED");

    const skills = await ada.get(`/voyager/api/identity/profiles/${friend.publicIdentifier}/skills?count=100&start=0`);
    expect(skills.status).toBe(200);
    const skill = skills.json.elements[0];
    if (skill) {
      const ok = await ada.post(`/voyager/api/identity/profiles/${friend.publicIdentifier}/normEndorsements`, {
        skill: { name: skill.name },
      });
      expect(ok.status).toBe(201);
    }
    const notConnected = await stranger.post(`/voyager/api/identity/profiles/${adaVanity}/normEndorsements`, {
      skill: { name: "Mathematics" },
    });
    expect(notConnected.status).toBe(400);
    expect(notConnected.json.code).toBe("NOT_CONNECTED");
  });

  it("follows a member and refuses a senseless follow (BAD_REQUEST)", async () => {
    const target = member(persona("linus"));
    const path = `/voyager/api/feed/dash/followingStates/${enc(`urn:li:fsd_followingState:urn:li:member:${target.memberId}`)}`;
    expect((await ada.post(path, { patch: { $set: { following: true } } })).status).toBe(204);
    const twice = await ada.post(path, { patch: { $set: { following: true } } });
    expect(twice.status).toBe(400);
    expect(twice.json.code).toBe("BAD_REQUEST");
    const info = await ada.get(`/voyager/api/identity/profiles/${target.publicIdentifier}/networkinfo`);
    expect(info.json.following).toBe(true);
  });
});

describe("content", () => {
  const SHARE =
    "/voyager/api/graphql?action=execute&queryId=voyagerContentcreationDashShares.cbf49ff0771393a25e88852932dde0f9";
  const share = (text: string, media?: unknown) => ({
    variables: {
      post: {
        commentary: { text, attributesV2: [] },
        visibilityDataUnion: { visibilityType: "ANYONE" },
        allowedCommentersScope: "ALL",
        intendedShareLifeCycleState: "PUBLISHED",
        origin: "FEED",
        ...(media ? { media } : {}),
      },
    },
    queryId: "voyagerContentcreationDashShares.cbf49ff0771393a25e88852932dde0f9",
    includeWebMetadata: true,
  });
  const register = async (client: Client, mediaUploadType: string, filename: string, fileSize: number) =>
    client.post("/voyager/api/voyagerVideoDashMediaUploadMetadata?action=upload", {
      mediaUploadType,
      fileSize,
      filename,
    });
  const put = (url: string, bytes: number) => fetch(url, { method: "PUT", body: Buffer.alloc(bytes, 1) });

  it("posts text; an empty post is 200 with errors NO_CONTENT_OR_MEDIA; posts list, react, comment", async () => {
    const created = await ada.post(SHARE, share("Hello sandbox"));
    expect(created.status).toBe(200);
    const activity = created.json.data.createContentcreationDashShares.entity.activityUrn;
    expect(activity).toMatch(/^urn:li:activity:\d{19}$/);

    const emptyPost = await ada.post(SHARE, share(""), NORMALIZED);
    expect(emptyPost.status).toBe(200);
    expect(emptyPost.json.data.errors[0].extensions.code).toBe("NO_CONTENT_OR_MEDIA");

    const posts = await ada.get(
      `/voyager/api/identity/profileUpdatesV2?q=memberShareFeed&moduleKey=member-shares:phone&profileUrn=${enc(urnOf(persona("ada")))}&start=0&count=10`,
    );
    expect(posts.json.elements[0].updateMetadata.urn).toBe(activity);
    const feed = await ada.get("/voyager/api/feed/updatesV2?q=chronFeed&start=0&count=5", NORMALIZED);
    expect(feed.json.data["*elements"].length).toBeGreaterThan(0);
    expect(feed.json.data["*elements"][0]).toMatch(/^urn:li:fs_updateV2:\(urn:li:activity:\d+,/);

    const react = await grace.post(`/voyager/api/voyagerSocialDashReactions?threadUrn=${enc(activity)}`, {
      reactionType: "PRAISE",
    });
    expect(react.status).toBe(201);
    expect(react.headers["x-restli-id"]).toContain(activity);
    const list = await ada.get(`/voyager/api/voyagerSocialDashReactions?q=reactionType&threadUrn=${enc(activity)}`);
    expect(list.json.elements[0].reactionType).toBe("PRAISE");
    const missing = await grace.post(
      `/voyager/api/voyagerSocialDashReactions?threadUrn=${enc("urn:li:activity:7000000000000000001")}`,
      { reactionType: "LIKE" },
    );
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe("NO_ACTIVITY_FOUND");

    const comment = await grace.post(
      "/voyager/api/voyagerSocialDashNormComments?decorationId=com.linkedin.voyager.dash.deco.social.NormComment-43",
      { commentary: { text: "Nice", attributesV2: [] }, threadUrn: activity },
      NORMALIZED,
    );
    expect(comment.status).toBe(201);
    expect(comment.json.data.entityUrn).toMatch(/^urn:li:fsd_comment:\(\d+,urn:li:activity:\d+\)$/);
    const comments = await ada.get(`/voyager/api/feed/comments?q=comments&updateId=${activity.replace("urn:li:", "")}`);
    expect(comments.json.elements[0].commentary.text).toBe("Nice");
  });

  it("uploads media; video processing, multi-selection and size refusals; normShares and delete", async () => {
    const tooBig = await register(ada, "IMAGE_SHARING", "big.png", 11 * 1024 * 1024);
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.code).toBe("MEDIA_UPLOAD_FAILED");
    const image = await register(ada, "IMAGE_SHARING", "a.png", 1000);
    expect(image.status).toBe(200);
    expect((await put(image.json.value.singleUploadUrl, 1000)).status).toBe(201);
    const video = await register(ada, "VIDEO_SHARING", "v.mp4", 2000);
    expect((await put(video.json.value.singleUploadUrl, 2000)).status).toBe(201);
    const videoUrn = video.json.value.urn;

    const both = await ada.post(
      SHARE,
      share("two", [
        { category: "IMAGE", mediaUrn: image.json.value.urn },
        { category: "VIDEO", mediaUrn: videoUrn },
      ]),
    );
    expect(both.json.errors[0].extensions.code).toBe("MULTI_SELECTION_NOT_ALLOWED");
    const processing = await ada.post(SHARE, share("video", { category: "VIDEO", mediaUrn: videoUrn }));
    expect(processing.json.errors[0].extensions.code).toBe("POST_MEDIA_STILL_PROCESSING");
    await control(sandbox.url, "POST", "/clock", { advance: "21s" });
    const ready = await ada.post(SHARE, share("video", { category: "VIDEO", mediaUrn: videoUrn }));
    expect(ready.json.data.createContentcreationDashShares.resourceKey).toMatch(/^urn:li:share:/);

    const notUploaded = await register(ada, "IMAGE_SHARING", "b.png", 10);
    const refused = await ada.post(SHARE, share("x", { category: "IMAGE", mediaUrn: notUploaded.json.value.urn }));
    expect(refused.json.errors[0].extensions.code).toBe("MEDIA_UPLOAD_FAILED");

    const legacy = await ada.post("/voyager/api/contentcreation/normShares", {
      commentaryV2: { text: "legacy", attributes: [] },
      visibleToConnectionsOnly: false,
      origin: "FEED",
      allowedCommentersScope: "ALL",
      postState: "PUBLISHED",
    });
    expect(legacy.status).toBe(201);
    const shareUrn = legacy.headers["x-restli-id"] as string;
    expect((await grace.send("DELETE", `/voyager/api/contentcreation/normShares/${enc(shareUrn)}`)).status).toBe(403);
    expect((await ada.send("DELETE", `/voyager/api/contentcreation/normShares/${enc(shareUrn)}`)).status).toBe(204);
    expect((await ada.send("DELETE", `/voyager/api/contentcreation/normShares/${enc(shareUrn)}`)).status).toBe(404);
  });
});

describe("companies", () => {
  it("by vanity, by id, an empty page, unknown vanity, follow", async () => {
    const widgets = sandbox.world.companies.require(PERSONA_COMPANIES.widgets);
    const found = await ada.get(
      `/voyager/api/organization/companies?decorationId=com.linkedin.voyager.deco.organization.web.WebFullCompanyMain-12&q=universalName&universalName=${widgets.universalName}`,
      NORMALIZED,
    );
    const company = found.json.included.find(
      (e: { entityUrn: string }) => e.entityUrn === found.json.data["*elements"][0],
    );
    expect(company.name).toBe(widgets.name);
    expect(company.followingInfo.followerCount).toBeGreaterThan(0);
    const none = await ada.get("/voyager/api/organization/companies?q=universalName&universalName=no-such-page-xyz");
    expect(none.json.elements).toEqual([]);
    const emptyPage = sandbox.world.companies.require(PERSONA_COMPANIES.empty);
    const empty = await ada.get(`/voyager/api/organization/companies/${emptyPage.id}`);
    expect(empty.json.name).toBeUndefined();
    expect(empty.json.universalName).toBe(emptyPage.universalName);
    expect((await ada.get("/voyager/api/organization/companies/999999999")).status).toBe(404);
    const follow = `/voyager/api/feed/dash/followingStates/${enc(`urn:li:fsd_followingState:urn:li:company:${widgets.id}`)}`;
    const first = await ada.post(follow, { patch: { $set: { following: !company.followingInfo.following } } });
    expect(first.status).toBe(204);
  });

  it("follow invitations: FORBIDDEN for non-admins, TOO_MANY_FOLLOWERS, credits for admins", async () => {
    const admin = await loggedIn(sandbox.url, persona("admin"));
    const friend = await firstConnection(admin);
    const invite = (client: Client, company: number) =>
      client.post("/voyager/api/voyagerOrganizationDashPageFollowInvitations?action=invite", {
        organizationUrn: `urn:li:fsd_company:${company}`,
        inviteeUrns: [friend.entityUrn],
      });
    const forbidden = await invite(ada, PERSONA_COMPANIES.widgets);
    expect(forbidden.status).toBe(403);
    expect(forbidden.json.code).toBe("FORBIDDEN");
    const big = await invite(admin, PERSONA_COMPANIES.global);
    expect(big.json.code).toBe("TOO_MANY_FOLLOWERS");
    const ok = await invite(admin, PERSONA_COMPANIES.widgets);
    expect(ok.status).toBe(200);
    expect(ok.json.value.creditsRemaining).toBeLessThanOrEqual(250);
  });
});

describe("groups and events", () => {
  it("my groups, one group, members over GraphQL, non-member refusals", async () => {
    const mine = await ada.get(
      `/voyager/api/voyagerGroupsDashGroups?decorationId=com.linkedin.voyager.dash.deco.groups.GroupListingPage-2&q=member&membershipStatuses=List(MEMBER,MANAGER,OWNER)&profileUrn=${enc(urnOf(persona("ada")))}&start=0&count=10`,
    );
    const group = mine.json.elements[0];
    expect(group.entityUrn).toMatch(/^urn:li:fsd_group:\d+$/);
    expect((await ada.get(`/voyager/api/voyagerGroupsDashGroups/${enc(group.entityUrn)}`)).json.name).toBe(group.name);
    const membersPath = `/voyager/api/graphql?variables=(groupUrn:${enc(group.entityUrn)},filters:List(),typeaheadQuery:'',start:0,count:10,membershipStatuses:List(OWNER,MANAGER,MEMBER))&queryId=voyagerGroupsDashGroupMemberships.20062896345f13151e9f11305e92ce87`;
    const members = await ada.get(membersPath);
    expect(members.json.data.groupsDashGroupMembershipsByTypeahead.paging.total).toBe(group.memberCount);
    const outsider = sandbox.world.members.list.find(
      (m) =>
        m.tier === "free" &&
        !sandbox.world.groups.get(Number(group.entityUrn.split(":").pop()))?.memberIds.has(m.memberId) &&
        m.memberId > 200000,
    );
    const other = await loggedIn(sandbox.url, outsider?.email ?? "");
    const refused = await other.get(membersPath);
    expect(refused.status).toBe(200);
    expect(refused.json.errors[0].extensions.code).toBe("UNAUTHORIZED_VIEWER");
    const groupRefused = await other.get(`/voyager/api/voyagerGroupsDashGroups/${enc(group.entityUrn)}`);
    expect(groupRefused.status).toBe(403);
    expect(groupRefused.json.code).toBe("NO_GROUP_DATA");
  });

  it("one event, a private one refused, an unknown one empty, invitations", async () => {
    const world = sandbox.world;
    const eventPath = (id: number) =>
      `/voyager/api/graphql?includeWebMetadata=true&variables=(eventIdentifier:${id})&queryId=voyagerEventsDashProfessionalEvents.8146a3fd6f0178673d394dcafc1bc175`;
    const pub = world.events.list.find((e) => !e.private);
    const priv = world.events.list.find(
      (e) =>
        e.private &&
        !e.attendeeIds.has(member(persona("ada")).memberId) &&
        !e.invitations.has(member(persona("ada")).memberId),
    );
    const one = await ada.get(eventPath(pub?.id ?? 0), NORMALIZED);
    expect(one.json.data.data.eventsDashProfessionalEventsByEventIdentifier["*elements"]).toHaveLength(1);
    if (priv) {
      const refused = await ada.get(eventPath(priv.id));
      expect(refused.json.errors[0].extensions.code).toBe("EVENT_FETCH_FAILED");
    }
    const unknown = await ada.get(eventPath(987654321));
    expect(unknown.json.data.eventsDashProfessionalEventsByEventIdentifier.elements).toEqual([]);
    const mine = await ada.get("/voyager/api/voyagerEventsDashProfessionalEvents?q=viewerEvents&start=0&count=10");
    expect(mine.status).toBe(200);
    const missing = await ada.post("/voyager/api/voyagerEventsDashEventInvitations?action=invite", {
      eventUrn: "urn:li:fsd_professionalEvent:987654321",
      inviteeUrns: [],
    });
    expect(missing.status).toBe(404);
    expect(missing.json.code).toBe("EVENT_NOT_FOUND");
  });

  it("celebrations today answer a collection", async () => {
    const reply = await ada.get(
      "/voyager/api/relationships/dash/celebrations?q=today&occasionTypes=List(BIRTHDAY,WORK_ANNIVERSARY,JOB_CHANGE)",
    );
    expect(reply.status).toBe(200);
    expect(Array.isArray(reply.json.elements)).toBe(true);
  });
});
