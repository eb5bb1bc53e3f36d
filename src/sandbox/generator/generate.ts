/**
 * `generateWorld({ seed, members })`: the personas of LINKEDIN.md plus `members` generated
 * members and their companies, groups, events, posts and threads. Same seed, same world.
 */

import { World, type WorldOptions } from "../world/world.ts";
import { generatedMember } from "./members.ts";
import { generateInvitations, generateNetwork } from "./network.ts";
import { personaMembers } from "./personas.ts";
import { COMPANY_FIRST, COMPANY_SECOND } from "./vocabulary.ts";

export interface GenerateOptions extends WorldOptions {
  /** Generated members besides the personas (default 5,000). */
  members?: number;
}

export const DEFAULT_MEMBER_COUNT = 5000;

export function generateWorld(options: GenerateOptions = {}): World {
  const world = new World(options);
  const count = options.members ?? DEFAULT_MEMBER_COUNT;
  const now = world.now();
  const random = world.random;
  for (const persona of personaMembers(now, world.settings.password)) world.members.add(persona);
  const companies = COMPANY_FIRST.flatMap((a, i) =>
    COMPANY_SECOND.map((b, j) => ({ id: 10000 + i * 100 + j, name: `${a} ${b}` })),
  );
  const generatedIds: number[] = [];
  for (let i = 0; i < count; i++) {
    generatedIds.push(world.members.add(generatedMember(i, random, companies, now, world.settings.password)).memberId);
  }
  generateNetwork(world, generatedIds);
  generateInvitations(world, generatedIds);
  // The generated history is the world's past, not something a member "really did" now.
  world.counters.reset();
  world.setTime(now);
  return world;
}
