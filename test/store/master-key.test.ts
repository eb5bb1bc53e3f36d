import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadMasterKey, parseMasterKey } from "../../src/store/master-key.ts";

const root = mkdtempSync(join(tmpdir(), "welink-key-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`, "nested");

describe("master key", () => {
  it("is generated once into <dataDir>/master.key with mode 0600, creating the dir", () => {
    const dataDir = freshDir();
    const key = loadMasterKey({ env: {}, dataDir });
    expect(key).toHaveLength(32);
    const file = join(dataDir, "master.key");
    if (process.platform !== "win32") expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadMasterKey({ env: {}, dataDir }).equals(key)).toBe(true);
    expect(Buffer.from(readFileSync(file, "utf8").trim(), "base64").equals(key)).toBe(true);
  });

  it("comes from WELINK_MASTER_KEY as base64 or 64 hex characters, ignoring the file", () => {
    const raw = randomBytes(32);
    const dataDir = freshDir();
    expect(loadMasterKey({ env: { WELINK_MASTER_KEY: raw.toString("base64") }, dataDir }).equals(raw)).toBe(true);
    expect(loadMasterKey({ env: { WELINK_MASTER_KEY: raw.toString("hex") }, dataDir }).equals(raw)).toBe(true);
    expect(loadMasterKey({ env: { WELINK_MASTER_KEY: raw.toString("base64url") }, dataDir }).equals(raw)).toBe(true);
    expect(() => statSync(join(dataDir, "master.key"))).toThrow();
  });

  it("refuses a bad WELINK_MASTER_KEY with one sentence that does not echo the value", () => {
    for (const bad of ["short", randomBytes(16).toString("base64"), randomBytes(31).toString("hex"), "zz".repeat(32)]) {
      let message = "";
      try {
        loadMasterKey({ env: { WELINK_MASTER_KEY: bad }, dataDir: freshDir() });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toBe("WELINK_MASTER_KEY must be 32 bytes written as base64 or as 64 hex characters.");
      expect(message).not.toContain(bad);
    }
  });

  it("refuses a corrupt key file", () => {
    const dataDir = freshDir();
    loadMasterKey({ env: {}, dataDir });
    writeFileSync(join(dataDir, "master.key"), "garbage\n");
    expect(() => loadMasterKey({ env: {}, dataDir })).toThrow(/does not hold a 32-byte key/);
  });

  it("parses only exact sizes", () => {
    expect(parseMasterKey("ab".repeat(32))).toHaveLength(32);
    expect(parseMasterKey("ab".repeat(33))).toBeNull();
    expect(parseMasterKey("")).toBeNull();
  });
});
