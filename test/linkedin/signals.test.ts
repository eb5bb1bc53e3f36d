import { describe, expect, it } from "vitest";
import { classify } from "../../src/linkedin/signals.ts";
import { wire } from "./wire.ts";

const kind = (res: Parameters<typeof classify>[0]) => {
  const s = classify(res, "op");
  return s.kind === "error" ? s.error.code : s.kind;
};

describe("cross-family signals (one table)", () => {
  it.each([
    ["200 JSON", wire(200, { a: 1 }), "ok"],
    ["404 with a code (family's business)", wire(404, { code: "NO_INVITATION_FOUND" }), "ok"],
    ["401", wire(401, { status: 401, message: "Unauthorized" }), "dead"],
    ["302 to /uas/login", wire(302, "", { location: "/uas/login?session_redirect=%2Fvoyager" }), "dead"],
    ["302 to a checkpoint", wire(302, "", { location: "/checkpoint/challenge/abc?ut=x" }), "dead"],
    ["302 to /authwall", wire(302, "", { location: "https://www.linkedin.com/authwall?x" }), "dead"],
    ["li_at=delete me", wire(200, { a: 1 }, { deleted: ["li_at"] }), "dead"],
    [
      "HTML where JSON was expected",
      wire(200, "<!DOCTYPE html><html>login</html>", { contentType: "text/html" }),
      "dead",
    ],
    ["CSRF check failed", wire(403, "CSRF check failed."), "dead"],
    ["302 to /checkpoint/restricted", wire(302, "", { location: "/checkpoint/restricted" }), "ACCOUNT_RESTRICTED"],
    ["403 ACCOUNT_RESTRICTED", wire(403, { status: 403, code: "ACCOUNT_RESTRICTED" }), "ACCOUNT_RESTRICTED"],
    [
      "normalized ACCOUNT_RESTRICTED",
      wire(403, { data: { status: 403, code: "ACCOUNT_RESTRICTED" }, included: [] }),
      "ACCOUNT_RESTRICTED",
    ],
    ["410", wire(410, { status: 410, message: "Gone" }), "gone"],
    [
      "429 without code",
      wire(429, { status: 429, message: "Too many requests" }, { headers: { "retry-after": "300" } }),
      "STATUS_429",
    ],
    ["429 with a code (family's business)", wire(429, { status: 429, code: "CANT_RESEND_YET" }), "ok"],
    ["999", wire(999, "<html>Request denied</html>", { contentType: "text/html" }), "STATUS_429"],
    ["503", wire(503, { status: 503 }), "INTERNAL_ERROR"],
    ["500 with a code (family's business)", wire(500, { status: 500, code: "TOTAL_COUNT_FAILED" }), "ok"],
    [
      "401 RECRUITER_AUTH_REQUIRED",
      wire(401, { status: 401, code: "RECRUITER_AUTH_REQUIRED" }),
      "RECRUITER_AUTH_REQUIRED",
    ],
    ["302 elsewhere", wire(302, "", { location: "/feed/" }), "LINKEDIN_SCHEMA_CHANGED"],
  ])("%s", (_name, res, expected) => {
    expect(kind(res)).toBe(expected);
  });

  it("carries retry-after into the 429", () => {
    const s = classify(wire(429, { status: 429 }, { headers: { "retry-after": "300" } }), "op");
    expect(s.kind === "error" && s.error.retryAfter).toBe(300);
  });
});
