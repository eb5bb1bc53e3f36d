/** Small helpers for world tests: a generated world, persona lookups, refusal assertions. */

import { expect } from "vitest";
import { generateWorld } from "../../../src/sandbox/generator/generate.ts";
import { PERSONA_IDS, type PersonaName } from "../../../src/sandbox/generator/personas.ts";
import type { NewMember } from "../../../src/sandbox/world/members.ts";
import { SandboxRefusal } from "../../../src/sandbox/world/refusal.ts";
import type { Member, Tier } from "../../../src/sandbox/world/types.ts";
import { World } from "../../../src/sandbox/world/world.ts";

/** A small world (fast): personas and 300 generated members. */
export function smallWorld(seed = 7, members = 300): World {
  return generateWorld({ seed, members });
}

export function persona(world: World, name: PersonaName): Member {
  return world.members.require(PERSONA_IDS[name]);
}

/** Runs `fn` and asserts it throws a SandboxRefusal with this code. */
export function expectRefusal(fn: () => unknown, code: string): SandboxRefusal {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SandboxRefusal);
    expect((error as SandboxRefusal).code).toBe(code);
    return error as SandboxRefusal;
  }
  throw new Error(`expected refusal ${code}, got success`);
}

/** A world of `count` plain members (ids 1..count), no graph, all free unless told otherwise. */
export function bareWorld(count: number, options: ConstructorParameters<typeof World>[0] = {}): World {
  const world = new World(options);
  for (let id = 1; id <= count; id++) world.members.add(plainMember(id, world.now()));
  return world;
}

export function plainMember(id: number, now: number, tier: Tier = "free"): NewMember {
  return {
    memberId: id,
    publicIdentifier: `member-${id}`,
    firstName: `First${id}`,
    lastName: `Last${id}`,
    headline: "Engineer",
    location: "London Area, United Kingdom",
    geoId: 90009496,
    industry: "Software Development",
    industryId: 4,
    companyId: null,
    companyName: "",
    title: "Engineer",
    pastCompanyIds: [],
    schoolId: null,
    schoolName: "",
    languages: ["en"],
    email: `member-${id}@example.test`,
    password: "sandbox-password",
    tier,
    restricted: false,
    needsPin: false,
    totpSecret: null,
    blankMe: false,
    openProfile: false,
    acceptsInMail: true,
    contactInfo: {
      email: `member-${id}@example.test`,
      phone: null,
      website: null,
      twitter: null,
      visibility: "connections",
    },
    skills: [],
    birthday: null,
    jobStartedAt: now - 400 * 86_400_000,
    jobChangedAt: null,
    recruiterContracts: [],
    createdAt: now - 1000 * 86_400_000,
  };
}
