/** Groups and memberships. A group's content is visible to its members only (NO_GROUP_DATA). */

import type { Members } from "./members.ts";
import { refuse } from "./refusal.ts";
import type { Group } from "./types.ts";

export interface NewGroup {
  id: number;
  name: string;
  description: string;
  createdAt: number;
  memberIds?: number[];
  adminIds?: number[];
}

export class Groups {
  private readonly byId = new Map<number, Group>();
  private readonly byMember = new Map<number, Set<number>>();
  readonly list: Group[] = [];

  constructor(private readonly members: Members) {}

  add(input: NewGroup): Group {
    const group: Group = {
      id: input.id,
      name: input.name,
      description: input.description,
      createdAt: input.createdAt,
      memberIds: new Set(),
      adminIds: new Set(input.adminIds ?? []),
    };
    this.byId.set(group.id, group);
    this.list.push(group);
    for (const id of [...(input.adminIds ?? []), ...(input.memberIds ?? [])]) this.addMember(group, id);
    return group;
  }

  get(groupId: number): Group | undefined {
    return this.byId.get(groupId);
  }

  /** The group as its member sees it; NO_GROUP_DATA for an unknown group or a non-member. */
  view(viewerId: number, groupId: number): Group {
    const group = this.byId.get(groupId);
    if (!group) return refuse("NO_GROUP_DATA", "no such group", 404);
    if (!group.memberIds.has(viewerId)) return refuse("NO_GROUP_DATA", "not a member of this group");
    return group;
  }

  /** The group's member ids (members only). */
  membersOf(viewerId: number, groupId: number): number[] {
    return [...this.view(viewerId, groupId).memberIds];
  }

  join(memberId: number, groupId: number): Group {
    this.members.require(memberId);
    const group = this.byId.get(groupId) ?? refuse("NO_GROUP_DATA", "no such group", 404);
    if (group.memberIds.has(memberId)) refuse("BAD_REQUEST", "already a member");
    this.addMember(group, memberId);
    return group;
  }

  leave(memberId: number, groupId: number): void {
    const group = this.view(memberId, groupId);
    group.memberIds.delete(memberId);
    group.adminIds.delete(memberId);
    this.byMember.get(memberId)?.delete(groupId);
  }

  ofMember(memberId: number): Group[] {
    return [...(this.byMember.get(memberId) ?? [])].map((id) => this.byId.get(id) as Group);
  }

  /** Both are members of this group. */
  share(a: number, b: number, groupId: number): boolean {
    const group = this.byId.get(groupId);
    return !!group && group.memberIds.has(a) && group.memberIds.has(b);
  }

  private addMember(group: Group, memberId: number): void {
    group.memberIds.add(memberId);
    let set = this.byMember.get(memberId);
    if (!set) {
      set = new Set();
      this.byMember.set(memberId, set);
    }
    set.add(group.id);
  }
}
