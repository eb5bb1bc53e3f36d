import { z } from "zod";
import { bindDriver } from "../linkedin/index.ts";
import { defineAction } from "./define.ts";
import { accountId, cursor, input, messageText, profileId, sendOptions, threadId } from "./fields.ts";
import { salesInMail, salesThreadSend } from "./sales-navigator-run.ts";
import { searchInput } from "./search.ts";
import { salesSearchRuns } from "./search-run.ts";

/** Sales Navigator: needs the account's seat (SALES_SEAT_REQUIRED otherwise). */
export const salesNavigator = [
  defineAction({
    name: "send_message_to_sales_navigator_thread",
    ...salesThreadSend,
    family: "sales-navigator",
    mode: "async",
    summary: "Reply in a Sales Navigator conversation",
    input: input({ accountId, thread_id: threadId, message: messageText, ...sendOptions }),
    codes: ["SALES_SEAT_REQUIRED", "THREAD_VALIDATION_PLUGIN_ERROR", "MESSAGE_VALIDATION_PLUGIN_ERROR"],
    bucket: "message",
    tier: "sales_navigator",
  }),
  defineAction({
    name: "send_sales_navigator_inmail",
    ...salesInMail,
    family: "sales-navigator",
    mode: "async",
    summary: "Send a Sales Navigator InMail",
    input: input({
      accountId,
      profile_id: profileId,
      subject: z.string().min(1).max(200),
      message: z.string().min(1).max(1900),
      sender_profile_id: profileId.optional(),
      ...sendOptions,
    }),
    codes: ["SALES_SEAT_REQUIRED", "MESSAGE_VALIDATION_PLUGIN_ERROR", "NOT_ENOUGH_INMAIL_CREDIT"],
    bucket: "inmail",
    tier: "sales_navigator",
  }),
  defineAction({
    name: "sales_navigator_threads",
    ...bindDriver("sales_navigator_threads"),
    family: "sales-navigator",
    mode: "async",
    summary: "The account's Sales Navigator conversations",
    input: input({ accountId, cursor }),
    codes: ["SALES_SEAT_REQUIRED"],
    tier: "sales_navigator",
    messageSync: true,
  }),
  defineAction({
    name: "sales_navigator_messages",
    ...bindDriver("sales_navigator_messages"),
    family: "sales-navigator",
    mode: "async",
    summary: "The messages of one Sales Navigator conversation",
    input: input({ accountId, thread_id: threadId, cursor }),
    codes: ["SALES_SEAT_REQUIRED", "THREAD_VALIDATION_PLUGIN_ERROR"],
    tier: "sales_navigator",
    messageSync: true,
  }),
  defineAction({
    name: "sales_navigator_search",
    ...salesSearchRuns,
    family: "sales-navigator",
    mode: "async",
    summary: "Sales Navigator lead or account search (linkedin.com/sales/search/people|company…)",
    input: searchInput(2500),
    codes: ["UNKNOWN_SEARCH_URL", "SALES_SEAT_REQUIRED"],
    bucket: "lead_search",
    perResult: { defaultLimit: 25 },
    tier: "sales_navigator",
  }),
];
