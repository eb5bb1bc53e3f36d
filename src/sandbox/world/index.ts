/** The world's public surface, for the http layer and the generator. */
export * from "./clock.ts";
export * from "./counters.ts";
export * from "./faults.ts";
export type { Degree } from "./graph.ts";
export * from "./ids.ts";
export type { NewMember } from "./members.ts";
export type { Sent } from "./messaging.ts";
export { MEDIA_TYPES, REACTION_TYPES } from "./posts.ts";
export type { Greetings } from "./profiles.ts";
export * from "./refusal.ts";
export type { Page, Paging, PeopleFilters } from "./search.ts";
export type { LoginOutcome, Session } from "./sessions.ts";
export * from "./settings.ts";
export type * from "./types.ts";
export * from "./world.ts";
