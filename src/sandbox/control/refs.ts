/** References the control API accepts: members by email or id, durations like "15d". */

import { findMember } from "../http/routes/lookup.ts";
import { SandboxRefusal } from "../world/refusal.ts";
import type { Member } from "../world/types.ts";
import type { World } from "../world/world.ts";

export function bad(message: string): SandboxRefusal {
  return new SandboxRefusal("BAD_REQUEST", message, 400);
}

/** A member from an email, an ACoAA id, a vanity, a URN or a numeric member id. */
export function memberRef(world: World, ref: unknown): Member {
  if (typeof ref === "number") return world.members.require(ref);
  if (typeof ref !== "string" || ref === "") throw bad("member reference required");
  const m = ref.includes("@") ? world.members.byEmailAddress(ref) : findMember(world, ref);
  if (!m) throw new SandboxRefusal("PROFILE_NOT_FOUND", `no member ${ref}`, 404);
  return m;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function parseDuration(v: unknown): number {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)(ms|s|m|h|d|w)$/.exec(v.trim()) : null;
  if (!m) throw bad(`not a duration: ${String(v)} (use 15d, 2h, 30m, 10s or milliseconds)`);
  return Math.round(Number(m[1]) * (UNITS[m[2] as string] as number));
}
