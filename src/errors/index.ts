export * from "./catalog.ts";
export * from "./welink-error.ts";
