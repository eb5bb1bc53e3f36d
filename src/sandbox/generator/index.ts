export * from "./generate.ts";
export * from "./personas.ts";
