import { z } from "zod";
import { commentRuns, createPostRun, createPostVerify, getPostsRuns } from "./content-run.ts";
import { defineAction } from "./define.ts";
import { accountId, companyId, input, oneOf, postId, postUrl, profileId } from "./fields.ts";

const media = z.object({
  type: z.enum(["image", "video", "document"]),
  base64: z.string().min(1).optional(),
  url: z.string().url().optional(),
  title: z.string().max(400).optional(),
});

/** Posts: writing and reading them. */
export const content = [
  defineAction({
    name: "create_post",
    family: "content",
    mode: "async",
    summary: "Publish a post with text and optional media",
    input: input({
      accountId,
      text: z.string().max(3000).optional(),
      media: z.array(media).max(20).optional(),
      visibility: z.enum(["PUBLIC", "CONNECTIONS"]).optional(),
    }),
    codes: ["NO_CONTENT_OR_MEDIA", "MULTI_SELECTION_NOT_ALLOWED", "POST_MEDIA_STILL_PROCESSING", "MEDIA_UPLOAD_FAILED"],
    bucket: "post",
    run: createPostRun,
    verify: createPostVerify,
  }),
  defineAction({
    name: "get_posts",
    ...getPostsRuns,
    family: "content",
    mode: "async",
    summary: "Recent posts of a member or a company",
    input: oneOf(
      input({
        accountId,
        profile_id: profileId.optional(),
        company_id: companyId.optional(),
        limit: z.number().int().min(1).max(100).optional(),
      }),
      ["profile_id", "company_id"],
    ),
    codes: ["NO_ACTIVITY_FOUND", "PROFILE_NOT_FOUND", "404_PROFILE_ID", "COMPANY_ID_NOT_FOUND", "404_COMPANY"],
  }),
  defineAction({
    name: "comment_on_post",
    ...commentRuns,
    family: "content",
    mode: "async",
    summary: "Comment on a post",
    input: oneOf(
      input({ accountId, post_url: postUrl.optional(), post_id: postId.optional(), text: z.string().min(1).max(1250) }),
      ["post_url", "post_id"],
    ),
    codes: ["NO_ACTIVITY_FOUND"],
    bucket: "comment",
  }),
];
