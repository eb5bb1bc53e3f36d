import { describe, expect, it } from "vitest";
import { base32Decode, hotp, totp, totpFromKey } from "../../../src/linkedin/session/totp.ts";

// RFC 6238 Appendix B: seeds are the ASCII strings below; 8 digits, 30 s steps.
const SHA1 = Buffer.from("12345678901234567890");
const SHA256 = Buffer.from("12345678901234567890123456789012");
const SHA512 = Buffer.from("1234567890123456789012345678901234567890123456789012345678901234");
const VECTORS: [number, string, string, string][] = [
  [59, "94287082", "46119246", "90693936"],
  [1111111109, "07081804", "68084774", "25091201"],
  [1111111111, "14050471", "67062674", "99943326"],
  [1234567890, "89005924", "91819424", "93441116"],
  [2000000000, "69279037", "90698825", "38618901"],
  [20000000000, "65353130", "77737706", "47863826"],
];

describe("TOTP (RFC 6238)", () => {
  it.each(VECTORS)("at %i s", (seconds, sha1, sha256, sha512) => {
    const ms = seconds * 1000;
    expect(totpFromKey(SHA1, ms, { digits: 8 })).toBe(sha1);
    expect(totpFromKey(SHA256, ms, { digits: 8, algorithm: "sha256" })).toBe(sha256);
    expect(totpFromKey(SHA512, ms, { digits: 8, algorithm: "sha512" })).toBe(sha512);
  });

  it("HOTP matches RFC 4226 Appendix D", () => {
    const expected = [
      "755224",
      "287082",
      "359152",
      "969429",
      "338314",
      "254676",
      "287922",
      "162583",
      "399871",
      "520489",
    ];
    expected.forEach((code, i) => {
      expect(hotp(SHA1, BigInt(i))).toBe(code);
    });
  });

  it("decodes base32 secrets (RFC 4648 vectors, case and padding ignored)", () => {
    expect(base32Decode("MZXW6YTBOI======").toString()).toBe("foobar");
    expect(base32Decode("mzxw 6ytb oi").toString()).toBe("foobar");
    // The RFC 6238 SHA-1 seed in base32, as an authenticator app shows it.
    expect(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000, { digits: 8 })).toBe("94287082");
    expect(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59_000)).toBe("287082");
    expect(() => base32Decode("not base32!")).toThrow();
  });
});
