import { defineAction } from "./define.ts";
import { accountId, input, oneOf, profileId, profileUrl, publicIdentifier } from "./fields.ts";
import { contactDetailsRuns, getProfileDetailsRun, viewProfileRun } from "./profiles-run.ts";

const target = () =>
  oneOf(
    input({
      accountId,
      profile_url: profileUrl.optional(),
      public_identifier: publicIdentifier.optional(),
      profile_id: profileId.optional(),
    }),
    ["profile_url", "public_identifier", "profile_id"],
  );

/** Reading members' profiles. Every fetch of a profile is a view in LinkedIn's eyes. */
export const profiles = [
  defineAction({
    name: "get_profile_details",
    family: "profiles",
    mode: "async",
    summary: "A member's profile: name, headline, location, experience, education, skills, tiers, degree",
    input: target(),
    codes: ["PROFILE_NOT_FOUND", "404_PROFILE_ID"],
    bucket: "profile_view",
    run: getProfileDetailsRun,
  }),
  defineAction({
    name: "get_profile_contact_details",
    ...contactDetailsRuns,
    family: "profiles",
    mode: "async",
    summary: "A member's contact information, as far as it is visible to the account",
    input: target(),
    codes: ["CONTACT_INFO_FETCH_FAILED", "PROFILE_NOT_FOUND", "404_PROFILE_ID"],
    bucket: "profile_view",
  }),
  defineAction({
    name: "view_profile",
    family: "profiles",
    mode: "async",
    summary: "Visit a profile (the member sees the view; counts in the profile-view quota)",
    input: target(),
    codes: ["PROFILE_NOT_FOUND", "404_PROFILE_ID"],
    bucket: "profile_view",
    run: viewProfileRun,
  }),
];
