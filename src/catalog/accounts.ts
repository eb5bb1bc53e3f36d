import { z } from "zod";
import { bindDriver } from "../linkedin/index.ts";
import { loginCodeRun, loginCookieRun, loginPasswordRun, meHandler } from "./accounts-run.ts";
import { disconnectAccount, getAccountDetails, getAllAccounts, getResponse } from "./accounts-sync.ts";
import { defineAction } from "./define.ts";
import { accountId, input, proxy, queueTimeout, withRequestId } from "./fields.ts";
import { profileViewsRuns } from "./profiles-run.ts";

const loginFields = {
  email: z.string().min(3).max(320).describe("LinkedIn login email"),
  password: z.string().min(1).max(1024),
  proxy,
  two_fa_secret: z
    .string()
    .regex(/^[A-Za-z2-7= ]+$/, "expected a base32 TOTP secret")
    .optional()
    .describe("TOTP secret (base32) so sessions refresh without a PIN"),
  user_agent: z.string().min(1).max(1024).optional(),
};

const loginCodes = [
  "WRONG_PASSWORD",
  "ACCOUNT_RESTRICTED",
  "PROXY_ERROR",
  "BASIC_INFO_NOT_FOUND",
  "OWN_PROFILE_ID_NOT_FOUND",
  "STATUS_429",
  "PIN_REQUIRED",
] as const;

/** Connecting accounts, their state, and polling results. */
export const accounts = [
  defineAction({
    name: "login_v2",
    family: "accounts",
    mode: "async",
    summary: "Connect a LinkedIn account with email and password (answers with the new accountId)",
    input: input(loginFields),
    codes: loginCodes,
    account: "none",
    createsAccount: true,
    run: loginPasswordRun,
  }),
  defineAction({
    name: "login",
    family: "accounts",
    mode: "async",
    summary: "Alias of login_v2 (We-Link's older path)",
    input: input(loginFields),
    codes: loginCodes,
    account: "none",
    createsAccount: true,
    run: loginPasswordRun,
  }),
  defineAction({
    name: "login_code",
    family: "accounts",
    mode: "async",
    summary: "Submit the PIN LinkedIn sent, for an account in PIN_REQUIRED",
    input: withRequestId({
      accountId,
      code: z.string().min(1).max(32).describe("the verification code from the email, SMS or app"),
      queue_timeout_s: queueTimeout,
    }),
    codes: ["INVALID_PIN", "WRONG_PASSWORD"],
    account: "PIN_REQUIRED",
    run: loginCodeRun,
  }),
  defineAction({
    name: "login_cookie",
    family: "accounts",
    mode: "async",
    summary: "Connect a LinkedIn account with its li_at session cookie",
    input: input({
      li_at: z.string().min(10).max(4096).describe("the li_at cookie of a logged-in LinkedIn session"),
      jsessionid: z.string().min(1).max(256).optional(),
      user_agent: z.string().min(1).max(1024).optional(),
      proxy: proxy.optional(),
    }),
    codes: ["SESSION_EXPIRED", "PROXY_ERROR", "BASIC_INFO_NOT_FOUND", "OWN_PROFILE_ID_NOT_FOUND"],
    account: "none",
    createsAccount: true,
    run: loginCookieRun,
  }),
  defineAction({
    name: "me",
    family: "accounts",
    mode: "sync",
    summary: "A live check of the account's LinkedIn session (at most 30 s): who LinkedIn says it is",
    input: z.object({ accountId }),
    codes: ["NOT_FOUND", "ACCOUNT_NOT_ACTIVE", "SESSION_EXPIRED", "PROXY_ERROR"],
    handler: meHandler,
  }),
  defineAction({
    name: "get_all_ln_accounts",
    family: "accounts",
    mode: "sync",
    summary: "List the workspace's connected LinkedIn accounts",
    input: z.object({}),
    codes: [],
    handler: getAllAccounts,
  }),
  defineAction({
    name: "get_ln_account_details",
    family: "accounts",
    mode: "sync",
    summary: "One account's status, profile, tiers, proxy (without secrets) and queue depth",
    input: z.object({ accountId }),
    codes: ["NOT_FOUND"],
    handler: getAccountDetails,
  }),
  defineAction({
    name: "disconnect_account",
    family: "accounts",
    mode: "sync",
    summary: "Disconnect an account: erase its secrets and fail its queued work with ACCOUNT_DISCONNECTED",
    input: z.object({ accountId }),
    codes: ["NOT_FOUND"],
    handler: disconnectAccount,
  }),
  defineAction({
    name: "get_response",
    family: "accounts",
    mode: "sync",
    summary: "The state and result of an asynchronous request",
    input: withRequestId({}),
    codes: ["NOT_FOUND"],
    handler: getResponse,
  }),
  defineAction({
    name: "profile_views",
    ...profileViewsRuns,
    family: "accounts",
    mode: "async",
    summary: "Who viewed the account's profile",
    input: input({ accountId }),
    codes: ["TOTAL_COUNT_FAILED", "NO_VIEWERS_FOUND"],
  }),
  defineAction({
    name: "inmail_credits",
    ...bindDriver("inmail_credits"),
    family: "accounts",
    mode: "async",
    summary: "The account's InMail credit balance",
    input: input({ accountId }),
    codes: [],
  }),
];
