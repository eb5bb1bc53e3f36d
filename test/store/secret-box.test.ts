import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, decryptSecret, encryptSecret } from "../../src/store/secret-box.ts";

describe("secret box", () => {
  const key = randomBytes(32);

  it("round-trips JSON values", () => {
    for (const value of [
      { password: "p", cookies: [{ a: 1 }], nested: { deep: [true, null] } },
      "text",
      42,
      null,
      [],
    ]) {
      expect(decryptSecret(key, encryptSecret(key, value))).toEqual(value);
    }
  });

  it("writes v1:<iv>:<tag>:<ciphertext> with a fresh 12-byte IV each time and no clear text", () => {
    const a = encryptSecret(key, { password: "hunter2" });
    const b = encryptSecret(key, { password: "hunter2" });
    expect(a).not.toBe(b);
    const [version, iv, tag, ct] = a.split(":");
    expect(version).toBe("v1");
    expect(Buffer.from(iv!, "base64")).toHaveLength(12);
    expect(Buffer.from(tag!, "base64")).toHaveLength(16);
    expect(Buffer.from(ct!, "base64").toString("latin1")).not.toContain("hunter2");
    expect(a).not.toContain("hunter2");
  });

  it("fails authentication with another key, an altered ciphertext, or other AAD", () => {
    const sealed = encryptSecret(key, { password: "x" }, "account:1");
    expect(() => decryptSecret(randomBytes(32), sealed, "account:1")).toThrow(/authentication/);
    expect(() => decryptSecret(key, sealed, "account:2")).toThrow(/authentication/);
    expect(() => decryptSecret(key, sealed)).toThrow(/authentication/);
    const parts = sealed.split(":");
    const ct = Buffer.from(parts[3]!, "base64");
    ct[0] = ct[0]! ^ 1;
    parts[3] = ct.toString("base64");
    expect(() => decryptSecret(key, parts.join(":"), "account:1")).toThrow(/authentication/);
    expect(decryptSecret(key, sealed, "account:1")).toEqual({ password: "x" });
  });

  it("rejects unknown formats and wrong key sizes", () => {
    expect(() => decryptSecret(key, "v2:a:b:c")).toThrow(/format/);
    expect(() => decryptSecret(key, "plain")).toThrow(/format/);
    expect(() => encryptSecret(randomBytes(16), 1)).toThrow(/32 bytes/);
  });

  it("a box keeps its key out of its enumerable properties", () => {
    const box = createSecretBox(key);
    expect(box.open(box.seal({ a: 1 }, "x"), "x")).toEqual({ a: 1 });
    expect(JSON.stringify(box)).not.toContain(key.toString("base64"));
    expect(Object.keys(box).sort()).toEqual(["open", "seal"]);
  });
});
