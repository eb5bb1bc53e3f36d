import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { connectionsOf, type Json, memberOf, relaxBursts, success, verified, worldOf } from "./support.ts";

/**
 * Personal messaging, InMail, greetings and reply tracking end to end, each through the
 * public API with its result read from the signed webhook and checked in the sandbox world.
 */
const ADA = "ada@sandbox.welink.dev";
const GRACE = "grace@sandbox.welink.dev";

function sendShape(result: Json): void {
  expect(typeof result.thread_id).toBe("string");
  expect(typeof result.message_id).toBe("string");
  expect(typeof result.sent_at).toBe("number");
}

describe("messaging end to end (SQLite)", () => {
  let w: TestWelink;
  let ada: string;
  let grace: string;
  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    await relaxBursts(w);
    [ada, grace] = await Promise.all([w.login(ADA), w.login(GRACE)]);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  /** The texts the world holds from `from` to `to` (any thread kind). */
  function textsBetween(fromEmail: string, toId: number): string[] {
    const world = worldOf(w);
    const from = memberOf(w, fromEmail).memberId;
    return world.messaging
      .inbox(from)
      .filter((t) => t.participantIds.includes(toId))
      .flatMap((t) => t.messages.filter((m) => m.senderId === from).map((m) => m.text));
  }

  it("send_message_to_profile_id messages a connection", async () => {
    const friend = connectionsOf(w, ADA)[0]!;
    const result = await success(w, "send_message_to_profile_id", {
      accountId: ada,
      profile_id: friend.profileId,
      message: "Hello from welink",
    });
    sendShape(result);
    expect(textsBetween(ADA, friend.memberId)).toContain("Hello from welink");
  });

  it("send_message_to_thread replies in an existing conversation", async () => {
    const friend = connectionsOf(w, ADA)[1]!;
    const first = await success(w, "send_message_to_profile_id", {
      accountId: ada,
      profile_id: friend.profileId,
      message: "First",
    });
    const result = await success(w, "send_message_to_thread", {
      accountId: ada,
      thread_id: first.thread_id,
      message: "Second, same thread",
    });
    sendShape(result);
    expect(result.thread_id).toBe(first.thread_id);
    expect(textsBetween(ADA, friend.memberId)).toContain("Second, same thread");
  });

  it("personal_message_threads and personal_messages read the inbox", async () => {
    const threads = await success(w, "personal_message_threads", { accountId: ada });
    const list = threads.threads as Json[];
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toHaveProperty("thread_id");
    expect(threads).toHaveProperty("next_cursor");
    const messages = await success(w, "personal_messages", { accountId: ada, thread_id: list[0]!.thread_id });
    const items = messages.messages as Json[];
    expect(items.length).toBeGreaterThan(0);
    for (const key of ["message_id", "sender_profile_id", "text", "sent_at"]) expect(items[0]).toHaveProperty(key);
    expect(messages).toHaveProperty("next_cursor");
  });

  it("send_inmail_message spends one of grace's InMail credits; inmail_credits reads the balance", async () => {
    const before = await success(w, "inmail_credits", { accountId: grace });
    expect(typeof before.credit_balance).toBe("number");
    expect(before).toHaveProperty("next_refresh_date");
    const world = worldOf(w);
    const me = memberOf(w, GRACE).memberId;
    const target = world.members.list.find(
      (m) => m.memberId > 200_000 && m.acceptsInMail && !m.restricted && !world.graph.areConnected(me, m.memberId),
    )!;
    const result = await success(w, "send_inmail_message", {
      accountId: grace,
      profile_id: target.profileId,
      subject: "A role",
      message: "Would you talk?",
    });
    sendShape(result);
    const after = await success(w, "inmail_credits", { accountId: grace });
    expect(after.credit_balance).toBe(Number(before.credit_balance) - 1);
  });

  it("send_message_to_group_member messages a fellow group member who is not a connection", async () => {
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const group = world.groups.ofMember(me)[0]!;
    const otherId = [...group.memberIds].find((id) => id > 200_000 && !world.graph.areConnected(me, id))!;
    const other = world.members.require(otherId);
    const result = await success(w, "send_message_to_group_member", {
      accountId: ada,
      group_id: String(group.id),
      profile_id: other.profileId,
      message: "Hi, fellow member",
    });
    sendShape(result);
    expect(textsBetween(ADA, otherId)).toContain("Hi, fellow member");
  });

  it("send_message_to_event_member messages a fellow attendee", async () => {
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const event = world.events
      .ofMember(me)
      .find((e) => [...e.attendeeIds].some((id) => id > 200_000 && !world.graph.areConnected(me, id)))!;
    const otherId = [...event.attendeeIds].find((id) => id > 200_000 && !world.graph.areConnected(me, id))!;
    const result = await success(w, "send_message_to_event_member", {
      accountId: ada,
      event_id: String(event.id),
      profile_id: world.members.require(otherId).profileId,
      message: "See you there",
    });
    sendShape(result);
    expect(textsBetween(ADA, otherId)).toContain("See you there");
  });

  it("wish_birthday, wish_work_anniversary and wish_job_change greet the connections LinkedIn shows today", async () => {
    const today = worldOf(w).profiles.greetings(memberOf(w, ADA).memberId);
    const cases = [
      ["wish_birthday", today.birthdays[0]],
      ["wish_work_anniversary", today.workAnniversaries[0]],
      ["wish_job_change", today.jobChanges[0]],
    ] as const;
    for (const [name, member] of cases) {
      expect(member, name).toBeDefined();
      const message = `${name} to ${member!.firstName}`;
      const result = await success(w, name, { accountId: ada, profile_id: member!.profileId, message });
      sendShape(result);
      expect(textsBetween(ADA, member!.memberId)).toContain(message);
    }
  });

  it("a greeting can go into an existing conversation by thread_id", async () => {
    const friend = connectionsOf(w, ADA)[12]!;
    const first = await success(w, "send_message_to_profile_id", {
      accountId: ada,
      profile_id: friend.profileId,
      message: "Saw your news",
    });
    const result = await success(w, "wish_job_change", {
      accountId: ada,
      thread_id: first.thread_id,
      message: "Congratulations on the new role!",
      greetings_context: "new role",
    });
    expect(result.thread_id).toBe(first.thread_id);
    expect(textsBetween(ADA, friend.memberId)).toContain("Congratulations on the new role!");
  });

  it("greet_profiles greets every connection with an occasion today, by first name", async () => {
    const today = worldOf(w).profiles.greetings(memberOf(w, ADA).memberId);
    const result = await success(w, "greet_profiles", {
      accountId: ada,
      occasion: "birthday",
      message: "Happy birthday, {first_name}!",
    });
    const greeted = result.greeted as Json[];
    expect(greeted.map((g) => g.profile_id).sort()).toEqual(today.birthdays.map((m) => m.profileId).sort());
    for (const m of today.birthdays) expect(textsBetween(ADA, m.memberId)).toContain(`Happy birthday, ${m.firstName}!`);
    const all = await success(w, "greet_profiles", { accountId: ada, occasion: "all", message: "Congrats!" });
    const count = today.birthdays.length + today.workAnniversaries.length + today.jobChanges.length;
    expect((all.greeted as Json[]).length).toBe(count);
  });

  it("greet_profiles follows LinkedIn's clock: another day, other occasions", async () => {
    // Find the next day on which some connection of ada's has a birthday, and move the
    // sandbox world's clock there: LinkedIn's "today" decides who is greeted.
    const world = worldOf(w);
    const me = memberOf(w, ADA).memberId;
    const before = world.profiles.greetings(me).birthdays.map((m) => m.profileId);
    let days = 0;
    do {
      await w.control("POST", "clock", { advance: "1d" });
      days++;
    } while (world.profiles.greetings(me).birthdays.length === 0 && days < 400);
    const today = world.profiles.greetings(me).birthdays;
    expect(today.length).toBeGreaterThan(0);
    const result = await success(w, "greet_profiles", {
      accountId: ada,
      occasion: "birthday",
      message: "Hi {firstName}",
    });
    const greeted = (result.greeted as Json[]).map((g) => g.profile_id).sort();
    expect(greeted).toEqual(today.map((m) => m.profileId).sort());
    expect(greeted).not.toEqual(before.sort());
  });

  it("a reply made through the control API fires exactly one message_received for a tracked send", async () => {
    const friend = connectionsOf(w, ADA)[5]!;
    const sent = await success(w, "send_message_to_profile_id", {
      accountId: ada,
      profile_id: friend.profileId,
      message: "Tracked hello",
      track_reply: true,
      frequency: 0.0003, // about a second between checks
    });
    await w.control("POST", "messages/reply", { from: friend.email, to: ADA, text: "Got it, thanks" });
    const isIt = (e: { body: Json }) =>
      e.body.event_type === "/api/v1/message_received" && (e.body.result as Json).thread_id === sent.thread_id;
    const event = await w.receiver.waitFor(isIt, 15_000);
    const body = await verified(w, event);
    expect(body).toMatchObject({ status: "SUCCESS", accountId: ada });
    expect(body.result).toMatchObject({ text: "Got it, thanks", sender_profile_id: friend.profileId });
    await w.control("POST", "messages/reply", { from: friend.email, to: ADA, text: "And another" });
    await new Promise((r) => setTimeout(r, 2500));
    expect(w.receiver.events.filter(isIt)).toHaveLength(1);
  });
});
