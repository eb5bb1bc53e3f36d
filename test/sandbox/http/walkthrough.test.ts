/**
 * The persona walk-through of issue 4, over real HTTP with a plain client: ada logs in,
 * searches people, invites with a note over 200 characters (refused), with a short note,
 * withdraws, re-invites at once (CANT_RESEND_YET), the clock moves 15 days, re-invites.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type Sandbox, startSandbox } from "../../../src/sandbox/index.ts";
import { control, enc, loggedIn, NORMALIZED, persona } from "./client.ts";

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ seed: 42 });
});
afterAll(() => sandbox.close());

const searchPath = (keywords: string, start = 0) =>
  `/voyager/api/graphql?variables=(start:${start},origin:GLOBAL_SEARCH_HEADER,query:(keywords:${enc(keywords)},flagshipSearchIntent:SEARCH_SRP,queryParameters:List((key:resultType,value:List(PEOPLE)),(key:network,value:List(S|O))),includeFiltersInResponse:false))&queryId=voyagerSearchDashClusters.ef3d0937fb65bd7812e32e5a85028e79`;

const INVITE =
  "/voyager/api/voyagerRelationshipsDashMemberRelationships?action=verifyQuotaAndCreateV2&decorationId=com.linkedin.voyager.dash.deco.relationships.InvitationCreationResultWithInvitee-2";

it("ada: search, note too long, invite, withdraw, CANT_RESEND_YET, 15 days later accepted", async () => {
  const ada = await loggedIn(sandbox.url, persona("ada"));

  const found = await ada.get(searchPath("engineer"), NORMALIZED);
  expect(found.status).toBe(200);
  const root = found.json.data.data.searchDashClustersByAll;
  expect(root.paging.total).toBeGreaterThan(10);
  expect(root.paging.total).toBeLessThanOrEqual(1000);
  const itemRef = root.elements[0].items[0].item["*entityResult"];
  const result = found.json.included.find((e: { entityUrn: string }) => e.entityUrn === itemRef);
  expect(result.entityCustomTrackingInfo.memberDistance).toMatch(/DISTANCE_2|DISTANCE_3/);
  const profileUrn = /\((urn:li:fsd_profile:[^,]+),/.exec(result.entityUrn)?.[1] as string;
  expect(profileUrn).toMatch(/^urn:li:fsd_profile:ACoAA/);

  const invitee = { inviteeUnion: { memberProfile: profileUrn } };
  const long = await ada.post(INVITE, { invitee, customMessage: "x".repeat(201) }, NORMALIZED);
  expect(long.status).toBe(400);
  expect(long.json.data.code).toBe("CUSTOM_MESSAGE_TOO_LONG");

  const sent = await ada.post(INVITE, { invitee, customMessage: "Hello, fellow engineer!" }, NORMALIZED);
  expect(sent.status).toBe(200);
  expect(sent.json.data.$type).toBe("com.linkedin.restli.common.ActionResponse");
  const invitationUrn = sent.json.data.value.invitationUrn as string;
  expect(invitationUrn).toMatch(/^urn:li:fsd_invitation:\d+$/);

  const list = await ada.get(
    "/voyager/api/relationships/sentInvitationViewsV2?invitationType=CONNECTION&q=invitationType&start=0&count=50",
  );
  const mine = list.json.elements.find(
    (v: { invitation: { dashEntityUrn: string } }) => v.invitation.dashEntityUrn === invitationUrn,
  );
  expect(mine.invitation.message).toBe("Hello, fellow engineer!");
  expect(mine.invitation.toMember.dashEntityUrn).toBe(profileUrn);

  const withdrawn = await ada.post(
    `/voyager/api/voyagerRelationshipsDashInvitations/${enc(invitationUrn)}?action=withdraw`,
    { invitationType: "CONNECTION" },
  );
  expect(withdrawn.status).toBe(200);

  const again = await ada.post(INVITE, { invitee }, NORMALIZED);
  expect(again.status).toBe(429);
  expect(again.json.data.status).toBe(429);
  expect(again.json.data.code).toBe("CANT_RESEND_YET");

  const clock = await control(sandbox.url, "POST", "/clock", { advance: "15d" });
  expect(clock.status).toBe(200);

  const later = await ada.post(INVITE, { invitee });
  expect(later.status).toBe(200);
  expect(later.json.value.invitationUrn).toMatch(/^urn:li:fsd_invitation:\d+$/);
  expect(later.json.value.invitationUrn).not.toBe(invitationUrn);

  const counters = await control(sandbox.url, "GET", `/counters/${persona("ada")}`);
  expect(counters.json.invitationsSent).toBe(2);
  expect(counters.json.invitationsWithdrawn).toBe(1);
});
