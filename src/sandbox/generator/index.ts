export * from "./dump.ts";
export * from "./generate.ts";
export * from "./personas.ts";
