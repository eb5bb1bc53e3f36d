/**
 * The personas of LINKEDIN.md: the same ids, emails and tiers in every world, whatever the
 * seed, so integrators can document and script against them.
 */

import { DAY } from "../world/clock.ts";
import type { NewMember } from "../world/members.ts";
import type { Tier } from "../world/types.ts";

export const PERSONA_DOMAIN = "sandbox.welink.dev";

/** The base32 authenticator-app (TOTP) secret of `totp@`, the same in every world. */
export const PERSONA_TOTP_SECRET = "JBSWY3DPEHPK3PXP";

export const PERSONA_IDS = {
  ada: 100001,
  grace: 100002,
  linus: 100003,
  margaret: 100004,
  pin: 100005,
  restricted: 100006,
  blank: 100007,
  admin: 100008,
  totp: 100009,
} as const;

export type PersonaName = keyof typeof PERSONA_IDS;

/** Fixed company pages the personas work at or administer. */
export const PERSONA_COMPANIES = {
  /** Small page administered by admin@: follow-invite credits available. */
  widgets: 1001,
  /** Page over 5,000 followers administered by admin@: no follow-invite credits. */
  global: 1002,
  /** A page that exists but shows nothing (NO_COMPANY_DATA). */
  empty: 1003,
  analytical: 1004,
} as const;

interface PersonaSpec {
  first: string;
  last: string;
  tier: Tier;
  headline: string;
  title: string;
  companyId: number;
  companyName: string;
}

const SPECS: Record<PersonaName, PersonaSpec> = {
  ada: {
    first: "Ada",
    last: "Lovelace",
    tier: "free",
    headline: "Programmer of the Analytical Engine",
    title: "Software Engineer",
    companyId: PERSONA_COMPANIES.analytical,
    companyName: "Analytical Engines",
  },
  grace: {
    first: "Grace",
    last: "Hopper",
    tier: "premium",
    headline: "Compiler pioneer · Premium",
    title: "Rear Admiral of Software",
    companyId: PERSONA_COMPANIES.analytical,
    companyName: "Analytical Engines",
  },
  linus: {
    first: "Linus",
    last: "Torvalds",
    tier: "sales_navigator",
    headline: "Kernel maintainer, Sales Navigator user",
    title: "Account Executive",
    companyId: PERSONA_COMPANIES.widgets,
    companyName: "Sandbox Widgets",
  },
  margaret: {
    first: "Margaret",
    last: "Hamilton",
    tier: "recruiter",
    headline: "Hiring for Apollo guidance software",
    title: "Talent Acquisition Partner",
    companyId: PERSONA_COMPANIES.global,
    companyName: "Sandbox Global",
  },
  pin: {
    first: "Pat",
    last: "Pinner",
    tier: "free",
    headline: "Always asked for a verification code",
    title: "Consultant",
    companyId: PERSONA_COMPANIES.widgets,
    companyName: "Sandbox Widgets",
  },
  restricted: {
    first: "Rita",
    last: "Restricted",
    tier: "free",
    headline: "Restricted by LinkedIn",
    title: "Growth Hacker",
    companyId: PERSONA_COMPANIES.widgets,
    companyName: "Sandbox Widgets",
  },
  blank: {
    first: "Blake",
    last: "Blank",
    tier: "free",
    headline: "",
    title: "Founder",
    companyId: PERSONA_COMPANIES.widgets,
    companyName: "Sandbox Widgets",
  },
  admin: {
    first: "Alan",
    last: "Admin",
    tier: "premium",
    headline: "Page admin at Sandbox Widgets and Sandbox Global",
    title: "Head of Marketing",
    companyId: PERSONA_COMPANIES.widgets,
    companyName: "Sandbox Widgets",
  },
  totp: {
    first: "Toby",
    last: "Totp",
    tier: "free",
    headline: "Signs in with an authenticator app",
    title: "Security Engineer",
    companyId: PERSONA_COMPANIES.widgets,
    companyName: "Sandbox Widgets",
  },
};

export function personaEmail(name: PersonaName): string {
  return `${name}@${PERSONA_DOMAIN}`;
}

/** The persona records, given the world's clock start and its password. */
export function personaMembers(now: number, password: string): NewMember[] {
  return (Object.keys(SPECS) as PersonaName[]).map((name) => {
    const spec = SPECS[name];
    const email = personaEmail(name);
    return {
      memberId: PERSONA_IDS[name],
      publicIdentifier: `${spec.first}-${spec.last}`.toLowerCase(),
      firstName: spec.first,
      lastName: spec.last,
      headline: spec.headline,
      location: "London Area, United Kingdom",
      geoId: 90009496,
      industry: "Software Development",
      industryId: 4,
      companyId: spec.companyId,
      companyName: spec.companyName,
      title: spec.title,
      pastCompanyIds: [PERSONA_COMPANIES.empty],
      schoolId: 3000003,
      schoolName: "University of Cambridge",
      languages: ["en", "fr"],
      email,
      password,
      tier: spec.tier,
      restricted: name === "restricted",
      needsPin: name === "pin",
      totpSecret: name === "totp" ? PERSONA_TOTP_SECRET : null,
      blankMe: name === "blank",
      openProfile: false,
      acceptsInMail: true,
      contactInfo: { email, phone: "+44 20 7946 0000", website: null, twitter: null, visibility: "connections" },
      skills:
        name === "blank"
          ? []
          : [
              { name: "TypeScript", endorserIds: [] },
              { name: "Leadership", endorserIds: [] },
              { name: "Public Speaking", endorserIds: [] },
            ],
      birthday: { month: 12, day: 10 },
      jobStartedAt: now - 3 * 365 * DAY - 40 * DAY,
      jobChangedAt: null,
      recruiterContracts:
        name === "margaret"
          ? [
              { id: 5001, name: "Sandbox Talent – Engineering" },
              { id: 5002, name: "Sandbox Talent – Sales" },
            ]
          : [],
      createdAt: now - 5 * 365 * DAY,
    };
  });
}
