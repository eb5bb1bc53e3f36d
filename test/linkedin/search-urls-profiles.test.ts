import { describe, expect, it } from "vitest";
import { WelinkError } from "../../src/errors/index.ts";
import { refOf } from "../../src/linkedin/actions/network.ts";

/** Profile references as users paste them into profile_url, public_identifier or profile_id. */

const ID = "ACoAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A";
const SALES = "ACwAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A";
const RECRUITER = "AEMAAAAGGocMDfX4nblZQ5LIHhysoM6VzblW12A";

describe("profile references", () => {
  const valid: [Record<string, string>, unknown][] = [
    [{ profile_url: "https://www.linkedin.com/in/ada-lovelace/" }, { kind: "vanity", vanity: "ada-lovelace" }],
    [{ profile_url: "https://linkedin.com/in/ada-lovelace" }, { kind: "vanity", vanity: "ada-lovelace" }],
    [{ profile_url: "linkedin.com/in/ada-lovelace/?originalSubdomain=uk" }, { kind: "vanity", vanity: "ada-lovelace" }],
    [{ profile_url: "https://fr.linkedin.com/in/ada-lovelace/en" }, { kind: "vanity", vanity: "ada-lovelace" }],
    [
      { profile_url: "http://www.linkedin.com/in/j%C3%BCrgen-m%C3%BCller-12ab" },
      { kind: "vanity", vanity: "jürgen-müller-12ab" },
    ],
    [{ profile_url: `https://www.linkedin.com/in/${ID}` }, { kind: "id", id: ID }],
    [
      { profile_url: `https://www.linkedin.com/sales/lead/${SALES},NAME_SEARCH,Xy12?_ntb=abc` },
      { kind: "seat", id: SALES },
    ],
    [{ profile_url: `https://www.linkedin.com/sales/people/${SALES},name,xyz` }, { kind: "seat", id: SALES }],
    [{ profile_url: `https://www.linkedin.com/talent/profile/${RECRUITER}?trk=x` }, { kind: "seat", id: RECRUITER }],
    [
      { profile_url: `https://www.linkedin.com/talent/hire/884422/discover/recruiterSearch/profile/${RECRUITER}` },
      { kind: "seat", id: RECRUITER },
    ],
    [{ public_identifier: "ada-lovelace" }, { kind: "vanity", vanity: "ada-lovelace" }],
    [{ public_identifier: "in/ada-lovelace/" }, { kind: "vanity", vanity: "ada-lovelace" }],
    [{ profile_id: ID }, { kind: "id", id: ID }],
    [{ profile_id: `urn:li:fsd_profile:${ID}` }, { kind: "id", id: ID }],
    [{ profile_id: `urn:li:fs_salesProfile:(${SALES},NAME_SEARCH,x)` }, { kind: "seat", id: SALES }],
    [{ profile_id: "ada-lovelace" }, { kind: "vanity", vanity: "ada-lovelace" }],
  ];

  it.each(valid)("reads %j", (input, expected) => {
    expect(refOf(input)).toEqual(expected);
  });

  const malformed: Record<string, string>[] = [
    { profile_url: "https://www.linkedin.com/company/analytical-engines/" },
    { profile_url: "https://www.example.com/in/ada-lovelace" },
    { profile_url: "https://www.linkedin.com/in/" },
    { profile_url: "https://www.linkedin.com/in/a" },
    { profile_url: "https://www.linkedin.com/sales/lead/not-an-id,NAME_SEARCH,x" },
    { profile_url: "not a url at all %%%" },
    { public_identifier: "ada lovelace!" },
    { profile_id: "urn:li:fsd_profile:???" },
  ];

  it.each(malformed)("refuses %j with 404_PROFILE_ID", (input) => {
    let code: string | undefined;
    try {
      refOf(input);
    } catch (error) {
      code = error instanceof WelinkError ? error.code : String(error);
    }
    expect(code).toBe("404_PROFILE_ID");
  });
});
