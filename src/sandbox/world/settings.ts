/**
 * Every number LinkedIn's rules use, as the defaults of LINKEDIN.md. Each is a sandbox
 * setting: `new World({ settings: { weeklyInvitesFree: 20 } })` overrides one.
 */

import { DAY, MINUTE, SECOND } from "./clock.ts";

export interface WorldSettings {
  weeklyInvitesFree: number;
  weeklyInvitesPaid: number;
  /** The last fraction of the weekly allowance in which 1 invitation in `silentDropEvery` is dropped. */
  silentDropZone: number;
  silentDropEvery: number;
  noteMaxPaid: number;
  noteMaxFree: number;
  notesPerMonthFree: number;
  resendAfterWithdrawalMs: number;
  maxConnectionsAndPending: number;
  burstRequestsPerMinute: number;
  burstPenaltyMs: number;
  pushbacksBeforeRestriction: number;
  pushbackWindowMs: number;
  inmailCredits: Record<"free" | "premium" | "sales_navigator" | "recruiter", number>;
  inmailRefundWindowMs: number;
  companyInviteCreditsPerMonth: number;
  companyInviteMaxFollowers: number;
  searchResultCap: number;
  searchPageSize: number;
  salesSearchResultCap: number;
  salesSearchPageSize: number;
  freeSearchesPerMonth: number;
  videoProcessingMs: number;
  maxImageBytes: number;
  maxVideoBytes: number;
  maxDocumentBytes: number;
  profileViewsWindowMs: number;
  pin: string;
  password: string;
}

export const DEFAULT_SETTINGS: WorldSettings = {
  weeklyInvitesFree: 100,
  weeklyInvitesPaid: 200,
  silentDropZone: 0.1,
  silentDropEvery: 3,
  noteMaxPaid: 300,
  noteMaxFree: 200,
  notesPerMonthFree: 5,
  resendAfterWithdrawalMs: 14 * DAY,
  maxConnectionsAndPending: 30_000,
  burstRequestsPerMinute: 60,
  burstPenaltyMs: 5 * MINUTE,
  pushbacksBeforeRestriction: 3,
  pushbackWindowMs: DAY,
  inmailCredits: { free: 0, premium: 5, sales_navigator: 50, recruiter: 30 },
  inmailRefundWindowMs: 90 * DAY,
  companyInviteCreditsPerMonth: 250,
  companyInviteMaxFollowers: 5000,
  searchResultCap: 1000,
  searchPageSize: 10,
  salesSearchResultCap: 2500,
  salesSearchPageSize: 25,
  freeSearchesPerMonth: 300,
  videoProcessingMs: 20 * SECOND,
  maxImageBytes: 10 * 1024 * 1024,
  maxVideoBytes: 200 * 1024 * 1024,
  maxDocumentBytes: 100 * 1024 * 1024,
  profileViewsWindowMs: 90 * DAY,
  pin: "424242",
  password: "sandbox-password",
};
