import { describe, expect, it } from "vitest";
import { CookieJar, csrfFromJsessionid, parseSetCookie } from "../../../src/linkedin/transport/cookies.ts";

const NOW = Date.UTC(2026, 5, 1);

describe("cookie jar", () => {
  it("parses Max-Age relative to now and Expires relative to the server's Date", () => {
    expect(parseSetCookie("li_at=AQ; Max-Age=60; Path=/", NOW)?.expires).toBe(NOW + 60_000);
    // The server's clock is a year behind ours: a cookie valid for a day there is valid for a day here.
    const serverNow = Date.UTC(2025, 5, 1);
    const line = `bcookie=v1; Expires=${new Date(serverNow + 86_400_000).toUTCString()}`;
    expect(parseSetCookie(line, NOW, serverNow)?.expires).toBe(NOW + 86_400_000);
  });

  it("deletes on `delete me`, Max-Age=0 and past Expires", () => {
    const jar = new CookieJar([
      { name: "li_at", value: "a" },
      { name: "lidc", value: "b" },
      { name: "lang", value: "c" },
    ]);
    const effect = jar.apply(
      ['li_at="delete me"; Path=/', "lidc=x; Max-Age=0", "lang=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT"],
      NOW,
    );
    expect(effect.deleted.sort()).toEqual(["lang", "li_at", "lidc"]);
    expect(jar.header(NOW)).toBe("");
  });

  it("leaves expired cookies out of the Cookie header", () => {
    const jar = new CookieJar([
      { name: "a", value: "1", expires: NOW - 1 },
      { name: "b", value: "2" },
    ]);
    expect(jar.header(NOW)).toBe("b=2");
    expect(jar.get("a", NOW)).toBeUndefined();
  });

  it("derives the csrf token from JSESSIONID", () => {
    expect(csrfFromJsessionid('"ajax:0123456789012345678"')).toBe("ajax:0123456789012345678");
    expect(csrfFromJsessionid("ajax:1")).toBe("ajax:1");
    expect(csrfFromJsessionid(undefined)).toBeUndefined();
  });

  it("ignores malformed JSON when reviving", () => {
    expect(CookieJar.fromJSON("x").toJSON()).toEqual([]);
    expect(CookieJar.fromJSON([{ name: "li_at", value: "v", expires: 5 }, { bad: 1 }]).toJSON()).toEqual([
      { name: "li_at", value: "v", expires: 5 },
    ]);
  });
});
