/** The account's own connections, removing one, and today's celebrations among them. */
import { elementsOf, isObject, type JsonObject, optNumber, optObject, optString, restliRoot } from "../envelope.ts";
import { buildQuery, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { type Profile, readProfile } from "./profiles.ts";
import { memberIdentity, type ProfileRef } from "./refs.ts";
import { expectOk, type RefusalTable } from "./refusals.ts";

export const CONNECTION_REFUSALS: RefusalTable = {
  codes: { NOT_CONNECTED: "NOT_CONNECTED", PROFILE_NOT_FOUND: "PROFILE_NOT_FOUND" },
  statuses: { "connections.remove": { 404: "PROFILE_NOT_FOUND", 400: "NOT_CONNECTED" } },
};

export interface Connection {
  profile_id: string;
  public_identifier: string | null;
  first_name: string;
  last_name: string;
  headline: string | null;
  connected_at: number | null;
}

export interface Celebration {
  occasion: "BIRTHDAY" | "WORK_ANNIVERSARY" | "JOB_CHANGE" | string;
  profile: Profile;
  detail: string | null;
}

export class Connections {
  constructor(private readonly ctx: FamilyContext) {}

  /** A page of the account's connections, newest first. `next_start` is null on the last page. */
  async list(
    start = 0,
    count = 40,
  ): Promise<{ connections: Connection[]; next_start: number | null; total: number | null }> {
    const op = "connections.list";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const query = buildQuery({
          decorationId: v.decoration(step),
          q: "search",
          sortType: "RECENTLY_ADDED",
          start,
          count: Math.min(count, 100),
        });
        const root = restliRoot(
          expectOk(
            op,
            await v.call(op, step, { query, pageKey: "d_flagship3_people_connections" }),
            CONNECTION_REFUSALS,
          ),
        );
        const elements = elementsOf(root, op);
        const connections = elements.map((e): Connection => {
          const p = optObject(e, "connectedMemberResolutionResult") ?? {};
          const urn = optString(p, "entityUrn") ?? optString(e, "connectedMember") ?? optString(e, "entityUrn") ?? "";
          return {
            profile_id: urnId(urn),
            public_identifier: optString(p, "publicIdentifier") ?? null,
            first_name: optString(p, "firstName") ?? "",
            last_name: optString(p, "lastName") ?? "",
            headline: optString(p, "headline") ?? null,
            connected_at: optNumber(e, "createdAt") ?? null,
          };
        });
        const total = optNumber(optObject(root, "paging"), "total") ?? null;
        const next = start + elements.length;
        const more = elements.length > 0 && (total === null ? elements.length >= Math.min(count, 100) : next < total);
        return { connections, next_start: more ? next : null, total };
      },
    });
  }

  async remove(ref: ProfileRef): Promise<void> {
    const op = "connections.remove";
    const v = this.ctx.voyager;
    await v.run(op, {
      legacy: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          params: { id: memberIdentity(ref) },
          query: "action=disconnect",
          body: "{}",
        });
        expectOk(op, res, CONNECTION_REFUSALS);
      },
    });
  }

  /** Connections with a birthday, work anniversary or job change today. */
  async celebrations(occasions: string[] = ["BIRTHDAY", "WORK_ANNIVERSARY", "JOB_CHANGE"]): Promise<Celebration[]> {
    const op = "connections.celebrations";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const query = buildQuery({ q: "today", occasionTypes: occasions });
        const root = restliRoot(expectOk(op, await v.call(op, step, { query }), CONNECTION_REFUSALS));
        return elementsOf(root, op)
          .filter((e) => isObject(e.profile))
          .map((e) => ({
            occasion: optString(e, "occasion") ?? "",
            profile: readProfile(e.profile as JsonObject),
            detail: optString(e, "detail") ?? null,
          }));
      },
    });
  }
}
