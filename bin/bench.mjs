#!/usr/bin/env node
// Runs the benchmarks: every bench/*.ts in turn, or the ones named
// (`npm run bench -- intake store-enqueue`). Each runs through tsx in its own process and
// prints its own baseline and ratio. Helpers live in bench/<name>/ and are not run.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const benchDir = join(root, "bench");
const all = readdirSync(benchDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2).map((name) => name.replace(/\.ts$/, "").replace(/^bench\//, ""));
const unknown = wanted.filter((name) => !all.includes(name));
if (unknown.length > 0) {
  console.error(`bench: no bench named ${unknown.join(", ")} (have: ${all.join(", ")})`);
  process.exit(1);
}
let failed = 0;
for (const name of wanted.length > 0 ? wanted : all) {
  console.log(`\n== bench/${name}.ts`);
  const run = spawnSync(process.execPath, ["--import", "tsx", join(benchDir, `${name}.ts`)], {
    cwd: root,
    stdio: "inherit",
  });
  if (run.status !== 0) failed++;
}
process.exit(failed > 0 ? 1 : 0);
