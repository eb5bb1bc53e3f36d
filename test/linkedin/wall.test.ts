import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/** ARCHITECTURE.md: the driver and the sandbox meet on the wire only; the driver imports only errors (and types). */
function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("the driver's walls", () => {
  const sources = files(join(import.meta.dirname, "../../src/linkedin"));

  it("never imports the sandbox", () => {
    for (const f of sources) expect(readFileSync(f, "utf8"), f).not.toMatch(/from\s+["'][^"']*sandbox/);
  });

  it("imports from the rest of welink only errors, and store/lib types", () => {
    for (const f of sources) {
      for (const m of readFileSync(f, "utf8").matchAll(
        /^import\s+(type\s+)?[^;]*?from\s+["'](\.\.\/\.\.\/[^"']+|\.\.\/\.\.\/\.\.\/[^"']+)["']/gm,
      )) {
        const target = m[2] as string;
        const typeOnly = Boolean(m[1]);
        const ok = /\/errors\/index\.ts$/.test(target) || (typeOnly && /\/(store\/types|lib\/clock)\.ts$/.test(target));
        expect(ok, `${f} imports ${target}`).toBe(true);
      }
    }
  });
});
