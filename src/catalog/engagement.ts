import { z } from "zod";
import { endorseRuns, followProfileRuns, likePostsRuns, reactRuns } from "./content-run.ts";
import { defineAction } from "./define.ts";
import { accountId, input, oneOf, postId, postUrl, profileId } from "./fields.ts";

/** Reactions, likes, endorsements and follows. */
export const engagement = [
  defineAction({
    name: "react_to_post",
    ...reactRuns,
    family: "engagement",
    mode: "async",
    summary: "React to a post",
    input: oneOf(
      input({
        accountId,
        post_url: postUrl.optional(),
        post_id: postId.optional(),
        reaction: z.enum(["LIKE", "PRAISE", "EMPATHY", "INTEREST", "APPRECIATION", "ENTERTAINMENT"]).default("LIKE"),
      }),
      ["post_url", "post_id"],
    ),
    codes: ["NO_ACTIVITY_FOUND", "BAD_REQUEST"],
    bucket: "reaction",
  }),
  defineAction({
    name: "like_posts",
    ...likePostsRuns,
    family: "engagement",
    mode: "async",
    summary: "Like a member's most recent posts",
    input: input({ accountId, profile_id: profileId, count: z.number().int().min(1).max(5).default(1) }),
    codes: ["NO_POSTS_TO_LIKE", "PROFILE_NOT_FOUND", "404_PROFILE_ID"],
    bucket: "reaction",
  }),
  defineAction({
    name: "endorse",
    ...endorseRuns,
    family: "engagement",
    mode: "async",
    summary: "Endorse a connection's skills",
    input: input({ accountId, profile_id: profileId, skills: z.array(z.string().min(1)).max(50).optional() }),
    codes: ["NO_SKILLS", "NOT_CONNECTED", "PROFILE_NOT_FOUND", "404_PROFILE_ID"],
    bucket: "endorsement",
  }),
  defineAction({
    name: "follow_profile",
    ...followProfileRuns,
    family: "engagement",
    mode: "async",
    summary: "Follow or unfollow a member",
    input: input({ accountId, profile_id: profileId, follow: z.boolean().default(true) }),
    codes: ["FORBIDDEN", "BAD_REQUEST", "PROFILE_NOT_FOUND", "404_PROFILE_ID"],
    bucket: "follow",
  }),
];
