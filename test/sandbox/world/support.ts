/** Small helpers for world tests: a generated world, persona lookups, refusal assertions. */

import { expect } from "vitest";
import { generateWorld } from "../../../src/sandbox/generator/generate.ts";
import { PERSONA_IDS, type PersonaName } from "../../../src/sandbox/generator/personas.ts";
import { SandboxRefusal } from "../../../src/sandbox/world/refusal.ts";
import type { Member } from "../../../src/sandbox/world/types.ts";
import type { World } from "../../../src/sandbox/world/world.ts";

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
