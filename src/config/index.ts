export * from "./load.ts";
export * from "./options.ts";
