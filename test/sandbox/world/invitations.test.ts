import { describe, expect, it } from "vitest";
import { DAY, HOUR } from "../../../src/sandbox/world/clock.ts";
import { bareWorld, expectRefusal } from "./support.ts";

describe("invitations: sending, listing, resolving", () => {
  it("sends with a note, lists it on both sides, and accepting connects", () => {
    const world = bareWorld(5);
    const inv = world.invitations.send(1, 2, "Hi!");
    expect(inv.urn).toBe(`urn:li:fsd_invitation:${inv.id}`);
    expect(world.invitations.sent(1).map((i) => i.id)).toEqual([inv.id]);
    expect(world.invitations.received(2).map((i) => i.id)).toEqual([inv.id]);
    expect(world.graph.degree(1, 2)).toBe(3);
    world.invitations.accept(2, inv.id, inv.sharedSecret);
    expect(world.graph.areConnected(1, 2)).toBe(true);
    expect(world.invitations.sent(1)).toEqual([]);
    expect(world.counters.of(1).invitationsSent).toBe(1);
    expect(world.counters.of(2).invitationsAccepted).toBe(1);
  });

  it("ignoring leaves them unconnected and empties the lists", () => {
    const world = bareWorld(3);
    const inv = world.invitations.send(1, 2);
    world.invitations.ignore(2, inv.id);
    expect(world.graph.areConnected(1, 2)).toBe(false);
    expect(world.invitations.received(2)).toEqual([]);
  });

  it("refuses ALREADY_CONNECTED, PENDING_INVITE both ways, PROFILE_NOT_FOUND", () => {
    const world = bareWorld(4);
    world.graph.connect(1, 2, world.now());
    expectRefusal(() => world.invitations.send(1, 2), "ALREADY_CONNECTED");
    world.invitations.send(1, 3);
    expectRefusal(() => world.invitations.send(1, 3), "PENDING_INVITE");
    expectRefusal(() => world.invitations.send(3, 1), "PENDING_INVITE");
    expectRefusal(() => world.invitations.send(1, 999), "PROFILE_NOT_FOUND");
  });

  it("refuses withdrawing an invitation that does not exist or is someone else's", () => {
    const world = bareWorld(3);
    const inv = world.invitations.send(1, 2);
    expectRefusal(() => world.invitations.withdraw(1, 123), "NO_INVITATION_FOUND");
    expectRefusal(() => world.invitations.withdraw(3, inv.id), "NO_INVITATION_FOUND");
    world.invitations.withdraw(1, inv.id);
    expectRefusal(() => world.invitations.withdraw(1, inv.id), "NO_INVITATION_FOUND");
    expectRefusal(() => world.invitations.accept(2, inv.id), "INVITATION_ID_NOT_FOUND");
    expectRefusal(() => world.invitations.requirePendingWith(1, 2), "INVITATION_ID_NOT_FOUND");
  });
});

describe("invitations: LinkedIn's limits", () => {
  it("re-inviting after a withdrawal: refused at +13 days, accepted at +15", () => {
    const world = bareWorld(3);
    const inv = world.invitations.send(1, 2);
    world.invitations.withdraw(1, inv.id);
    expectRefusal(() => world.invitations.send(1, 2), "CANT_RESEND_YET");
    world.advance(13 * DAY);
    expectRefusal(() => world.invitations.send(1, 2), "CANT_RESEND_YET");
    world.advance(2 * DAY);
    expect(world.invitations.send(1, 2).status).toBe("pending");
  });

  it("note length: 200 for free accounts, 300 for paid ones", () => {
    const world = bareWorld(6);
    expectRefusal(() => world.invitations.send(1, 2, "x".repeat(201)), "CUSTOM_MESSAGE_TOO_LONG");
    expect(world.invitations.send(1, 2, "x".repeat(200)).message).toHaveLength(200);
    world.members.require(3).tier = "premium";
    expectRefusal(() => world.invitations.send(3, 4, "x".repeat(301)), "CUSTOM_MESSAGE_TOO_LONG");
    expect(world.invitations.send(3, 4, "x".repeat(300)).status).toBe("pending");
  });

  it("free accounts: 5 notes a calendar month; plain invitations still go; next month resets", () => {
    const world = bareWorld(12, { start: Date.UTC(2026, 0, 20, 12) });
    for (let to = 2; to <= 6; to++) world.invitations.send(1, to, "note");
    expectRefusal(() => world.invitations.send(1, 7, "note"), "CUSTOM_INVITE_LIMIT_REACHED");
    expect(world.invitations.send(1, 7).status).toBe("pending");
    world.setTime(Date.UTC(2026, 0, 31, 23, 59));
    expectRefusal(() => world.invitations.send(1, 8, "note"), "CUSTOM_INVITE_LIMIT_REACHED");
    world.setTime(Date.UTC(2026, 1, 1, 0, 0));
    expect(world.invitations.send(1, 8, "note").message).toBe("note");
    world.members.require(9).tier = "premium";
    for (let to = 1; to <= 8; to++) if (to !== 1) world.invitations.send(9, to === 8 ? 10 : to, "note");
    expect(world.invitations.notesThisMonth(9)).toBe(7);
  });

  it("weekly limit over a rolling 7 days: 100 free → FUSE_LIMIT_EXCEEDED", () => {
    const world = bareWorld(260);
    const start = world.now();
    for (let to = 2; to <= 51; to++) world.invitations.send(1, to);
    world.advance(3 * DAY);
    for (let to = 52; to <= 101; to++) world.invitations.send(1, to);
    expect(world.invitations.sentThisWeek(1)).toBe(100);
    expectRefusal(() => world.invitations.send(1, 102), "FUSE_LIMIT_EXCEEDED");
    world.setTime(start + 7 * DAY - 1);
    expectRefusal(() => world.invitations.send(1, 102), "FUSE_LIMIT_EXCEEDED");
    world.setTime(start + 7 * DAY);
    expect(world.invitations.sentThisWeek(1)).toBe(50);
    expect(["pending", "dropped"]).toContain(world.invitations.send(1, 102).status);
  });

  it("weekly limit is 200 for paid tiers", () => {
    const world = bareWorld(260);
    world.members.require(1).tier = "sales_navigator";
    for (let to = 2; to <= 201; to++) world.invitations.send(1, to);
    expectRefusal(() => world.invitations.send(1, 202), "FUSE_LIMIT_EXCEEDED");
  });

  it("silent drops: 1 in 3 in the last 10% of the allowance, deterministic by seed, never listed", () => {
    const run = (seed: number) => {
      const world = bareWorld(120, { seed });
      const statuses = [];
      for (let to = 2; to <= 101; to++) statuses.push(world.invitations.send(1, to).status);
      return { world, statuses };
    };
    const { world, statuses } = run(42);
    expect(statuses.slice(0, 90).every((s) => s === "pending")).toBe(true);
    const dropped = statuses.slice(90).filter((s) => s === "dropped").length;
    expect(dropped).toBeGreaterThanOrEqual(3);
    expect(dropped).toBeLessThanOrEqual(4);
    expect(world.invitations.sent(1)).toHaveLength(100 - dropped);
    expect(world.counters.of(1).invitationsDropped).toBe(dropped);
    const droppedTo = statuses.indexOf("dropped") + 2;
    expect(world.invitations.received(droppedTo)).toEqual([]);
    expect(run(42).statuses).toEqual(statuses);
  });

  it("connections + pending sent ≥ 30,000 → MAX_INVITATION_SENT", () => {
    const world = bareWorld(4);
    for (let i = 0; i < 29_999; i++) world.graph.connect(1, 1_000_000 + i, world.now());
    world.members.require(1).tier = "premium";
    world.invitations.send(1, 2);
    expectRefusal(() => world.invitations.send(1, 3), "MAX_INVITATION_SENT");
  });

  it("keeps acting after 3 FUSE answers in 24 h → ACCOUNT_RESTRICTED", () => {
    const world = bareWorld(110, { settings: { weeklyInvitesFree: 5 } });
    for (let to = 2; to <= 6; to++) world.invitations.send(1, to);
    for (let i = 0; i < 3; i++) expectRefusal(() => world.invitations.send(1, 7), "FUSE_LIMIT_EXCEEDED");
    expectRefusal(() => world.invitations.send(1, 7), "ACCOUNT_RESTRICTED");
    expect(world.members.require(1).restricted).toBe(true);
    world.pushback.lift(1);
    expect(world.members.require(1).restricted).toBe(false);
  });

  it("pushback older than 24 h does not count", () => {
    const world = bareWorld(110, { settings: { weeklyInvitesFree: 5 } });
    for (let to = 2; to <= 6; to++) world.invitations.send(1, to);
    for (let i = 0; i < 2; i++) expectRefusal(() => world.invitations.send(1, 7), "FUSE_LIMIT_EXCEEDED");
    world.advance(25 * HOUR);
    expectRefusal(() => world.invitations.send(1, 7), "FUSE_LIMIT_EXCEEDED");
    expectRefusal(() => world.invitations.send(1, 7), "FUSE_LIMIT_EXCEEDED");
    expect(world.members.require(1).restricted).toBe(false);
  });
});

describe("request bursts", () => {
  it("more than 60 requests a minute → 429 for 5 minutes", () => {
    const world = bareWorld(2);
    for (let i = 0; i < 60; i++) {
      expect(world.noteRequest(1)).toBe(false);
      world.advance(500);
    }
    expect(world.noteRequest(1)).toBe(true);
    expect(world.noteRequest(2)).toBe(false);
    world.advance(4 * 60_000);
    expect(world.noteRequest(1)).toBe(true);
    world.advance(60_000);
    expect(world.noteRequest(1)).toBe(false);
    expect(world.pushback.recentPushbacks(1)).toBe(1);
  });

  it("a steady 1 request a second never trips it", () => {
    const world = bareWorld(1);
    for (let i = 0; i < 300; i++) {
      expect(world.noteRequest(1)).toBe(false);
      world.advance(1000);
    }
  });
});

describe("degrees", () => {
  it("1st, 2nd, 3rd+ and the cached 2nd-degree set follows changes", () => {
    const world = bareWorld(5);
    const g = world.graph;
    g.connect(1, 2, 1);
    g.connect(2, 3, 2);
    expect([g.degree(1, 1), g.degree(1, 2), g.degree(1, 3), g.degree(1, 4)]).toEqual([0, 1, 2, 3]);
    expect([...g.secondDegree(1)]).toEqual([3]);
    g.connect(3, 4, 3);
    g.connect(2, 4, 4);
    expect([...g.secondDegree(1)].sort()).toEqual([3, 4]);
    g.disconnect(1, 2);
    expect(g.secondDegree(1).size).toBe(0);
  });
});
