/**
 * Seat detection: Sales Navigator and Recruiter, at login (so the account's tiers are
 * known) and before each tier's actions (so a lost seat fails with the seed's code and
 * not with a confusing refusal further on).
 */
import { WelinkError } from "../../errors/index.ts";
import { bodyCode } from "../envelope.ts";
import type { Voyager } from "../voyager.ts";
import type { Identity } from "./me.ts";

/**
 * Confirms the tiers `/me` claims by asking the tier's own API once. Only a clear "no
 * seat" answer overrides `/me`; any other trouble with the probe keeps what `/me` said
 * (a login must not fail because a tier's API hiccuped).
 */
export async function probeTiers(voyager: Voyager, identity: Identity): Promise<Identity> {
  const out = { ...identity };
  const keep = async (probe: Promise<boolean>, claimed: boolean) => {
    try {
      return await probe;
    } catch (error) {
      if (error instanceof WelinkError && (error.code === "PROXY_ERROR" || error.code === "SESSION_EXPIRED"))
        throw error;
      return claimed;
    }
  };
  if (identity.salesNavigator) out.salesNavigator = await keep(hasSalesSeat(voyager), true);
  if (identity.recruiter) out.recruiter = await keep(hasRecruiterSeat(voyager), true);
  return out;
}

export async function hasSalesSeat(voyager: Voyager): Promise<boolean> {
  try {
    await requireSalesSeat(voyager);
    return true;
  } catch (error) {
    if (error instanceof WelinkError && error.code === "SALES_SEAT_REQUIRED") return false;
    throw error;
  }
}

/** SALES_SEAT_REQUIRED unless `/sales-api/` answers this account. */
export async function requireSalesSeat(voyager: Voyager): Promise<void> {
  const op = "sales.credits";
  await voyager.run(op, {
    sales: async (step) => {
      const res = await voyager.call(op, step);
      if (res.status === 403) throw new WelinkError("SALES_SEAT_REQUIRED", "This account has no Sales Navigator seat");
      if (res.status >= 400) throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: unexpected answer ${res.status}`);
    },
  });
}

export async function hasRecruiterSeat(voyager: Voyager): Promise<boolean> {
  const op = "recruiter.contracts";
  return voyager.run(op, {
    talent: async (step) => {
      const res = await voyager.call(op, step, { query: "q=currentMember" });
      if (res.status === 200) return true;
      const code = bodyCode(res);
      if (res.status === 403 || code === "RECRUITER_LOGIN_SUBMISSION_FAILED") return false;
      throw new WelinkError("LINKEDIN_SCHEMA_CHANGED", `${op}: unexpected answer ${res.status}`);
    },
  });
}
