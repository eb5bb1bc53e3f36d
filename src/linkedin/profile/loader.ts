/**
 * The protocol profile: everything about LinkedIn's wire that rotates with its frontend
 * deploys — query ids, decoration versions, and for each operation the ordered list of
 * endpoint generations to try — kept as versioned data (voyager.md §6 takeaways 1–2).
 * A LinkedIn change is then an edit of a JSON file, reviewed like code.
 */
import { readFileSync } from "node:fs";
import { z } from "zod";

const Step = z.object({
  /** Which implementation in the family handles this path (dash, graphql, legacy, …). */
  generation: z.string().min(1),
  /** Absolute path on the base URL; `{id}`, `{urn}`, `{key}` are filled (encoded) by the family. */
  path: z.string().startsWith("/"),
  accept: z.enum(["normalized", "json", "graphql"]).default("json"),
  /** A key of `queryIds`. */
  queryId: z.string().optional(),
  /** A key of `decorations`. */
  decoration: z.string().optional(),
  /** LinkedIn answers 404 (not 410) once this path is retired: treat 404 as "try the next". */
  retiredOn404: z.boolean().default(false),
});

const Profile = z.object({
  name: z.string(),
  version: z.string(),
  notes: z.string().optional(),
  baseUrl: z.string().url(),
  queryIds: z.record(z.string(), z.string().regex(/^[A-Za-z]+\.[0-9a-f]{32}$/)),
  decorations: z.record(z.string(), z.string()),
  operations: z.record(z.string(), z.array(Step).min(1)),
});

export type PathStep = z.infer<typeof Step>;
export type ProtocolProfile = z.infer<typeof Profile>;

export const DEFAULT_PROFILE_FILE = new URL("./voyager-2026.11.json", import.meta.url);

/** Parses and checks a profile (a file path, a URL or an already parsed object). */
export function loadProfile(source: string | URL | unknown = DEFAULT_PROFILE_FILE): ProtocolProfile {
  const raw = typeof source === "string" || source instanceof URL ? JSON.parse(readFileSync(source, "utf8")) : source;
  const parsed = Profile.safeParse(raw);
  if (!parsed.success) throw new Error(`Invalid LinkedIn protocol profile: ${parsed.error.message}`);
  const profile = parsed.data;
  for (const [op, steps] of Object.entries(profile.operations)) {
    for (const step of steps) {
      if (step.queryId && !profile.queryIds[step.queryId]) throw new Error(`${op}: unknown queryId ${step.queryId}`);
      if (step.decoration && !profile.decorations[step.decoration]) {
        throw new Error(`${op}: unknown decoration ${step.decoration}`);
      }
    }
  }
  return profile;
}

let cached: ProtocolProfile | undefined;

/** The profile shipped with welink (parsed once). */
export function defaultProfile(): ProtocolProfile {
  cached ??= loadProfile();
  return cached;
}
