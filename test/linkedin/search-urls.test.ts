import { describe, expect, it } from "vitest";
import { WelinkError } from "../../src/errors/index.ts";
import {
  leadQueryRecord,
  parseRecruiterSearchUrl,
  parseSalesSearchUrl,
} from "../../src/linkedin/families/lead-search-url.ts";
import { parseSearchUrl, type SearchVariant } from "../../src/linkedin/families/search-url.ts";
import { encodeRestli } from "../../src/linkedin/restli.ts";

/**
 * Search URLs as people copy them from LinkedIn's address bar (every variant, old and new
 * encodings, tracking noise), and URLs that must be refused with UNKNOWN_SEARCH_URL
 * before anything is sent to LinkedIn.
 */

const FLAGSHIP: SearchVariant[] = ["people", "companies"];
const enc = (v: unknown) => encodeURIComponent(JSON.stringify(v));

function code(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof WelinkError ? error.code : `not a WelinkError: ${String(error)}`;
  }
  return undefined;
}

describe("people and other flagship search URLs", () => {
  const valid: [string, string, SearchVariant[], Record<string, unknown>][] = [
    [
      "keywords only, www",
      "https://www.linkedin.com/search/results/people/?keywords=data%20engineer&origin=GLOBAL_SEARCH_HEADER&sid=a1b",
      FLAGSHIP,
      { variant: "people", keywords: "data engineer", origin: "GLOBAL_SEARCH_HEADER", filters: [] },
    ],
    [
      "network and geo, JSON arrays",
      `https://www.linkedin.com/search/results/people/?geoUrn=${enc(["103644278"])}&network=${enc(["F", "S"])}&origin=FACETED_SEARCH`,
      FLAGSHIP,
      {
        filters: [
          { key: "geoUrn", values: ["103644278"] },
          { key: "network", values: ["F", "S"] },
        ],
      },
    ],
    [
      "companies, industry, school, language",
      `https://linkedin.com/search/results/people/?currentCompany=${enc(["1441", "1035"])}&pastCompany=${enc(["1337"])}&industry=${enc(["4"])}&schoolFilter=${enc(["3000003"])}&profileLanguage=${enc(["en"])}`,
      FLAGSHIP,
      {
        filters: [
          { key: "currentCompany", values: ["1441", "1035"] },
          { key: "pastCompany", values: ["1337"] },
          { key: "industry", values: ["4"] },
          { key: "schools", values: ["3000003"] },
          { key: "profileLanguage", values: ["en"] },
        ],
      },
    ],
    [
      "free-text names and title",
      "https://www.linkedin.com/search/results/people/?firstName=Ada&lastName=Lovelace&titleFreeText=Chief%20Engineer&company=Analytical&schoolFreetext=Cambridge",
      FLAGSHIP,
      {
        filters: [
          { key: "firstName", values: ["Ada"] },
          { key: "lastName", values: ["Lovelace"] },
          { key: "title", values: ["Chief Engineer"] },
          { key: "company", values: ["Analytical"] },
          { key: "school", values: ["Cambridge"] },
        ],
      },
    ],
    [
      "page 3 is start 20",
      "https://www.linkedin.com/search/results/people/?keywords=cto&page=3",
      FLAGSHIP,
      { start: 20 },
    ],
    [
      "URNs pasted into an entity filter",
      `https://www.linkedin.com/search/results/people/?currentCompany=${enc(["urn:li:fsd_company:1441"])}&geoUrn=${enc(["urn:li:geo:90009496"])}`,
      FLAGSHIP,
      {
        filters: [
          { key: "currentCompany", values: ["1441"] },
          { key: "geoUrn", values: ["90009496"] },
        ],
      },
    ],
    [
      "connections of a member",
      `https://www.linkedin.com/search/results/people/?connectionOf=${enc(["ACoAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A"])}&network=${enc(["S"])}`,
      FLAGSHIP,
      {
        filters: [
          { key: "connectionOf", values: ["ACoAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A"] },
          { key: "network", values: ["S"] },
        ],
      },
    ],
    [
      "pre-2020 facet names",
      `https://www.linkedin.com/search/results/people/?facetNetwork=${enc(["F"])}&facetGeoUrn=${enc(["103644278"])}&facetCurrentCompany=${enc(["1441"])}&keywords=sales`,
      FLAGSHIP,
      {
        keywords: "sales",
        filters: [
          { key: "network", values: ["F"] },
          { key: "geoUrn", values: ["103644278"] },
          { key: "currentCompany", values: ["1441"] },
        ],
      },
    ],
    [
      "comma lists instead of JSON",
      "https://www.linkedin.com/search/results/people/?network=F,S&industry=4,6",
      FLAGSHIP,
      {
        filters: [
          { key: "network", values: ["F", "S"] },
          { key: "industry", values: ["4", "6"] },
        ],
      },
    ],
    [
      "locale sub-domain, no scheme, trailing noise",
      "de.linkedin.com/search/results/people?keywords=vertrieb&spellCorrectionEnabled=true&prevSearchId=x&_ntb=y",
      FLAGSHIP,
      { variant: "people", keywords: "vertrieb" },
    ],
    [
      "the blended 'all' page reads as people",
      "https://www.linkedin.com/search/results/all/?keywords=typescript&origin=TYPEAHEAD_ESCAPE_HATCH",
      FLAGSHIP,
      { variant: "people", origin: "TYPEAHEAD_ESCAPE_HATCH" },
    ],
    [
      "companies",
      "https://www.linkedin.com/search/results/companies/?keywords=analytical&origin=SWITCH_SEARCH_VERTICAL",
      FLAGSHIP,
      { variant: "companies", keywords: "analytical" },
    ],
    ["groups", "https://www.linkedin.com/search/results/groups/?keywords=rust", ["groups"], { variant: "groups" }],
    [
      "posts",
      "https://www.linkedin.com/search/results/content/?keywords=launch&origin=GLOBAL_SEARCH_HEADER&sid=z",
      ["content"],
      { variant: "content" },
    ],
    ["events", "https://www.linkedin.com/search/results/events/?keywords=summit", ["events"], { variant: "events" }],
    [
      "empty keywords is everyone",
      "https://www.linkedin.com/search/results/people/?keywords=",
      FLAGSHIP,
      { filters: [], start: 0 },
    ],
  ];

  it.each(valid)("reads %s", (_name, url, allowed, expected) => {
    expect(parseSearchUrl(url, allowed)).toMatchObject(expected);
  });

  const invalid: [string, string, SearchVariant[]][] = [
    ["not a URL", "http://", FLAGSHIP],
    ["another site", "https://www.google.com/search?q=linkedin", FLAGSHIP],
    ["a look-alike host", "https://linkedin.com.evil.example/search/results/people/?keywords=x", FLAGSHIP],
    ["a profile, not a search", "https://www.linkedin.com/in/ada-lovelace/", FLAGSHIP],
    ["jobs search", "https://www.linkedin.com/jobs/search/?keywords=engineer", FLAGSHIP],
    ["a groups URL on the people endpoint", "https://www.linkedin.com/search/results/groups/?keywords=x", FLAGSHIP],
    ["a people URL on the events endpoint", "https://www.linkedin.com/search/results/people/?keywords=x", ["events"]],
    ["unknown vertical", "https://www.linkedin.com/search/results/services/?keywords=x", FLAGSHIP],
    ["a filter that is not JSON", "https://www.linkedin.com/search/results/people/?network=%5B%22F%22", FLAGSHIP],
    ["a network that is no degree", `https://www.linkedin.com/search/results/people/?network=${enc(["X"])}`, FLAGSHIP],
    [
      "a company name where an id goes",
      `https://www.linkedin.com/search/results/people/?currentCompany=${enc(["Google"])}`,
      FLAGSHIP,
    ],
    ["a page of zero", "https://www.linkedin.com/search/results/people/?keywords=x&page=0", FLAGSHIP],
    [
      "an unknown parameter",
      "https://www.linkedin.com/search/results/people/?keywords=x&seniority=%5B%224%22%5D",
      FLAGSHIP,
    ],
    [
      "retired region codes",
      `https://www.linkedin.com/search/results/people/?facetGeoRegion=${enc(["us:0"])}`,
      FLAGSHIP,
    ],
    [
      "a post filter the driver cannot send",
      `https://www.linkedin.com/search/results/content/?keywords=x&datePosted=${enc(["past-week"])}`,
      ["content"],
    ],
    [
      "a Sales Navigator URL on the flagship endpoint",
      "https://www.linkedin.com/sales/search/people?keywords=x",
      FLAGSHIP,
    ],
  ];

  it.each(invalid)("refuses %s", (_name, url, allowed) => {
    expect(code(() => parseSearchUrl(url, allowed))).toBe("UNKNOWN_SEARCH_URL");
  });
});

/** The address bar percent-encodes the Rest.li record once more (text values twice). */
const salesUrl = (record: string, extra = "") =>
  `https://www.linkedin.com/sales/search/people?query=${encodeURIComponent(record)}${extra}`;

describe("Sales Navigator search URLs", () => {
  it("reads the query=(…) record of today's URLs: ids bare, text decoded, tracking dropped", () => {
    const url = salesUrl(
      "(recentSearchParam:(id:3141592653,doLogHistory:true),filters:List((type:REGION,values:List((id:103644278,text:United%20States,selectionType:INCLUDED))),(type:CURRENT_COMPANY,values:List((id:urn%3Ali%3Aorganization%3A1441,text:Google,selectionType:INCLUDED))),(type:CURRENT_TITLE,values:List((id:8,text:Chief%20Executive%20Officer,selectionType:INCLUDED)))),keywords:saas)",
      "&sessionId=abc%3D%3D&viewAllFilters=true",
    );
    const parsed = parseSalesSearchUrl(url);
    expect(parsed.variant).toBe("people");
    expect(parsed.query).toEqual({
      keywords: "saas",
      filters: [
        { type: "REGION", values: [{ id: "103644278" }] },
        { type: "CURRENT_COMPANY", values: [{ id: "1441" }] },
        { type: "TITLE", values: [{ text: "Chief Executive Officer" }] },
      ],
    });
    expect(encodeRestli(leadQueryRecord(parsed.query))).toBe(
      "(keywords:saas,filters:List((type:REGION,values:List((id:103644278))),(type:CURRENT_COMPANY,values:List((id:1441))),(type:TITLE,values:List((text:Chief%20Executive%20Officer)))))",
    );
  });

  it("keeps exclusions, relationship degrees, past companies, industries, schools and names", () => {
    const url = salesUrl(
      "(filters:List((type:RELATIONSHIP,values:List((id:F,selectionType:INCLUDED),(id:S,selectionType:INCLUDED))),(type:PAST_COMPANY,values:List((id:1337,selectionType:EXCLUDED))),(type:INDUSTRY,values:List((id:4))),(type:SCHOOL,values:List((id:3000003))),(type:FIRST_NAME,values:List((text:Ada))),(type:LAST_NAME,values:List((text:Lovelace)))))",
    );
    expect(parseSalesSearchUrl(url).query.filters).toEqual([
      { type: "RELATIONSHIP", values: [{ id: "F" }, { id: "S" }] },
      { type: "PAST_COMPANY", values: [{ id: "1337", selectionType: "EXCLUDED" }] },
      { type: "INDUSTRY", values: [{ id: "4" }] },
      { type: "SCHOOL", values: [{ id: "3000003" }] },
      { type: "FIRST_NAME", values: [{ text: "Ada" }] },
      { type: "LAST_NAME", values: [{ text: "Lovelace" }] },
    ]);
  });

  it("reads the flat parameters of older URLs, and page=n as 25 a page", () => {
    const parsed = parseSalesSearchUrl(
      "https://www.linkedin.com/sales/search/people?keywords=cto&geoIncluded=103644278,90009496&currentCompany=1441&titleIncluded=CEO%3A8&relationship=F%2CS&industryIncluded=4&page=3&searchSessionId=x&logHistory=true&doFetchHeroCard=false",
    );
    expect(parsed.start).toBe(50);
    expect(parsed.query).toEqual({
      keywords: "cto",
      filters: [
        { type: "REGION", values: [{ id: "103644278" }, { id: "90009496" }] },
        { type: "CURRENT_COMPANY", values: [{ id: "1441" }] },
        { type: "TITLE", values: [{ text: "CEO" }] },
        { type: "RELATIONSHIP", values: [{ id: "F" }, { id: "S" }] },
        { type: "INDUSTRY", values: [{ id: "4" }] },
      ],
    });
  });

  it("reads account searches and keywords-only URLs", () => {
    expect(parseSalesSearchUrl("linkedin.com/sales/search/company?keywords=robotics")).toMatchObject({
      variant: "company",
      query: { keywords: "robotics", filters: [] },
    });
  });

  const invalid: [string, string][] = [
    ["a flagship URL", "https://www.linkedin.com/search/results/people/?keywords=x"],
    [
      "a lead page, not a search",
      "https://www.linkedin.com/sales/lead/ACwAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A,NAME_SEARCH,x",
    ],
    ["an unreadable record", salesUrl("(filters:List((type:REGION,values:List((id:1)))")],
    ["a filter type the finder does not know", salesUrl("(filters:List((type:SENIORITY_LEVEL,values:List((id:8)))))")],
    ["a company name where an id goes", salesUrl("(filters:List((type:CURRENT_COMPANY,values:List((text:Google)))))")],
    ["a degree that is none", salesUrl("(filters:List((type:RELATIONSHIP,values:List((id:X)))))")],
    ["old-style exclusions", "https://www.linkedin.com/sales/search/people?geoExcluded=103644278"],
    ["an unknown flat parameter", "https://www.linkedin.com/sales/search/people?keywords=x&seniorityIncluded=8"],
    ["another site", "https://sales.example.com/sales/search/people?keywords=x"],
  ];

  it.each(invalid)("refuses %s", (_name, url) => {
    expect(code(() => parseSalesSearchUrl(url))).toBe("UNKNOWN_SEARCH_URL");
  });
});

describe("Recruiter search URLs", () => {
  it("reads keywords, start and the contract of a /talent/hire/ URL", () => {
    expect(
      parseRecruiterSearchUrl(
        "https://www.linkedin.com/talent/hire/884422/discover/recruiterSearch?searchContextId=a-b&searchHistoryId=123&searchKeyword=rust%20engineer&start=50&uiOrigin=FACET_SEARCH",
      ),
    ).toEqual({ contractId: "884422", start: 50, query: { keywords: "rust engineer", filters: [] } });
  });

  it("reads the Rest.li query of a shared search", () => {
    const record =
      "(keywords:java,filters:List((type:REGION,values:List((id:90009496))),(type:CURRENT_COMPANY,values:List((id:urn%3Ali%3Acompany%3A1004)))))";
    expect(
      parseRecruiterSearchUrl(`https://www.linkedin.com/talent/search?query=${encodeURIComponent(record)}`).query,
    ).toEqual({
      keywords: "java",
      filters: [
        { type: "REGION", values: [{ id: "90009496" }] },
        { type: "CURRENT_COMPANY", values: [{ id: "1004" }] },
      ],
    });
  });

  it("reads legacy smartsearch facets and free-text names", () => {
    expect(
      parseRecruiterSearchUrl(
        "https://www.linkedin.com/recruiter/smartsearch?keywords=devops&facet=CC&facet.CC=1441&facet=N&facet.N=F,S&firstName=Ada&title=Engineer",
      ).query,
    ).toEqual({
      keywords: "devops",
      filters: [
        { type: "CURRENT_COMPANY", values: [{ id: "1441" }] },
        { type: "RELATIONSHIP", values: [{ id: "F" }, { id: "S" }] },
        { type: "FIRST_NAME", values: [{ text: "Ada" }] },
        { type: "TITLE", values: [{ text: "Engineer" }] },
      ],
    });
  });

  const invalid: [string, string][] = [
    [
      "a search kept on LinkedIn's side",
      "https://www.linkedin.com/talent/search?searchContextId=abc&searchHistoryId=42",
    ],
    ["a Recruiter profile", "https://www.linkedin.com/talent/profile/AEMAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A"],
    ["a Sales Navigator search", "https://www.linkedin.com/sales/search/people?keywords=x"],
    ["an unknown facet", "https://www.linkedin.com/recruiter/smartsearch?keywords=x&facet=YE&facet.YE=3"],
    ["a region code where an id goes", "https://www.linkedin.com/recruiter/smartsearch?facet=G&facet.G=us%3A84"],
    ["an unknown parameter", "https://www.linkedin.com/talent/search?keywords=x&yearsOfExperience=3"],
  ];

  it.each(invalid)("refuses %s", (_name, url) => {
    expect(code(() => parseRecruiterSearchUrl(url))).toBe("UNKNOWN_SEARCH_URL");
  });
});
