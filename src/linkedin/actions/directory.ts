/** Companies, groups, events, searches and seat-bound searches, in API.md's shapes. */
import { WelinkError } from "../../errors/index.ts";
import { companyRef } from "../families/companies.ts";
import { pagingOptionsOf } from "../families/paging.ts";
import { idOf } from "./network.ts";
import { type DriverAction, type Input, need, num, startOf, str, withClient } from "./types.ts";

async function companyIdOf(client: Parameters<Parameters<typeof withClient>[0]>[0], input: Input): Promise<string> {
  const ref = companyRef({ company_id: need(input, "company_id") });
  return ref.kind === "id" ? ref.id : (await client.companies.get(ref)).company_id;
}

export const DIRECTORY_ACTIONS: Record<string, DriverAction> = {
  get_company_details: withClient((client, input) =>
    client.companies.get(
      companyRef({
        ...(str(input, "company_url") ? { company_url: str(input, "company_url") as string } : {}),
        ...(str(input, "company_id") ? { company_id: str(input, "company_id") as string } : {}),
      }),
    ),
  ),
  follow_company: withClient(async (client, input) => {
    const id = await companyIdOf(client, input);
    const follow = input.follow !== false;
    await client.companies.follow(id, follow);
    return { followed: follow, company_id: id };
  }),
  invite_to_follow_company: withClient(async (client, input) => {
    const id = await companyIdOf(client, input);
    const ids = Array.isArray(input.profile_ids)
      ? await Promise.all(input.profile_ids.map((p) => idOf(client, { profile_id: p })))
      : [await idOf(client, input)];
    return { company_id: id, ...(await client.companies.inviteToFollow(id, ids)) };
  }),

  groups: withClient(async (client, input) => ({
    groups: await client.groups.mine(startOf(input), num(input, "count", 10)),
  })),
  get_group_details: withClient((client, input) => client.groups.get(need(input, "group_id"))),
  group_members: withClient((client, input) =>
    client.groups.members(need(input, "group_id"), startOf(input), num(input, "count", 10)),
  ),

  events: withClient(async (client, input) => {
    const events = await client.events.mine(startOf(input), num(input, "count", 10));
    if (!events.length) throw new WelinkError("NO_EVENTS_FOUND", "The account has no events");
    return { events };
  }),
  get_event_details: withClient((client, input) =>
    client.events.get(str(input, "event_id") ?? need(input, "event_url")),
  ),
  event_invite: withClient(async (client, input) => ({
    event_id: need(input, "event_id"),
    ...(await client.events.invite(need(input, "event_id"), [await idOf(client, input)])),
  })),

  search: withClient((client, input, ctx) =>
    client.search.byUrl(need(input, "search_url"), ["people", "companies"], pagingOptionsOf(input, ctx.pace)),
  ),
  search_groups: withClient((client, input, ctx) =>
    client.search.byUrl(need(input, "search_url"), ["groups"], pagingOptionsOf(input, ctx.pace)),
  ),
  search_posts: withClient((client, input, ctx) =>
    client.search.byUrl(need(input, "search_url"), ["content"], pagingOptionsOf(input, ctx.pace)),
  ),
  search_events: withClient((client, input, ctx) =>
    client.search.byUrl(need(input, "search_url"), ["events"], pagingOptionsOf(input, ctx.pace)),
  ),
  sales_navigator_search: withClient((client, input, ctx) =>
    client.sales.search(need(input, "search_url"), pagingOptionsOf(input, ctx.pace)),
  ),
  recruiter_search: withClient((client, input, ctx) =>
    client.recruiter.search(need(input, "contract_id"), need(input, "search_url"), pagingOptionsOf(input, ctx.pace)),
  ),
};
