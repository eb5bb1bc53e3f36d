import { z } from "zod";
import { defineAction } from "./define.ts";
import { accountId, input } from "./fields.ts";
import { searchEventsRuns, searchGroupsRuns, searchPostsRuns, searchRuns } from "./search-run.ts";

/** The body every search variant takes (API.md, "Search"). */
export const searchInput = (maxLimit: number) =>
  input({
    accountId,
    search_url: z.string().min(1).max(8192).describe("a LinkedIn search URL of this endpoint's variant"),
    limit: z.number().int().min(1).max(maxLimit).optional(),
    start: z.number().int().min(0).max(maxLimit).optional(),
  });

const variant = (name: string, summary: string, runs: typeof searchRuns) =>
  defineAction({
    name,
    ...runs,
    family: "search",
    mode: "async",
    summary,
    input: searchInput(1000),
    codes: ["UNKNOWN_SEARCH_URL"],
    bucket: "search",
    perResult: { defaultLimit: 10 },
  });

/** One endpoint per search variant; a URL of another variant is UNKNOWN_SEARCH_URL. */
export const search = [
  variant("search", "People or company search (linkedin.com/search/results/people|companies/…)", searchRuns),
  variant("search_groups", "Group search (linkedin.com/search/results/groups/…)", searchGroupsRuns),
  variant("search_posts", "Post search (linkedin.com/search/results/content/…)", searchPostsRuns),
  variant("search_events", "Event search (linkedin.com/search/results/events/…)", searchEventsRuns),
];
