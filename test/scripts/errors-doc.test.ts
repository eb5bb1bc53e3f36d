import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ERRORS_DOC, renderErrorsDoc } from "../../scripts/errors-doc.ts";
import { CATALOG } from "../../src/errors/index.ts";
import { MATRIX } from "../e2e/data/matrix.ts";

describe("docs/errors.md", () => {
  it("is what npm run docs:errors renders from the catalogue and the conformance matrix", () => {
    // When this fails: run `npm run docs:errors` and commit docs/errors.md.
    expect(readFileSync(ERRORS_DOC, "utf8")).toBe(renderErrorsDoc());
  });

  it("lists every catalogued code, and a scenario for every seed code", () => {
    const doc = renderErrorsDoc();
    for (const code of Object.keys(CATALOG)) expect(doc).toContain(`| \`${code}\``);
    const rows = new Set(MATRIX.map((r) => r.code));
    for (const [code, spec] of Object.entries(CATALOG)) if (spec.seed) expect(rows.has(code), code).toBe(true);
  });
});
