import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestWelink, type TestWelink } from "../../support/welink.ts";
import { type Json, memberOf, relaxBursts, success, verified, worldOf } from "./support.ts";

/** Sales Navigator (linus) and Recruiter (margaret) messaging end to end. */
const LINUS = "linus@sandbox.welink.dev";
const MARGARET = "margaret@sandbox.welink.dev";

describe("Sales Navigator and Recruiter end to end (SQLite)", () => {
  let w: TestWelink;
  let linus: string;
  let margaret: string;
  beforeAll(async () => {
    w = await startTestWelink({ store: "sqlite" });
    await relaxBursts(w);
    [linus, margaret] = await Promise.all([w.login(LINUS), w.login(MARGARET)]);
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  });

  /** A generated member who takes InMail and is not connected to `email`. */
  function inmailTarget(email: string, skip = 0) {
    const world = worldOf(w);
    const me = memberOf(w, email).memberId;
    return world.members.list.filter(
      (m) => m.memberId > 200_000 && m.acceptsInMail && !m.restricted && !world.graph.areConnected(me, m.memberId),
    )[skip]!;
  }

  it("send_sales_navigator_inmail, sales_navigator_threads, sales_navigator_messages and a reply in the thread", async () => {
    const target = inmailTarget(LINUS);
    const sent = await success(w, "send_sales_navigator_inmail", {
      accountId: linus,
      profile_id: target.profileId,
      subject: "Quick question",
      message: "Are you the right person for tooling?",
    });
    expect(typeof sent.thread_id).toBe("string");
    expect(typeof sent.message_id).toBe("string");
    expect(typeof sent.sent_at).toBe("number");

    const threads = await success(w, "sales_navigator_threads", { accountId: linus });
    const list = threads.threads as Json[];
    expect(list.some((t) => t.thread_id === sent.thread_id)).toBe(true);
    expect(threads).toHaveProperty("next_cursor");

    const messages = await success(w, "sales_navigator_messages", { accountId: linus, thread_id: sent.thread_id });
    const items = messages.messages as Json[];
    expect(items.some((m) => m.text === "Are you the right person for tooling?")).toBe(true);

    // The recipient answers, then linus follows up in the same Sales Navigator thread.
    await w.control("POST", "messages/reply", { from: target.email, to: LINUS, text: "Yes, tell me more" });
    const reply = await success(w, "send_message_to_sales_navigator_thread", {
      accountId: linus,
      thread_id: sent.thread_id,
      message: "Great, here it is",
    });
    expect(reply.thread_id).toBe(sent.thread_id);
    const world = worldOf(w);
    const texts = world.messaging
      .inbox(memberOf(w, LINUS).memberId, ["sales_navigator"])
      .flatMap((t) => t.messages.map((m) => m.text));
    expect(texts).toContain("Great, here it is");
  });

  it("a reply in a tracked Sales Navigator thread fires exactly one message_received", async () => {
    const target = inmailTarget(LINUS, 7);
    const sent = await success(w, "send_sales_navigator_inmail", {
      accountId: linus,
      profile_id: target.profileId,
      subject: "Tracked",
      message: "Do you have a minute?",
      track_reply: true,
      frequency: 0.0003,
    });
    await w.control("POST", "messages/reply", { from: target.email, to: LINUS, text: "I do" });
    const isIt = (e: { body: Json }) =>
      e.body.event_type === "/api/v1/message_received" && (e.body.result as Json).thread_id === sent.thread_id;
    const event = await w.receiver.waitFor(isIt, 15_000);
    const body = await verified(w, event);
    expect(body).toMatchObject({ status: "SUCCESS", accountId: linus, event: "MESSAGE_REPLY" });
    expect(body.result).toMatchObject({ text: "I do", thread_id: sent.thread_id });
    await w.control("POST", "messages/reply", { from: target.email, to: LINUS, text: "Still there?" });
    await new Promise((r) => setTimeout(r, 2500));
    expect(w.receiver.events.filter(isIt)).toHaveLength(1);
  });

  it("a tracked Recruiter InMail fires message_received once when the candidate answers", async () => {
    const list = (await success(w, "recruiter_contracts", { accountId: margaret })) as unknown as Json[];
    const target = inmailTarget(MARGARET, 5);
    const sent = await success(w, "send_recruiter_message", {
      accountId: margaret,
      contract_id: String(list[0]!.contract_id),
      profile_id: target.profileId,
      subject: "Tracked opening",
      message: "Would you talk to us?",
      track_reply: true,
      frequency: 0.0003,
    });
    const isIt = (e: { body: Json }) =>
      e.body.event_type === "/api/v1/message_received" && (e.body.result as Json).thread_id === sent.thread_id;
    await new Promise((r) => setTimeout(r, 2500));
    expect(w.receiver.events.filter(isIt)).toHaveLength(0);
    await w.control("POST", "messages/reply", { from: target.email, threadId: sent.thread_id, text: "Gladly" });
    const body = await verified(w, await w.receiver.waitFor(isIt, 15_000));
    expect(body).toMatchObject({ status: "SUCCESS", accountId: margaret, event: "MESSAGE_REPLY" });
    expect(body.result).toMatchObject({ text: "Gladly", thread_id: sent.thread_id });
    await w.control("POST", "messages/reply", { from: target.email, threadId: sent.thread_id, text: "Hello?" });
    await new Promise((r) => setTimeout(r, 2500));
    expect(w.receiver.events.filter(isIt)).toHaveLength(1);
  });

  it("recruiter_contracts lists margaret's contracts with the API's fields", async () => {
    const contracts = (await success(w, "recruiter_contracts", { accountId: margaret })) as unknown as Json[];
    expect(Array.isArray(contracts)).toBe(true);
    expect(contracts.length).toBe(2);
    for (const c of contracts)
      expect(Object.keys(c).sort()).toEqual(["category", "contract_id", "name", "sso_enabled"]);
  });

  it("recruiter_inmail_credits and send_recruiter_message spend a Recruiter credit", async () => {
    const list = (await success(w, "recruiter_contracts", { accountId: margaret })) as unknown as Json[];
    const contractId = String(list[0]!.contract_id);
    const before = await success(w, "recruiter_inmail_credits", { accountId: margaret, contract_id: contractId });
    expect(typeof before.credit_balance).toBe("number");
    expect(before).toHaveProperty("next_refresh_date");
    const target = inmailTarget(MARGARET, 3);
    const sent = await success(w, "send_recruiter_message", {
      accountId: margaret,
      contract_id: contractId,
      profile_id: target.profileId,
      subject: "An opening",
      message: "We are hiring engineers.",
      signature: "Margaret",
    });
    expect(typeof sent.thread_id).toBe("string");
    expect(sent.recruiter_id).toMatch(/^AEMAA/);
    const after = await success(w, "recruiter_inmail_credits", { accountId: margaret, contract_id: contractId });
    expect(after.credit_balance).toBe(Number(before.credit_balance) - 1);
  });
});
