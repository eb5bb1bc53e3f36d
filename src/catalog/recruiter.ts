import { z } from "zod";
import type { ErrorCode } from "../errors/index.ts";
import { bindDriver } from "../linkedin/index.ts";
import { defineAction } from "./define.ts";
import { accountId, contractId, input, profileId, sendOptions } from "./fields.ts";
import { searchInput } from "./search.ts";
import { recruiterSearchRun } from "./search-run.ts";

const RECRUITER_CODES: readonly ErrorCode[] = [
  "RECRUITER_AUTH_REQUIRED",
  "RECRUITER_ACKNOWLEDGEMENT_REQUIRED",
  "RECRUITER_LOGIN_SUBMISSION_FAILED",
];

/** LinkedIn Recruiter: one session at a time; most calls need a contract_id. */
export const recruiter = [
  defineAction({
    name: "recruiter_contracts",
    ...bindDriver("recruiter_contracts"),
    family: "recruiter",
    mode: "async",
    summary: "The Recruiter contracts the account can use",
    input: input({ accountId }),
    codes: RECRUITER_CODES,
    tier: "recruiter",
  }),
  defineAction({
    name: "recruiter_inmail_credits",
    ...bindDriver("recruiter_inmail_credits"),
    family: "recruiter",
    mode: "async",
    summary: "InMail credits of a Recruiter contract",
    input: input({ accountId, contract_id: contractId }),
    codes: RECRUITER_CODES,
    tier: "recruiter",
  }),
  defineAction({
    name: "send_recruiter_message",
    ...bindDriver("send_recruiter_message"),
    family: "recruiter",
    mode: "async",
    summary: "Send a Recruiter InMail",
    input: input({
      accountId,
      contract_id: contractId,
      profile_id: profileId,
      subject: z.string().min(1).max(200),
      message: z.string().min(1).max(1900),
      signature: z.string().max(500).optional(),
      ...sendOptions,
    }),
    codes: [...RECRUITER_CODES, "NOT_ENOUGH_INMAIL_CREDIT"],
    bucket: "inmail",
    tier: "recruiter",
  }),
  defineAction({
    name: "recruiter_search",
    family: "recruiter",
    mode: "async",
    summary: "Recruiter search (linkedin.com/talent/search…)",
    run: recruiterSearchRun,
    input: input({ ...searchInput(1000).shape, contract_id: contractId.optional() }),
    codes: ["UNKNOWN_SEARCH_URL", ...RECRUITER_CODES],
    bucket: "lead_search",
    perResult: { defaultLimit: 25 },
    tier: "recruiter",
  }),
];
