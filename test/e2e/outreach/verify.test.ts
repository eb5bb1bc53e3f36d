import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CATALOGUE, type RunContext } from "../../../src/catalog/index.ts";
import { PERSONA_COMPANIES } from "../../../src/sandbox/generator/index.ts";
import type { RequestRow } from "../../../src/store/types.ts";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { connectionsOf, type Json, relaxBursts, strangersOf, success, worldOf } from "./support.ts";

/**
 * The exactly-once checks of the outreach writes, against the real driver and sandbox: after
 * a write went through the public API, the action's `verify` (what the engine calls when an
 * attempt's outcome is unknown) finds it on LinkedIn and answers the same result; a write
 * that did not happen, or happened before the request existed, is not found.
 */
const ADA = "ada@sandbox.welink.dev";
const LINUS = "linus@sandbox.welink.dev";
const MARGARET = "margaret@sandbox.welink.dev";

describe("exactly-once checks of outreach writes (SQLite)", () => {
  let w: TestWelink;
  const acc: Record<string, string> = {};
  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    await relaxBursts(w);
    [acc.ada, acc.linus, acc.margaret] = await Promise.all([w.login(ADA), w.login(LINUS), w.login(MARGARET)]);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  /** Runs `verify` of `name` as the engine would for a request created at `createdAt`. */
  async function verify(name: string, account: string, input: Json, createdAt: number): Promise<unknown> {
    const action = CATALOGUE.get(name);
    if (!action?.verify) throw new Error(`${name} has no verify`);
    const request = { id: "r", workspaceId: w.key.workspace, accountId: acc[account]!, action: name, input, createdAt };
    const ctx: RunContext = { deps: w.welink.deps, request: request as unknown as RequestRow, account: null };
    return action.verify(ctx, { accountId: acc[account], ...input });
  }

  it("every outreach write declares a verify", () => {
    const writes = [
      "connect",
      "disconnect",
      "withdraw_invite",
      "send_message_to_profile_id",
      "send_message_to_thread",
      "send_inmail_message",
      "send_message_to_group_member",
      "send_message_to_event_member",
      "send_message_to_sales_navigator_thread",
      "send_sales_navigator_inmail",
      "wish_birthday",
      "wish_work_anniversary",
      "wish_job_change",
      "accept_invite",
      "ignore_invite",
      "follow_company",
      "greet_profiles",
      "send_recruiter_message",
    ];
    for (const name of writes) expect(CATALOGUE.get(name)?.verify, name).toBeTypeOf("function");
  });

  it("an invitation to an event or a page a second time sends nothing: those writes are repeatable", async () => {
    for (const name of ["event_invite", "invite_to_follow_company"]) {
      expect(CATALOGUE.get(name)?.verify, name).toBeUndefined();
      expect(CATALOGUE.get(name)?.repeatable, name).toMatch(/skips/);
    }
    const world = worldOf(w);
    const me = world.members.byEmailAddress(ADA)!.memberId;
    const event = world.events.ofMember(me).find((e) => e.invitesEnabled && !e.private)!;
    const invitee = connectionsOf(w, ADA).find(
      (m) => !event.attendeeIds.has(m.memberId) && !event.invitations.has(m.memberId),
    )!;
    const input = { accountId: acc.ada, event_id: String(event.id), profile_id: invitee.profileId };
    expect(await success(w, "event_invite", input)).toMatchObject({ sent: 1 });
    expect(await success(w, "event_invite", input)).toMatchObject({ sent: 0 });
    expect([...event.invitations.keys()].filter((id) => id === invitee.memberId)).toHaveLength(1);
  });

  it("connect: the invitation is in the sent list", async () => {
    const [target] = strangersOf(w, ADA, 1, 200);
    const input = { profile_id: target!.profileId };
    const before = Date.now();
    const sent = await success(w, "connect", { accountId: acc.ada, ...input });
    expect(await verify("connect", "ada", input, before)).toEqual(sent);
    const [other] = strangersOf(w, ADA, 1, 201);
    expect(await verify("connect", "ada", { profile_id: other!.profileId }, before)).toBeNull();
  });

  it("send_message_to_profile_id and send_message_to_thread: the message is in the thread", async () => {
    const friend = connectionsOf(w, ADA)[7]!;
    const input = { profile_id: friend.profileId, message: `exactly once ${Date.now()}` };
    const before = Date.now();
    const sent = await success(w, "send_message_to_profile_id", { accountId: acc.ada, ...input });
    expect(await verify("send_message_to_profile_id", "ada", input, before)).toEqual(sent);
    expect(await verify("send_message_to_profile_id", "ada", { ...input, message: "never sent" }, before)).toBeNull();
    // Sent before the request existed: not this request's write.
    expect(await verify("send_message_to_profile_id", "ada", input, Date.now() + 60_000)).toBeNull();

    const follow = { thread_id: sent.thread_id, message: `follow-up ${Date.now()}` };
    const again = await success(w, "send_message_to_thread", { accountId: acc.ada, ...follow });
    expect(await verify("send_message_to_thread", "ada", follow, before)).toEqual(again);
  });

  it("wish_birthday: the greeting is in the thread", async () => {
    const today = worldOf(w).profiles.greetings(worldOf(w).members.byEmailAddress(ADA)!.memberId);
    const input = { profile_id: today.birthdays[0]!.profileId, message: `Happy birthday ${Date.now()}` };
    const before = Date.now();
    const sent = await success(w, "wish_birthday", { accountId: acc.ada, ...input });
    expect(await verify("wish_birthday", "ada", input, before)).toEqual(sent);
  });

  it("greet_profiles: the personalised greetings are in the threads", async () => {
    const input = { occasion: "birthday", message: `Many happy returns, {first_name}! ${Date.now()}` };
    const before = Date.now();
    expect(await verify("greet_profiles", "ada", input, before)).toBeNull();
    const sent = await success(w, "greet_profiles", { accountId: acc.ada, ...input });
    const found = (await verify("greet_profiles", "ada", input, before)) as Json;
    const ids = (list: unknown) => (list as Json[]).map((g) => `${g.profile_id} ${g.message_id}`).sort();
    expect(ids(found.greeted)).toEqual(ids(sent.greeted));
  });

  it("send_sales_navigator_inmail and send_message_to_sales_navigator_thread: the message is in the Sales Navigator inbox", async () => {
    const world = worldOf(w);
    const me = world.members.byEmailAddress(LINUS)!.memberId;
    const target = world.members.list.find(
      (m) => m.memberId > 203_000 && m.acceptsInMail && !m.restricted && !world.graph.areConnected(me, m.memberId),
    )!;
    const input = { profile_id: target.profileId, subject: "Hi", message: `inmail ${Date.now()}` };
    const before = Date.now();
    const sent = await success(w, "send_sales_navigator_inmail", { accountId: acc.linus, ...input });
    const found = (await verify("send_sales_navigator_inmail", "linus", input, before)) as Json;
    expect(found).toMatchObject({ thread_id: sent.thread_id, message_id: sent.message_id });
    expect(await verify("send_sales_navigator_inmail", "linus", { ...input, message: "never" }, before)).toBeNull();

    await w.control("POST", "messages/reply", { from: target.email, to: LINUS, text: "Sure" });
    const follow = { thread_id: sent.thread_id, message: `follow-up ${Date.now()}` };
    const again = await success(w, "send_message_to_sales_navigator_thread", { accountId: acc.linus, ...follow });
    const foundAgain = (await verify("send_message_to_sales_navigator_thread", "linus", follow, before)) as Json;
    expect(foundAgain).toMatchObject({ thread_id: sent.thread_id, message_id: again.message_id });
  });

  it("send_recruiter_message: the InMail is in the Recruiter conversation with the candidate", async () => {
    const world = worldOf(w);
    const me = world.members.byEmailAddress(MARGARET)!.memberId;
    const target = world.members.list.find(
      (m) => m.memberId > 204_000 && m.acceptsInMail && !m.restricted && !world.graph.areConnected(me, m.memberId),
    )!;
    const contracts = (await success(w, "recruiter_contracts", { accountId: acc.margaret })) as unknown as Json[];
    const input = {
      contract_id: String(contracts[0]!.contract_id),
      profile_id: target.profileId,
      subject: "An opening",
      message: `recruiter ${Date.now()}`,
      signature: "Margaret",
    };
    const before = Date.now();
    const sent = await success(w, "send_recruiter_message", { accountId: acc.margaret, ...input });
    expect(await verify("send_recruiter_message", "margaret", input, before)).toEqual(sent);
    expect(await verify("send_recruiter_message", "margaret", { ...input, message: "never" }, before)).toBeNull();
    expect(await verify("send_recruiter_message", "margaret", { ...input, subject: "Other" }, before)).toBeNull();
    expect(await verify("send_recruiter_message", "margaret", input, Date.now() + 60_000)).toBeNull();
  });

  it("accept_invite, ignore_invite and follow_company: LinkedIn shows the state they leave", async () => {
    const before = Date.now();
    const received = await success(w, "received_invites", { accountId: acc.ada });
    const [one, two] = received.invitations as Json[];
    const accept = { invitation_id: one!.invitation_id };
    expect(await verify("accept_invite", "ada", accept, before)).toBeNull();
    await success(w, "accept_invite", { accountId: acc.ada, ...accept });
    expect(await verify("accept_invite", "ada", accept, before)).toEqual({ accepted: true, ...accept });
    const ignore = { invitation_id: two!.invitation_id };
    expect(await verify("ignore_invite", "ada", ignore, before)).toBeNull();
    await success(w, "ignore_invite", { accountId: acc.ada, ...ignore });
    expect(await verify("ignore_invite", "ada", ignore, before)).toEqual({ ignored: true, ...ignore });

    const follow = { company_id: String(PERSONA_COMPANIES.global), follow: true };
    expect(await verify("follow_company", "ada", follow, before)).toBeNull();
    await success(w, "follow_company", { accountId: acc.ada, ...follow });
    expect(await verify("follow_company", "ada", follow, before)).toEqual({
      followed: true,
      company_id: follow.company_id,
    });
    expect(await verify("follow_company", "ada", { ...follow, follow: false }, before)).toBeNull();
  });

  it("disconnect and withdraw_invite: LinkedIn shows the state they leave", async () => {
    const friend = connectionsOf(w, ADA)[9]!;
    const before = Date.now();
    expect(await verify("disconnect", "ada", { profile_id: friend.profileId }, before)).toBeNull();
    await success(w, "disconnect", { accountId: acc.ada, profile_id: friend.profileId });
    expect(await verify("disconnect", "ada", { profile_id: friend.profileId }, before)).toEqual({
      disconnected: true,
      profile_id: friend.profileId,
    });

    const [target] = strangersOf(w, ADA, 1, 202);
    await success(w, "connect", { accountId: acc.ada, profile_id: target!.profileId });
    expect(await verify("withdraw_invite", "ada", { profile_id: target!.profileId }, before)).toBeNull();
    await success(w, "withdraw_invite", { accountId: acc.ada, profile_id: target!.profileId });
    expect(await verify("withdraw_invite", "ada", { profile_id: target!.profileId }, before)).toMatchObject({
      withdrawn: true,
    });
  });
});
