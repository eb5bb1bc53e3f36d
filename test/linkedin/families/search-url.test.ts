import { describe, expect, it } from "vitest";
import { WelinkError } from "../../../src/errors/index.ts";
import { salesSearchQuery } from "../../../src/linkedin/families/sales.ts";
import { parseSearchUrl } from "../../../src/linkedin/families/search-url.ts";
import { encodeRestli } from "../../../src/linkedin/restli.ts";

describe("search URL → GraphQL filters (voyager.md §5)", () => {
  it("maps JSON-array filters, free text, renamed keys and page", () => {
    const q = parseSearchUrl(
      "https://www.linkedin.com/search/results/people/?keywords=data%20engineer&network=%5B%22F%22%2C%22S%22%5D&geoUrn=%5B%22103644278%22%5D&currentCompany=%5B%22urn%3Ali%3Afsd_company%3A1441%22%5D&schoolFilter=%5B%2218483%22%5D&titleFreeText=CTO&schoolFreetext=MIT&origin=FACETED_SEARCH&page=3&sid=abc",
      ["people", "companies"],
    );
    expect(q).toEqual({
      variant: "people",
      keywords: "data engineer",
      origin: "FACETED_SEARCH",
      start: 20,
      filters: [
        { key: "network", values: ["F", "S"] },
        { key: "geoUrn", values: ["103644278"] },
        { key: "currentCompany", values: ["1441"] },
        { key: "schools", values: ["18483"] },
        { key: "title", values: ["CTO"] },
        { key: "school", values: ["MIT"] },
      ],
    });
  });

  it("encodes into LinkedIn's variables syntax", () => {
    const q = parseSearchUrl("linkedin.com/search/results/companies/?keywords=a,b (c)", ["companies"]);
    expect(encodeRestli({ query: { keywords: q.keywords } })).toBe("(query:(keywords:a%2Cb%20%28c%29))");
  });

  it.each([
    ["https://www.linkedin.com/search/results/groups/?keywords=x", "not accepted here"],
    ["https://www.linkedin.com/in/someone", "Not a LinkedIn search URL"],
    ["https://evil.example/search/results/people/", "Not a LinkedIn URL"],
    ["https://www.linkedin.com/search/results/people/?network=%5B%22F%22", "not a JSON list"],
    ["https://www.linkedin.com/search/results/people/?page=0", "page"],
    ["https://www.linkedin.com/search/results/people/?weird=1", "Unknown search parameter"],
  ])("%s is UNKNOWN_SEARCH_URL", (url, why) => {
    try {
      parseSearchUrl(url, ["people"]);
      throw new Error("no error");
    } catch (e) {
      expect(e instanceof WelinkError && e.code).toBe("UNKNOWN_SEARCH_URL");
      expect((e as Error).message).toContain(why);
    }
  });

  it("Sales Navigator: the address bar's query record is read and re-encoded", () => {
    const url =
      "https://www.linkedin.com/sales/search/people?query=(keywords%3Adata%2Cfilters%3AList((type%3AREGION%2Cvalues%3AList((id%3A103644278)))))";
    const { variant, query } = salesSearchQuery(url);
    expect(variant).toBe("people");
    expect(encodeRestli(query)).toBe("(keywords:data,filters:List((type:REGION,values:List((id:103644278)))))");
    expect(() => salesSearchQuery("https://www.linkedin.com/sales/search/people?query=(unbalanced")).toThrow(
      WelinkError,
    );
    expect(() => salesSearchQuery("https://www.linkedin.com/search/results/people/")).toThrow(WelinkError);
  });
});
