/**
 * A plain, stable snapshot of a world (sets as sorted arrays, maps as entries): what the
 * determinism test hashes, and what the control API can serve for debugging.
 */

import { createHash } from "node:crypto";
import type { World } from "../world/world.ts";

const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);

export function dumpWorld(world: World): Record<string, unknown> {
  return {
    seed: world.seed,
    now: world.now(),
    members: world.members.list,
    edges: [...world.graph.allEdges()],
    invitations: world.invitations.all(),
    companies: world.companies.list.map((c) => ({
      ...c,
      followerIds: sorted(c.followerIds),
      adminIds: sorted(c.adminIds),
      inviteCreditsUsed: [...c.inviteCreditsUsed],
      followInvites: [...c.followInvites],
    })),
    groups: world.groups.list.map((g) => ({ ...g, memberIds: sorted(g.memberIds), adminIds: sorted(g.adminIds) })),
    events: world.events.list.map((e) => ({
      ...e,
      organizerIds: sorted(e.organizerIds),
      attendeeIds: sorted(e.attendeeIds),
      invitations: [...e.invitations],
    })),
    posts: world.posts.list.map((p) => ({ ...p, reactions: [...p.reactions] })),
    threads: world.messaging.all(),
    views: world.profiles.allViews(),
  };
}

/** sha256 of the dump: equal hashes, equal worlds. */
export function worldHash(world: World): string {
  return createHash("sha256")
    .update(JSON.stringify(dumpWorld(world)))
    .digest("hex");
}
