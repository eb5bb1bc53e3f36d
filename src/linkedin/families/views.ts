/**
 * "Who viewed my profile" (legacy wvmp card, voyager.md §3.12). The total is read from
 * the summary card; when LinkedIn cannot give it (no card, or a failing answer) the code
 * is TOTAL_COUNT_FAILED, retryable; nobody in the window is NO_VIEWERS_FOUND.
 */
import { WelinkError } from "../../errors/index.ts";
import {
  isObject,
  type Json,
  type JsonObject,
  objects,
  optNumber,
  optObject,
  optString,
  restliRoot,
} from "../envelope.ts";
import { urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";

export interface ProfileViewer {
  full_name: string | null;
  first_name: string | null;
  last_name: string | null;
  public_identifier: string | null;
  profile_id: string | null;
  title: string | null;
  company: string | null;
  time: number | null;
}

function unionValue(o: Json | undefined, suffix: string): JsonObject | undefined {
  const value = isObject(o) ? optObject(o, "value") : undefined;
  if (!value) return undefined;
  const key = Object.keys(value).find((k) => k.endsWith(suffix));
  return key ? optObject(value, key) : undefined;
}

export class ProfileViews {
  constructor(private readonly ctx: FamilyContext) {}

  async list(): Promise<{ total: number; data: ProfileViewer[] }> {
    const op = "views.wvmp";
    const v = this.ctx.voyager;
    return v.run(op, {
      legacy: async (step) => {
        let res: Awaited<ReturnType<typeof v.call>>;
        try {
          res = await v.call(op, step);
        } catch (error) {
          if (error instanceof WelinkError && error.code === "INTERNAL_ERROR") {
            throw new WelinkError("TOTAL_COUNT_FAILED", `${op}: ${error.message}`, { cause: error });
          }
          throw error;
        }
        if (res.status !== 200) throw new WelinkError("TOTAL_COUNT_FAILED", `${op}: LinkedIn answered ${res.status}`);
        const root = restliRoot(res);
        const card = unionValue(objects(Array.isArray(root.elements) ? root.elements : [])[0], "WvmpViewersCard");
        const summary = unionValue(
          objects(Array.isArray(card?.insightCards) ? card.insightCards : [])[0],
          "WvmpSummaryInsightCard",
        );
        const total = optNumber(summary, "numViews");
        if (total === undefined)
          throw new WelinkError("TOTAL_COUNT_FAILED", `${op}: no view count in LinkedIn's answer`);
        const viewers = objects(Array.isArray(summary?.viewers) ? summary.viewers : []);
        if (total === 0 || !viewers.length)
          throw new WelinkError("NO_VIEWERS_FOUND", "Nobody viewed this profile recently");
        const data = viewers.map((x): ProfileViewer => {
          const p = optObject(x, "profile");
          const first = optString(p, "firstName") ?? null;
          const last = optString(p, "lastName") ?? null;
          const occupation = optString(x, "occupation") ?? optString(p, "headline") ?? null;
          const at = occupation ? / at (.+)$/.exec(occupation) : null;
          const urn = optString(p, "entityUrn");
          return {
            full_name: p ? `${first ?? ""} ${last ?? ""}`.trim() : null,
            first_name: first,
            last_name: last,
            public_identifier: optString(p, "publicIdentifier") ?? null,
            profile_id: urn ? urnId(urn) : null,
            title: occupation,
            company: at ? (at[1] as string) : null,
            time: optNumber(x, "viewedAt") ?? null,
          };
        });
        return { total, data };
      },
    });
  }
}
