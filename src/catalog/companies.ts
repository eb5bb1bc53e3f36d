import { z } from "zod";
import { bindDriver } from "../linkedin/index.ts";
import { followCompany } from "./companies-run.ts";
import { defineAction } from "./define.ts";
import { accountId, companyId, input, oneOf, profileId } from "./fields.ts";

/** Company pages. */
export const companies = [
  defineAction({
    name: "get_company_details",
    ...bindDriver("get_company_details"),
    family: "companies",
    mode: "async",
    summary: "A company page's details",
    input: oneOf(input({ accountId, company_url: z.string().min(1).optional(), company_id: companyId.optional() }), [
      "company_url",
      "company_id",
    ]),
    codes: ["INVALID_COMPANY_URL", "404_COMPANY", "COMPANY_ID_NOT_FOUND", "NO_COMPANY_DATA"],
  }),
  defineAction({
    name: "follow_company",
    ...followCompany,
    family: "companies",
    mode: "async",
    summary: "Follow or unfollow a company page",
    input: input({ accountId, company_id: companyId, follow: z.boolean().default(true) }),
    codes: ["404_COMPANY"],
    bucket: "follow",
  }),
  defineAction({
    name: "invite_to_follow_company",
    ...bindDriver("invite_to_follow_company"),
    family: "companies",
    mode: "async",
    summary: "Invite a connection to follow a company page the account administers",
    input: input({ accountId, company_id: companyId, profile_id: profileId }),
    codes: ["INSUFFICIENT_CREDITS", "TOO_MANY_FOLLOWERS", "NOT_CONNECTED", "FORBIDDEN", "404_COMPANY"],
    bucket: "company_invite",
    repeatable: "LinkedIn skips members already invited to follow the page (no second invitation, no credit spent)",
  }),
];
