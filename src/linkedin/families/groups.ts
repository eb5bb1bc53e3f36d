/** Groups: the account's groups, one group, its members, joining and leaving. */
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  elementsOf,
  graphqlRoot,
  isObject,
  type JsonObject,
  optNumber,
  optObject,
  optString,
  restliRoot,
  ShapeError,
} from "../envelope.ts";
import { buildQuery, encodeRestli, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { type Profile, readProfile } from "./profiles.ts";
import { expectOk, graphqlRefusal, type RefusalTable } from "./refusals.ts";

export const GROUP_REFUSALS: RefusalTable = {
  codes: { NO_GROUP_DATA: "NO_GROUP_DATA", UNAUTHORIZED_VIEWER: "UNAUTHORIZED_VIEWER" },
  statuses: {
    "groups.get": { 403: "NO_GROUP_DATA", 404: "NO_GROUP_DATA" },
    "groups.membership": { 404: "NO_GROUP_DATA" },
  },
};

export interface Group {
  group_id: string;
  name: string;
  description: string | null;
  member_count: number | null;
  membership: string | null;
  visibility: string | null;
}

export function groupIdOf(value: string | number): string {
  const v = String(value).trim();
  const m = /(?:urn:li:(?:fsd_)?group:|\/groups\/)(\d+)/.exec(v) ?? /^(\d+)$/.exec(v);
  if (!m) throw new WelinkError("NO_GROUP_DATA", `Not a group id or URL: ${value}`);
  return m[1] as string;
}

function readGroup(g: JsonObject): Group {
  const urn = optString(g, "entityUrn");
  if (!urn) throw new ShapeError("group without entityUrn");
  return {
    group_id: urnId(urn),
    name: optString(g, "name") ?? "",
    description: optString(g, "description") ?? null,
    member_count: optNumber(g, "memberCount") ?? null,
    membership: optString(g, "viewerMembership") ?? null,
    visibility:
      optString(g, "publicVisibility") ?? (typeof g.publicVisibility === "boolean" ? String(g.publicVisibility) : null),
  };
}

export class Groups {
  constructor(private readonly ctx: FamilyContext) {}

  async mine(start = 0, count = 10): Promise<Group[]> {
    const op = "groups.mine";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const query = buildQuery({
          decorationId: v.decoration(step),
          q: "member",
          membershipStatuses: ["MEMBER", "MANAGER", "OWNER"],
          profileUrn: this.ctx.self.profileUrn,
          start,
          count,
        });
        return elementsOf(restliRoot(expectOk(op, await v.call(op, step, { query }), GROUP_REFUSALS)), op).map(
          readGroup,
        );
      },
    });
  }

  async get(groupId: string): Promise<Group> {
    const op = "groups.get";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, { params: { urn: `urn:li:fsd_group:${groupIdOf(groupId)}` } });
        return readGroup(restliRoot(expectOk(op, res, GROUP_REFUSALS)));
      },
    });
  }

  async members(
    groupId: string,
    start = 0,
    count = 10,
  ): Promise<{ total: number; members: (Profile & { status: string | null })[] }> {
    const op = "groups.members";
    const v = this.ctx.voyager;
    return v.run(op, {
      graphql: async (step) => {
        const variables = encodeRestli({
          groupUrn: `urn:li:fsd_group:${groupIdOf(groupId)}`,
          filters: [],
          typeaheadQuery: "",
          start,
          count,
          membershipStatuses: ["OWNER", "MANAGER", "MEMBER"],
        });
        const res = await v.call(op, step, {
          query: `variables=${variables}&queryId=${v.queryId(step)}`,
          pageKey: "d_flagship3_groups",
        });
        const { root, errors } = graphqlRoot(
          expectOk(op, res, GROUP_REFUSALS),
          "groupsDashGroupMembershipsByTypeahead",
        );
        if (errors.length) throw graphqlRefusal(op, errors, GROUP_REFUSALS);
        if (!isObject(root)) throw new ShapeError("no groupsDashGroupMembershipsByTypeahead");
        const members = elementsOf(root, op)
          .filter((m) => isObject(m.profile))
          .map((m) => ({ ...readProfile(m.profile as JsonObject), status: optString(m, "status") ?? null }));
        return { total: optNumber(optObject(root, "paging"), "total") ?? members.length, members };
      },
    });
  }

  async setMembership(groupId: string, action: "JOIN" | "LEAVE"): Promise<{ status: string | null }> {
    const op = "groups.membership";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: "action=updateMembership",
          body: JSON.stringify({ groupUrn: `urn:li:fsd_group:${groupIdOf(groupId)}`, action }),
        });
        return { status: optString(actionValue(expectOk(op, res, GROUP_REFUSALS)), "status") ?? null };
      },
    });
  }
}
