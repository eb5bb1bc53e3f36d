/** The world's public surface, for the http layer and the generator. */
export * from "./clock.ts";
export * from "./ids.ts";
export * from "./refusal.ts";
export * from "./settings.ts";
export type * from "./types.ts";
export * from "./world.ts";
