#!/usr/bin/env node
// The `welink` command. It runs the TypeScript sources directly through tsx, so
// `npx welink …` works right after `npm ci`, with no build step to forget.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/cli/main.ts");
await main(process.argv);
