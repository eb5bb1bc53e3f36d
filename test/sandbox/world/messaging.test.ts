import { describe, expect, it } from "vitest";
import { DAY } from "../../../src/sandbox/world/clock.ts";
import { bareWorld, expectRefusal } from "./support.ts";

describe("messaging: 1st degree", () => {
  it("sends to a connection and reuses the conversation; refuses a non-connection", () => {
    const world = bareWorld(3);
    world.graph.connect(1, 2, world.now());
    const first = world.messaging.send(1, 2, "hello");
    expect(first.thread.id).toMatch(/^2-[A-Za-z0-9+/=]+$/);
    const again = world.messaging.send(2, 1, "hi back");
    expect(again.thread.id).toBe(first.thread.id);
    expect(world.messaging.inbox(1).map((t) => t.id)).toEqual([first.thread.id]);
    expectRefusal(() => world.messaging.send(1, 3, "hello"), "RECIPIENT_NOT_FIRST_DEGREE_CONNECTION");
    expect(world.counters.of(1).messagesSent).toBe(1);
  });

  it("checks the sender id against the session's member", () => {
    const world = bareWorld(3);
    world.graph.connect(1, 2, world.now());
    const other = world.members.require(3).profileId;
    expectRefusal(() => world.messaging.send(1, 2, "x", other), "MESSAGE_VALIDATION_PLUGIN_ERROR");
    world.messaging.send(1, 2, "x", world.members.require(1).profileId);
  });

  it("refuses unknown threads and non-participants", () => {
    const world = bareWorld(3);
    world.graph.connect(1, 2, world.now());
    const { thread } = world.messaging.send(1, 2, "hello");
    expectRefusal(() => world.messaging.reply(1, "2-bm9wZQ==", "x"), "THREAD_VALIDATION_PLUGIN_ERROR");
    expectRefusal(() => world.messaging.reply(3, thread.id, "x"), "THREAD_VALIDATION_PLUGIN_ERROR");
    expectRefusal(() => world.messaging.view(3, thread.id), "THREAD_VALIDATION_PLUGIN_ERROR");
  });
});

describe("messaging: message requests", () => {
  it("needs a shared group (UNAUTHORIZED_VIEWER) and no follow-up before acceptance", () => {
    const world = bareWorld(3);
    world.groups.add({ id: 10, name: "G", description: "", createdAt: 0, memberIds: [1, 2] });
    expectRefusal(() => world.messaging.sendRequest(1, 3, "hi", { group: 10 }), "UNAUTHORIZED_VIEWER");
    const { thread } = world.messaging.sendRequest(1, 2, "hi", { group: 10 });
    expect(thread.kind).toBe("message_request");
    expectRefusal(() => world.messaging.sendRequest(1, 2, "again", { group: 10 }), "DATAFETCHINGEXCEPTION");
    expectRefusal(() => world.messaging.reply(1, thread.id, "again"), "DATAFETCHINGEXCEPTION");
    world.messaging.reply(2, thread.id, "sure");
    expect(world.messaging.reply(1, thread.id, "great").message.text).toBe("great");
  });

  it("works through a shared event or to an open profile, and accepting without a reply unlocks it", () => {
    const world = bareWorld(4);
    world.events.add({ id: 20, name: "E", description: "", startsAt: 0, organizerIds: [1], attendeeIds: [2] });
    expectRefusal(() => world.messaging.sendRequest(1, 3, "hi", { event: 20 }), "UNAUTHORIZED_VIEWER");
    const { thread } = world.messaging.sendRequest(1, 2, "hi", { event: 20 });
    world.messaging.accept(2, thread.id);
    world.messaging.reply(1, thread.id, "follow-up");
    expectRefusal(() => world.messaging.sendRequest(1, 4, "hi", { openProfile: true }), "UNAUTHORIZED_VIEWER");
    world.members.require(4).openProfile = true;
    expect(world.messaging.sendRequest(1, 4, "hi", { openProfile: true }).thread.kind).toBe("message_request");
  });
});

describe("messaging: InMail", () => {
  it("Premium has 5 credits a month; a reply within 90 days gives one back", () => {
    const world = bareWorld(10, { start: Date.UTC(2026, 0, 5) });
    world.members.require(1).tier = "premium";
    const threads = [];
    for (let to = 2; to <= 6; to++) threads.push(world.messaging.sendInMail(1, to, "Hi", "body").thread);
    expect(world.credits.available(1)).toBe(0);
    expectRefusal(() => world.messaging.sendInMail(1, 7, "Hi", "body"), "NOT_ENOUGH_INMAIL_CREDIT");
    world.advance(10 * DAY);
    world.messaging.reply(2, threads[0]!.id, "thanks");
    expect(world.credits.available(1)).toBe(1);
    world.messaging.sendInMail(1, 7, "Hi", "body");
    world.advance(100 * DAY);
    world.messaging.reply(3, threads[1]!.id, "late reply");
    expect(threads[1]!.credit?.refunded).toBe(false);
    expect(world.counters.of(1).inmailsSent).toBe(6);
  });

  it("the allowance renews each month; free accounts have none; closed recipients refuse", () => {
    const world = bareWorld(10, { start: Date.UTC(2026, 0, 30) });
    expectRefusal(() => world.messaging.sendInMail(1, 2, "Hi", "body"), "NOT_ENOUGH_INMAIL_CREDIT");
    world.members.require(1).tier = "premium";
    for (let to = 2; to <= 6; to++) world.messaging.sendInMail(1, to, "Hi", "body");
    world.setTime(Date.UTC(2026, 1, 1));
    expect(world.credits.available(1)).toBe(5);
    world.members.require(7).acceptsInMail = false;
    expectRefusal(() => world.messaging.sendInMail(1, 7, "Hi", "body"), "NOT_ENOUGH_INMAIL_CREDIT");
    expect(world.credits.available(1)).toBe(5);
  });
});

describe("messaging: Sales Navigator and Recruiter", () => {
  it("Sales Navigator needs a seat and the sender's ACwAA id; 50 credits", () => {
    const world = bareWorld(4);
    const ada = world.members.require(1);
    expectRefusal(() => world.messaging.sendSalesNavigator(1, ada.salesId, 2, "s", "t"), "SALES_SEAT_REQUIRED");
    ada.tier = "sales_navigator";
    expectRefusal(
      () => world.messaging.sendSalesNavigator(1, world.members.require(3).salesId, 2, "s", "t"),
      "MESSAGE_VALIDATION_PLUGIN_ERROR",
    );
    const { thread } = world.messaging.sendSalesNavigator(1, ada.salesId, 2, "s", "t");
    expect(thread.kind).toBe("sales_navigator");
    expect(world.credits.available(1)).toBe(49);
    world.graph.connect(1, 3, world.now());
    world.messaging.sendSalesNavigator(1, ada.salesId, 3, "s", "t");
    expect(world.credits.available(1)).toBe(49);
  });

  it("Recruiter: the seat's session, a contract of the seat, 30 credits; a taken seat refuses", () => {
    const world = bareWorld(4);
    const m = world.members.require(1);
    m.tier = "recruiter";
    m.recruiterContracts = [
      { id: 1, name: "A" },
      { id: 2, name: "B" },
    ];
    const a = world.sessions.issue(1);
    expectRefusal(() => world.messaging.sendRecruiter(a.liAt, 1, 2, "s", "t"), "RECRUITER_AUTH_REQUIRED");
    world.sessions.startRecruiter(a.liAt);
    expectRefusal(() => world.messaging.sendRecruiter(a.liAt, 9, 2, "s", "t"), "FORBIDDEN");
    const { thread } = world.messaging.sendRecruiter(a.liAt, 2, 2, "s", "t");
    expect(thread.contractId).toBe(2);
    expect(world.credits.available(1)).toBe(29);
    const b = world.sessions.issue(1);
    world.sessions.startRecruiter(b.liAt, true);
    expectRefusal(() => world.messaging.sendRecruiter(a.liAt, 1, 3, "s", "t"), "RECRUITER_AUTH_REQUIRED");
  });
});
