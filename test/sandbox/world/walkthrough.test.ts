/**
 * The persona walk-through of issue 4, at world level: ada logs in, searches people,
 * invites one with a note over 200 characters (refused), with a short note (sent),
 * withdraws, re-invites at once (CANT_RESEND_YET), and again 15 days later (accepted).
 */

import { describe, expect, it } from "vitest";
import { DAY } from "../../../src/sandbox/world/clock.ts";
import { expectRefusal, smallWorld } from "./support.ts";

describe("ada's walk-through", () => {
  it("search, invite, note too long, withdraw, CANT_RESEND_YET, +15 days accepted", () => {
    const world = smallWorld(11, 1000);
    const login = world.sessions.login("ada@sandbox.welink.dev", "sandbox-password");
    expect(login.kind).toBe("PASS");
    const ada = login.member.memberId;

    const page = world.search.people(ada, { keywords: "engineer", network: ["S"] });
    expect(page.total).toBeGreaterThan(0);
    const target = page.elements.find((e) => !world.invitations.pendingBetween(ada, e.member.memberId))!.member;
    expect(world.graph.degree(ada, target.memberId)).toBe(2);

    expectRefusal(() => world.invitations.send(ada, target.memberId, "x".repeat(201)), "CUSTOM_MESSAGE_TOO_LONG");
    const inv = world.invitations.send(ada, target.memberId, "Hello! We met at the Sandbox Meetup.");
    expect(inv.status).toBe("pending");
    expect(world.invitations.sent(ada).some((i) => i.id === inv.id)).toBe(true);
    expect(world.invitations.received(target.memberId).some((i) => i.id === inv.id)).toBe(true);

    world.invitations.withdraw(ada, inv.id);
    expect(world.invitations.sent(ada).some((i) => i.id === inv.id)).toBe(false);
    expectRefusal(() => world.invitations.send(ada, target.memberId, "Hello again"), "CANT_RESEND_YET");

    world.advance(15 * DAY);
    const again = world.invitations.send(ada, target.memberId, "Hello again");
    expect(again.status).toBe("pending");

    // The other side accepts (control API), and now they can talk.
    world.invitations.accept(target.memberId, again.id);
    expect(world.graph.degree(ada, target.memberId)).toBe(1);
    const { thread } = world.messaging.send(ada, target.memberId, "Thanks for accepting!");
    world.messaging.reply(target.memberId, thread.id, "Welcome!");
    expect(world.messaging.inbox(ada)[0]?.id).toBe(thread.id);

    expect(world.counters.of(ada)).toMatchObject({
      invitationsSent: 2,
      invitationsWithdrawn: 1,
      messagesSent: 1,
      searches: 1,
    });
  });
});
