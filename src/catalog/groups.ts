import { bindDriver } from "../linkedin/index.ts";
import { defineAction } from "./define.ts";
import { accountId, cursor, groupId, input } from "./fields.ts";

/** LinkedIn groups. */
export const groups = [
  defineAction({
    name: "groups",
    ...bindDriver("groups"),
    family: "groups",
    mode: "async",
    summary: "The groups the account belongs to",
    input: input({ accountId, cursor }),
    codes: ["NO_GROUP_DATA"],
  }),
  defineAction({
    name: "get_group_details",
    ...bindDriver("get_group_details"),
    family: "groups",
    mode: "async",
    summary: "A group's details",
    input: input({ accountId, group_id: groupId }),
    codes: ["NO_GROUP_DATA", "UNAUTHORIZED_VIEWER"],
  }),
  defineAction({
    name: "group_members",
    ...bindDriver("group_members"),
    family: "groups",
    mode: "async",
    summary: "The members of a group the account belongs to",
    input: input({ accountId, group_id: groupId, cursor }),
    codes: ["NO_GROUP_DATA", "UNAUTHORIZED_VIEWER"],
  }),
];
