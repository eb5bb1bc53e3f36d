import { companyRef } from "../linkedin/families/companies.ts";
import { bindDriver } from "../linkedin/index.ts";
import { clientOf } from "./accounts-run.ts";
import type { RunContext } from "./define.ts";

/**
 * follow_company with its exactly-once check: LinkedIn's page shows whether the account
 * follows it, so an earlier attempt that went through is read back instead of repeated
 * (a second follow of a followed page is refused as senseless).
 */
export const followCompany = {
  run: bindDriver("follow_company").run,
  async verify(ctx: RunContext, input: Record<string, unknown>): Promise<unknown | null> {
    const client = await clientOf(ctx);
    const page = await client.companies.get(companyRef({ company_id: String(input.company_id) }));
    const follow = input.follow !== false;
    return page.following === follow ? { followed: follow, company_id: page.company_id } : null;
  },
};
