import { describe, expect, it } from "vitest";
import { PERSONA_EVENTS, PERSONA_GROUPS } from "../../../src/sandbox/generator/content.ts";
import { worldHash } from "../../../src/sandbox/generator/dump.ts";
import { generateWorld } from "../../../src/sandbox/generator/generate.ts";
import { PERSONA_COMPANIES, PERSONA_IDS } from "../../../src/sandbox/generator/personas.ts";

describe("generateWorld", () => {
  it("builds 5,000 members in under 2 s (generous bound here: 6 s on a shared CI box)", () => {
    const t0 = performance.now();
    const world = generateWorld({ seed: 1 });
    const ms = performance.now() - t0;
    console.log(
      `generateWorld 5,000 members: ${ms.toFixed(0)} ms; members ${world.members.count}, edges ${[...world.graph.allEdges()].length}, ` +
        `companies ${world.companies.list.length}, groups ${world.groups.list.length}, events ${world.events.list.length}, ` +
        `posts ${world.posts.list.length}, threads ${world.messaging.all().length}, invitations ${world.invitations.all().length}`,
    );
    expect(world.members.count).toBe(5009);
    expect(ms).toBeLessThan(6000);
  });

  it("is deterministic: same seed, same hash; another seed, another world", () => {
    const a = worldHash(generateWorld({ seed: 42, members: 1500 }));
    const b = worldHash(generateWorld({ seed: 42, members: 1500 }));
    const c = worldHash(generateWorld({ seed: 43, members: 1500 }));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it("gives the personas what LINKEDIN.md promises", () => {
    const world = generateWorld({ seed: 5, members: 1000 });
    const { ada, grace, linus, margaret, admin } = PERSONA_IDS;
    expect(world.graph.count(ada)).toBe(150);
    expect(world.invitations.sent(ada).length).toBeGreaterThanOrEqual(3);
    expect(world.invitations.received(ada).length).toBeGreaterThanOrEqual(3);
    expect(world.messaging.inbox(ada).length).toBeGreaterThanOrEqual(8);
    expect(world.messaging.inbox(ada, ["message_request"]).length).toBe(1);
    expect(world.messaging.inbox(ada, ["inmail"]).length).toBe(1);
    expect(world.members.require(grace).tier).toBe("premium");
    expect(world.credits.available(grace)).toBe(4);
    expect(world.profiles.viewers(grace).length).toBeGreaterThanOrEqual(30);
    expect(world.members.require(linus).tier).toBe("sales_navigator");
    expect(world.members.require(margaret).recruiterContracts).toHaveLength(2);
    const pages = world.companies.administeredBy(admin);
    expect(pages.map((p) => p.id).sort()).toEqual([PERSONA_COMPANIES.widgets, PERSONA_COMPANIES.global]);
    expect(world.companies.creditsLeft(PERSONA_COMPANIES.widgets)).toBe(250);
    expect(world.companies.followerCount(world.companies.require(PERSONA_COMPANIES.global))).toBeGreaterThan(5000);
    expect(world.companies.followerCount(world.companies.require(PERSONA_COMPANIES.widgets))).toBeLessThanOrEqual(5000);
    expect(world.companies.require(PERSONA_COMPANIES.empty).empty).toBe(true);
    expect(world.groups.view(ada, PERSONA_GROUPS.builders).name).toBe("Sandbox Builders");
    expect(world.events.get(PERSONA_EVENTS.summit)?.invitesEnabled).toBe(false);
    expect(world.events.get(PERSONA_EVENTS.dinner)?.private).toBe(true);
    const today = world.profiles.greetings(ada);
    expect(today.birthdays.length).toBeGreaterThanOrEqual(1);
    expect(today.workAnniversaries.length).toBeGreaterThanOrEqual(1);
    expect(today.jobChanges.length).toBeGreaterThanOrEqual(1);
    expect(world.counters.all()).toEqual({});
  });

  it("passes settings and the clock's start through to the world", () => {
    const start = Date.UTC(2027, 5, 1, 12);
    const world = generateWorld({
      seed: 2,
      members: 300,
      start,
      settings: {
        weeklyInvitesFree: 1,
        notesPerMonthFree: 0,
        inmailCredits: { free: 0, premium: 0, sales_navigator: 0, recruiter: 0 },
      },
    });
    expect(world.now()).toBe(start);
    expect(world.settings.weeklyInvitesFree).toBe(1);
    expect(world.settings.weeklyInvitesPaid).toBe(200);
    expect(world.members.count).toBe(309);
  });

  it.runIf(process.env.SANDBOX_HEAP === "1")(
    "measures heap for 5,000 and 100,000 members",
    () => {
      const gc = (globalThis as { gc?: () => void }).gc;
      for (const members of [5000, 100_000]) {
        gc?.();
        const before = process.memoryUsage().heapUsed;
        const t0 = performance.now();
        const world = generateWorld({ seed: 1, members });
        const ms = performance.now() - t0;
        gc?.();
        const after = process.memoryUsage().heapUsed;
        console.log(
          `heap ${members} members: +${((after - before) / 1024 / 1024).toFixed(1)} MB (gc ${gc ? "on" : "off"}), generated in ${ms.toFixed(0)} ms, members ${world.members.count}`,
        );
      }
    },
    600_000,
  );
});
