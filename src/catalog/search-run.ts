import { parseRecruiterSearchUrl } from "../linkedin/families/lead-search-url.ts";
import { pagingOptionsOf } from "../linkedin/families/paging.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";
import { driven } from "./driven.ts";

/**
 * The search actions on the engine's lane. Each endpoint accepts only its own variant of
 * LinkedIn's search URL (another variant, or an unreadable one, is UNKNOWN_SEARCH_URL
 * before LinkedIn is asked) and pages until `limit` within the variant's cap; the driver
 * parses the URL (src/linkedin/families/search-url.ts, lead-search-url.ts).
 */
type Input = { search_url: string; limit?: number; start?: number; contract_id?: string };

export const searchRuns = driven("search");
export const searchGroupsRuns = driven("search_groups");
export const searchPostsRuns = driven("search_posts");
export const searchEventsRuns = driven("search_events");
export const salesSearchRuns = driven("sales_navigator_search");

/**
 * recruiter_search: the contract is the one given, else the one of a `/talent/hire/<n>/`
 * URL, else the account's first contract.
 */
export async function recruiterSearchRun(ctx: RunContext, input: Input): Promise<unknown> {
  const parsed = parseRecruiterSearchUrl(input.search_url);
  const client = await clientOf(ctx);
  const contract = input.contract_id ?? parsed.contractId ?? (await client.recruiter.contracts())[0]?.contract_id ?? "";
  const page = await client.recruiter.search(contract, input.search_url, pagingOptionsOf(input, ctx.pace));
  return { contract_id: contract, ...page };
}
