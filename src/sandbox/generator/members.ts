/** Generated members: names, places, jobs and flags drawn from the world's seeded random. */

import { DAY } from "../world/clock.ts";
import type { NewMember } from "../world/members.ts";
import type { SeededRandom } from "../world/random.ts";
import type { Tier, Visibility } from "../world/types.ts";
import { FIRST_NAMES, INDUSTRIES, LANGUAGES, LAST_NAMES, LOCATIONS, SCHOOLS, SKILLS, TITLES } from "./vocabulary.ts";

export const FIRST_GENERATED_MEMBER_ID = 200001;
export const MEMBER_DOMAIN = "members.sandbox.welink.dev";
export const FIRST_SCHOOL_ID = 3000001;

export interface CompanyRef {
  id: number;
  name: string;
}

function tierFor(r: number): Tier {
  if (r < 0.85) return "free";
  if (r < 0.95) return "premium";
  if (r < 0.99) return "sales_navigator";
  return "recruiter";
}

function visibilityFor(r: number): Visibility {
  if (r < 0.2) return "everyone";
  if (r < 0.85) return "connections";
  return "hidden";
}

export function generatedMember(
  index: number,
  random: SeededRandom,
  companies: readonly CompanyRef[],
  now: number,
  password: string,
): NewMember {
  const memberId = FIRST_GENERATED_MEMBER_ID + index;
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const vanity = `${first}-${last}-${memberId.toString(36)}`.toLowerCase();
  const [location, geoId, language] = random.pick(LOCATIONS);
  const [industry, industryId] = random.pick(INDUSTRIES);
  const company = random.pick(companies);
  const title = random.pick(TITLES);
  const schoolIndex = random.int(0, SCHOOLS.length - 1);
  const tier = tierFor(random.next());
  const languages = language === "en" ? ["en"] : [language, "en"];
  if (random.chance(0.2)) {
    const extra = random.pick(LANGUAGES);
    if (!languages.includes(extra)) languages.push(extra);
  }
  const pastCompanyIds: number[] = [];
  for (let k = random.int(0, 3); k > 0; k--) {
    const past = random.pick(companies).id;
    if (past !== company.id && !pastCompanyIds.includes(past)) pastCompanyIds.push(past);
  }
  const skillCount = random.chance(0.1) ? 0 : random.int(1, 6);
  const email = `${vanity}@${MEMBER_DOMAIN}`;
  const jobStartedAt = now - random.int(30, 10 * 365) * DAY - random.int(0, 86_399) * 1000;
  return {
    memberId,
    publicIdentifier: vanity,
    firstName: first,
    lastName: last,
    headline: `${title} at ${company.name}`,
    location,
    geoId,
    industry,
    industryId,
    companyId: company.id,
    companyName: company.name,
    title,
    pastCompanyIds,
    schoolId: FIRST_SCHOOL_ID + schoolIndex,
    schoolName: SCHOOLS[schoolIndex] ?? "",
    languages,
    email,
    password,
    tier,
    restricted: false,
    needsPin: false,
    totpSecret: null,
    blankMe: false,
    openProfile: tier !== "free" && random.chance(0.3),
    acceptsInMail: random.chance(0.9),
    contactInfo: {
      email,
      phone: random.chance(0.4) ? `+1 555 ${String(random.int(0, 9999999)).padStart(7, "0")}` : null,
      website: random.chance(0.2) ? `https://${vanity}.example.com` : null,
      twitter: random.chance(0.2) ? `@${first.toLowerCase()}${memberId % 1000}` : null,
      visibility: visibilityFor(random.next()),
    },
    skills: random.sample(SKILLS, skillCount).map((name) => ({ name, endorserIds: [] })),
    birthday: random.chance(0.9) ? { month: random.int(1, 12), day: random.int(1, 28) } : null,
    jobStartedAt,
    jobChangedAt: random.chance(0.05) ? jobStartedAt : null,
    recruiterContracts: tier === "recruiter" ? [{ id: 6000000 + index, name: `${company.name} Talent` }] : [],
    createdAt: now - random.int(365, 15 * 365) * DAY,
  };
}
