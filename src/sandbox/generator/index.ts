/** The world generator's public surface. */
export { PERSONA_EVENTS, PERSONA_GROUPS } from "./content.ts";
export * from "./dump.ts";
export * from "./generate.ts";
export * from "./personas.ts";
