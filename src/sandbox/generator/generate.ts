/**
 * `generateWorld({ seed, members })`: the personas of LINKEDIN.md plus `members` generated
 * members (default 5,000) and their companies, connections, invitations, groups, events,
 * posts, conversations and profile views. Same seed and options, same world: everything is
 * drawn from the world's seeded random in a fixed order.
 *
 * Measured on 2 shared cores (load average ~12): 5,000 members in 0.6–1.6 s and ~21 MB of
 * heap; 100,000 members in ~7.9 s and ~398 MB (members ~1.5 KB each, posts ~0.8 KB each).
 */

import { World, type WorldOptions } from "../world/world.ts";
import { generateThreads, generateToday, generateViews } from "./activity.ts";
import { companyRefs, generateCompanies, generateEvents, generateGroups, generatePosts } from "./content.ts";
import { generatedMember } from "./members.ts";
import { generateInvitations, generateNetwork } from "./network.ts";
import { personaMembers } from "./personas.ts";

export interface GenerateOptions extends WorldOptions {
  /** Generated members besides the personas (default 5,000). */
  members?: number;
}

export const DEFAULT_MEMBER_COUNT = 5000;

export function generateWorld(options: GenerateOptions = {}): World {
  const world = new World(options);
  const count = options.members ?? DEFAULT_MEMBER_COUNT;
  const now = world.now();
  const { random, settings } = world;
  for (const persona of personaMembers(now, settings.password)) world.members.add(persona);
  const refs = companyRefs();
  const generatedIds: number[] = [];
  for (let i = 0; i < count; i++) {
    generatedIds.push(world.members.add(generatedMember(i, random, refs, now, settings.password)).memberId);
  }
  generateCompanies(world, refs);
  generateNetwork(world, generatedIds);
  generateToday(world);
  generateInvitations(world, generatedIds);
  generateGroups(world, generatedIds);
  generateEvents(world, generatedIds);
  generatePosts(world, generatedIds);
  generateThreads(world, generatedIds);
  generateViews(world, generatedIds);
  // The generated history is the world's past, not something a member "really did" now.
  world.counters.reset();
  world.setTime(now);
  return world;
}
