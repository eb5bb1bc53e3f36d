import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE } from "../../../src/catalog/index.ts";
import { PERSONA_COMPANIES, PERSONA_EVENTS } from "../../../src/sandbox/generator/index.ts";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { connectionsOf, type Json, memberOf, relaxBursts, strangersOf, success, worldOf } from "./support.ts";

/**
 * Quotas of the outreach actions: each write declares the bucket LinkedIn counts it in, the
 * engine counts every one that happened (get_limits reads the use back), and welink's own
 * limit holds an action back before LinkedIn would refuse it.
 */
const BUCKET_OF: Record<string, string | undefined> = {
  connect: "invitation",
  send_message_to_profile_id: "message",
  send_message_to_thread: "message",
  send_message_to_group_member: "message",
  send_message_to_event_member: "message",
  send_message_to_sales_navigator_thread: "message",
  wish_birthday: "message",
  wish_work_anniversary: "message",
  wish_job_change: "message",
  greet_profiles: "message",
  send_inmail_message: "inmail",
  send_sales_navigator_inmail: "inmail",
  send_recruiter_message: "inmail",
  event_invite: "event_invite",
  follow_company: "follow",
  invite_to_follow_company: "company_invite",
  // Reads and undoing actions count in no bucket (the 100-an-hour API window still applies).
  get_connection_status: undefined,
  disconnect: undefined,
  withdraw_invite: undefined,
  connections: undefined,
  pending_invites: undefined,
  received_invites: undefined,
  accept_invite: undefined,
  ignore_invite: undefined,
  personal_message_threads: undefined,
  personal_messages: undefined,
  sales_navigator_threads: undefined,
  sales_navigator_messages: undefined,
  inmail_credits: undefined,
  recruiter_contracts: undefined,
  recruiter_inmail_credits: undefined,
  events: undefined,
  get_event_details: undefined,
  get_company_details: undefined,
  groups: undefined,
  get_group_details: undefined,
  group_members: undefined,
};

const GRACE = "grace@sandbox.welink.dev";

describe("outreach quotas", () => {
  it("every outreach action declares its bucket, and every one has a run", () => {
    for (const [name, bucket] of Object.entries(BUCKET_OF)) {
      const action = CATALOGUE.get(name);
      expect(action, name).toBeDefined();
      expect(action?.bucket, name).toBe(bucket);
      expect(action?.run, name).toBeTypeOf("function");
    }
  });

  it("message-sync reads count in the 150-an-hour window", () => {
    for (const name of [
      "personal_message_threads",
      "personal_messages",
      "sales_navigator_threads",
      "sales_navigator_messages",
    ])
      expect(CATALOGUE.get(name)?.messageSync, name).toBe(true);
  });
});

describe("outreach quotas end to end (SQLite)", () => {
  let w: TestWelink;
  let grace: string;
  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    await relaxBursts(w);
    grace = await w.login(GRACE);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  async function used(bucket: string): Promise<number> {
    const view = await w.api("get_limits", { accountId: grace });
    const rows = (view.body.limits as Json[]).filter((l) => l.bucket === bucket && l.window === "day");
    return Number(rows[0]?.used ?? 0);
  }

  it("each write counts once in its bucket", async () => {
    const friends = connectionsOf(w, GRACE);
    const world = worldOf(w);
    const me = memberOf(w, GRACE).memberId;
    const event = world.events.ofMember(me).find((e) => e.invitesEnabled && !e.private)!;
    const invitee = friends.find((m) => !event.attendeeIds.has(m.memberId))!;
    const [stranger, inmailTo] = strangersOf(w, GRACE, 2, 300);
    await success(w, "connect", { accountId: grace, profile_id: stranger!.profileId });
    await success(w, "send_message_to_profile_id", {
      accountId: grace,
      profile_id: friends[0]!.profileId,
      message: "Hi",
    });
    await success(w, "send_inmail_message", {
      accountId: grace,
      profile_id: inmailTo!.profileId,
      subject: "Hello",
      message: "Hi",
    });
    await success(w, "follow_company", { accountId: grace, company_id: String(PERSONA_COMPANIES.global) });
    await success(w, "event_invite", {
      accountId: grace,
      event_id: String(event.id ?? PERSONA_EVENTS.meetup),
      profile_id: invitee.profileId,
    });
    await success(w, "get_connection_status", { accountId: grace, profile_id: friends[1]!.profileId });
    expect(await used("invitation")).toBe(1);
    expect(await used("message")).toBe(1);
    expect(await used("inmail")).toBe(1);
    expect(await used("follow")).toBe(1);
    expect(await used("event_invite")).toBe(1);
  });

  it("welink holds an invitation back once the account's own daily limit is used", async () => {
    const set = await w.api("set_limits", { accountId: grace, limits: { invitation: { day: 1 } } });
    expect(set.status).toBe(200);
    const [target] = strangersOf(w, GRACE, 1, 310);
    const ack = await w.api("connect", { accountId: grace, profile_id: target!.profileId });
    await new Promise((r) => setTimeout(r, 1000));
    const response = await w.api("get_response", { request_id: ack.body.requestId });
    expect(response.body.status).toBe("QUEUED");
    expect(worldOf(w).invitations.pendingBetween(memberOf(w, GRACE).memberId, target!.memberId)).toBeUndefined();
  });
});
