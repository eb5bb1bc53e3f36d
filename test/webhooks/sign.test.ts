import { createHmac } from "node:crypto";
import { jwtVerify } from "jose";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  generateSecret,
  hmacHexHash,
  secretKey,
  signedBody,
  standardHeaders,
} from "../../src/webhooks/sign.ts";
import { verifyHash, verifyStandardHeaders } from "../../src/webhooks/verify.ts";

const payload = {
  status: "SUCCESS",
  requestId: "r-1",
  request_id: "r-1",
  result: { profile_id: "p-1", connected: true, nested: { b: 1, a: [{ z: 1, y: 2 }] } },
  event_type: "/api/v1/connect",
  event: "CONNECTION_SENT",
  accountId: "a-1",
};
const now = Date.UTC(2026, 0, 5, 9, 0, 0);

describe("webhook secrets", () => {
  it("generates whsec_ secrets of 32 random bytes", () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(secret)).toHaveLength(32);
    expect(generateSecret()).not.toBe(secret);
  });

  it("refuses secrets outside the Standard Webhooks form", () => {
    for (const bad of [
      "nope",
      "whsec_",
      "whsec_!!!!",
      `whsec_${Buffer.alloc(23).toString("base64")}`,
      `whsec_${Buffer.alloc(65).toString("base64")}`,
    ]) {
      expect(() => secretKey(bad), bad).toThrow(/secret/);
    }
    expect(secretKey(`whsec_${Buffer.alloc(24, 1).toString("base64")}`)).toHaveLength(24);
    expect(secretKey(`whsec_${Buffer.alloc(64, 1).toString("base64")}`)).toHaveLength(64);
  });
});

describe("signatures, checked with standardwebhooks and jose", () => {
  const secret = generateSecret();

  it("Standard Webhooks headers verify with the standardwebhooks package", () => {
    const body = signedBody(payload, secret, "jwt", now);
    const headers = standardHeaders("d-1", now, body, secret);
    const verifier = new Webhook(secret);
    // The package checks the timestamp against its own clock: sign at the real time here.
    const live = standardHeaders("d-1", Date.now(), body, secret);
    expect(verifier.verify(body, { ...live })).toMatchObject({ requestId: "r-1" });
    expect(() => verifier.verify(body.replace("p-1", "p-2"), { ...live })).toThrow();
    expect(headers["webhook-timestamp"]).toBe(String(now / 1000));
    expect(verifier.sign("d-1", new Date(now), body)).toBe(headers["webhook-signature"]);
  });

  it("the hash is an HS256 JWT keyed with the whole secret string, claims = payload + iat", async () => {
    const body = JSON.parse(signedBody(payload, secret, "jwt", now));
    const { payload: claims, protectedHeader } = await jwtVerify(body.hash, new TextEncoder().encode(secret), {
      algorithms: ["HS256"],
      currentDate: new Date(now),
    });
    expect(protectedHeader).toEqual({ alg: "HS256", typ: "JWT" });
    const { iat, ...rest } = claims;
    expect(iat).toBe(now / 1000);
    expect(rest).toEqual(payload);
    const { hash: _h, ...withoutHash } = body;
    expect(withoutHash).toEqual(payload);
    await expect(jwtVerify(body.hash, new TextEncoder().encode(generateSecret()))).rejects.toThrow();
  });

  it("hmac-hex is HMAC-SHA256 of JSON.stringify(body without hash), as the We-Link sample computes", () => {
    const body = JSON.parse(signedBody(payload, secret, "hmac-hex", now));
    const { hash, ...rest } = body;
    expect(hash).toBe(createHmac("sha256", secret).update(JSON.stringify(rest)).digest("hex"));
    expect(hash).toBe(hmacHexHash(payload, secret));
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
  });

  it("the receiver-side verifier accepts good deliveries and refuses tampered ones", () => {
    for (const mode of ["jwt", "hmac-hex"] as const) {
      const body = signedBody(payload, secret, mode, now);
      const headers = { ...standardHeaders("d-1", now, body, secret) };
      expect(verifyStandardHeaders(headers, body, secret, now)).toEqual({ ok: true });
      expect(verifyHash(body, secret)).toEqual({ ok: true, mode });
      expect(verifyStandardHeaders(headers, body, secret, now + 10 * 60_000).ok).toBe(false);
      const tampered = body.replace("p-1", "p-2");
      expect(verifyStandardHeaders(headers, tampered, secret, now).ok).toBe(false);
      expect(verifyHash(tampered, secret).ok).toBe(false);
    }
  });
});
