import { refOf } from "../linkedin/actions/network.ts";
import type { Profile, Skill } from "../linkedin/index.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";
import { driven } from "./driven.ts";

/**
 * The profile actions on the engine's lane. Every read of a profile is a view in LinkedIn's
 * eyes, which is why all three count in the profile_view bucket. The member may be named by
 * any URL people paste (`/in/`, `/sales/lead/`, `/talent/profile/`), a public identifier or
 * a profile_id; anything else is 404_PROFILE_ID before LinkedIn is asked.
 */
type Input = Record<string, unknown>;

/** LinkedIn's distance → the degree people talk about (0 = the account itself, null = out of network). */
const DEGREES: Record<string, number | null> = {
  SELF: 0,
  DISTANCE_1: 1,
  DISTANCE_2: 2,
  DISTANCE_3: 3,
  OUT_OF_NETWORK: null,
};

export interface ProfileDetails {
  profile_id: string;
  public_identifier: string | null;
  profile_url: string | null;
  first_name: string;
  last_name: string;
  full_name: string;
  headline: string | null;
  location: string | null;
  industry: string | null;
  /** 1, 2, 3 (3rd and beyond), 0 for the account itself, null out of network. */
  degree: number | null;
  distance: string | null;
  connection_status: Profile["connection_status"];
  connected_at: number | null;
  invitation: Profile["invitation"];
  /** The member's paid tiers as LinkedIn shows them to others. */
  tiers: { premium: boolean; sales_navigator_id: string | null };
  is_premium: boolean;
  experience: Profile["positions"];
  education: Profile["educations"];
  skills: { name: string; endorsement_count: number; endorsed_by_viewer: boolean }[];
}

export function profileDetails(profile: Profile, skills: readonly Skill[]): ProfileDetails {
  const degree = profile.distance === null ? null : (DEGREES[profile.distance] ?? null);
  return {
    profile_id: profile.profile_id,
    public_identifier: profile.public_identifier,
    profile_url: profile.public_identifier
      ? `https://www.linkedin.com/in/${encodeURIComponent(profile.public_identifier)}/`
      : null,
    first_name: profile.first_name,
    last_name: profile.last_name,
    full_name: profile.full_name,
    headline: profile.headline,
    location: profile.location,
    industry: profile.industry,
    degree,
    distance: profile.distance,
    connection_status: profile.connection_status,
    connected_at: profile.connected_at,
    invitation: profile.invitation,
    tiers: { premium: profile.premium, sales_navigator_id: profile.sales_navigator_id },
    is_premium: profile.premium,
    experience: profile.positions,
    education: profile.educations,
    skills: skills.map((s) => ({
      name: s.name,
      endorsement_count: s.endorsement_count,
      endorsed_by_viewer: s.endorsed_by_viewer,
    })),
  };
}

/** get_profile_details: the profile (one view) and its skills section. */
export async function getProfileDetailsRun(ctx: RunContext, input: Input): Promise<ProfileDetails> {
  const ref = refOf(input);
  const client = await clientOf(ctx);
  const profile = await client.profiles.get(ref);
  return profileDetails(profile, await client.profiles.skills(profile.profile_id));
}

/** view_profile: a visit the member sees in "who viewed my profile". */
export async function viewProfileRun(ctx: RunContext, input: Input): Promise<unknown> {
  const ref = refOf(input);
  const client = await clientOf(ctx);
  const p = await client.profiles.get(ref);
  return {
    viewed: true,
    profile_id: p.profile_id,
    public_identifier: p.public_identifier,
    full_name: p.full_name,
    headline: p.headline,
  };
}

/** get_profile_contact_details: refused (CONTACT_INFO_FETCH_FAILED) when hidden from the account. */
export const contactDetailsRuns = driven("get_profile_contact_details");

/** profile_views: who viewed the account (TOTAL_COUNT_FAILED, NO_VIEWERS_FOUND). */
export const profileViewsRuns = driven("profile_views");
