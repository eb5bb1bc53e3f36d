import { describe, expect, it } from "vitest";
import { buildQuery, decodeRestli, encodeRestli, encodeValue } from "../../src/linkedin/restli.ts";

describe("Rest.li 2.0 encoding", () => {
  it("keeps List() and (k:v) structure literal", () => {
    expect(encodeRestli(["a", "b"])).toBe("List(a,b)");
    expect(encodeRestli({ start: 0, origin: "FACETED_SEARCH" })).toBe("(start:0,origin:FACETED_SEARCH)");
    expect(encodeRestli({ q: { filters: [{ key: "network", value: ["F", "S"] }] } })).toBe(
      "(q:(filters:List((key:network,value:List(F,S)))))",
    );
    expect(encodeRestli([])).toBe("List()");
  });

  it("fully encodes URNs inside, parentheses included", () => {
    expect(encodeValue("urn:li:fsd_profile:ACoAAB")).toBe("urn%3Ali%3Afsd_profile%3AACoAAB");
    const conv = "urn:li:msg_conversation:(urn:li:fsd_profile:ACoA1,2-abc==)";
    expect(encodeValue(conv)).toBe("urn%3Ali%3Amsg_conversation%3A%28urn%3Ali%3Afsd_profile%3AACoA1%2C2-abc%3D%3D%29");
    expect(encodeRestli({ conversationUrn: conv })).toBe(`(conversationUrn:${encodeValue(conv)})`);
    expect(encodeValue("it's (me)!*")).toBe("it%27s%20%28me%29%21%2A");
  });

  it("skips undefined and null fields", () => {
    expect(encodeRestli({ a: 1, b: undefined, c: null })).toBe("(a:1)");
    expect(buildQuery({ q: "memberIdentity", memberIdentity: "ada-l", x: undefined })).toBe(
      "q=memberIdentity&memberIdentity=ada-l",
    );
  });

  it("round-trips through the decoder", () => {
    const value = {
      query: { keywords: "chief (data) officer", queryParameters: [{ key: "geoUrn", value: ["103644278"] }] },
      mailbox: "urn:li:fsd_profile:ACoA,x",
      flag: "true",
    };
    expect(decodeRestli(encodeRestli(value))).toEqual(value);
  });
});
