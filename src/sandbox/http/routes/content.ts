/**
 * Media upload, posts, reactions and comments (sandbox-protocol.md §8, §9): the upload
 * registration and the PUT of bytes to the URL it hands out, the GraphQL share mutation
 * (refusals as HTTP 200 with `errors`, as LinkedIn's) and the legacy `normShares`.
 */

import { randomBytes } from "node:crypto";
import { REACTION_TYPES } from "../../world/posts.ts";
import { refuse } from "../../world/refusal.ts";
import type { MediaKind, Member, Post } from "../../world/types.ts";
import { type Answer, empty, graphql, plain, restli } from "../answer.ts";
import { type Ctx, jsonBody, param, viewer } from "../context.ts";
import { actionValue, collection } from "../envelope.ts";
import { badRequest } from "../query.ts";
import type { Family } from "../router.ts";
import { dashProfile, text } from "../shapes.ts";
import { requireMember } from "./lookup.ts";
import { paging } from "./network.ts";

const UPLOAD_KIND: Record<string, MediaKind> = {
  IMAGE_SHARING: "image",
  MESSAGING_PHOTO_ATTACHMENT: "image",
  VIDEO_SHARING: "video",
  MESSAGING_VIDEO_ATTACHMENT: "video",
  DOCUMENT_SHARING: "document",
  MESSAGING_FILE_ATTACHMENT: "document",
};

const MIME: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  mp4: "video/mp4",
  mov: "video/quicktime",
  webm: "video/webm",
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

async function registerUpload(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  const kind = UPLOAD_KIND[String(body.mediaUploadType)];
  if (!kind) refuse("MEDIA_UPLOAD_FAILED", `unsupported mediaUploadType ${String(body.mediaUploadType)}`);
  const fileSize = Number(body.fileSize);
  const filename = typeof body.filename === "string" ? body.filename : "";
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename)?.[1]?.toLowerCase() ?? "";
  const media = ctx.world.posts.registerUpload(me.memberId, {
    kind,
    mimeType: MIME[ext] ?? "application/octet-stream",
    sizeBytes: fileSize,
  });
  const token = randomBytes(12).toString("base64url");
  const assetId = media.id.slice("urn:li:digitalmediaAsset:".length);
  ctx.state.uploads.set(assetId, { token, ownerId: me.memberId, fileSize, kind, uploaded: false });
  return restli(
    actionValue({
      $type: "com.linkedin.voyager.dash.videocontent.MediaUploadMetadata",
      urn: media.id,
      singleUploadUrl: `${ctx.base}/dms/upload/${assetId}?token=${token}`,
      singleUploadHeaders: {},
      mediaUploadType: body.mediaUploadType,
    }),
  );
}

async function putUpload(ctx: Ctx): Promise<Answer> {
  const upload = ctx.state.uploads.get(param(ctx, 0));
  if (!upload || ctx.query.get("token") !== upload.token) return plain({ status: 404, message: "Not found" }, 404);
  const bytes = await ctx.body();
  if (bytes.length === 0 || bytes.length > upload.fileSize) {
    refuse("MEDIA_UPLOAD_FAILED", `expected at most ${upload.fileSize} bytes, got ${bytes.length}`);
  }
  upload.uploaded = true;
  return empty(201);
}

/** The media URNs a post names, each registered by the author and uploaded. */
function mediaIds(ctx: Ctx, raw: unknown): string[] {
  const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  return list.map((m) => {
    const urn = (m as { mediaUrn?: unknown }).mediaUrn;
    if (typeof urn !== "string") throw badRequest("media[].mediaUrn is required");
    const upload = ctx.state.uploads.get(urn.slice("urn:li:digitalmediaAsset:".length));
    if (upload && !upload.uploaded) refuse("MEDIA_UPLOAD_FAILED", `media ${urn} was never uploaded`);
    return urn;
  });
}

function shareEntity(post: Post) {
  return {
    $type: "com.linkedin.voyager.dash.contentcreation.Share",
    entityUrn: `urn:li:share:${post.id}`,
    activityUrn: `urn:li:activity:${post.id}`,
  };
}

function createShare(ctx: Ctx, body: Record<string, unknown>) {
  const me = viewer(ctx);
  const post = (body.variables as { post?: Record<string, unknown> } | undefined)?.post;
  if (!post) throw badRequest("variables.post is required");
  const commentary = (post.commentary as { text?: unknown } | undefined)?.text;
  const created = ctx.world.posts.create(me.memberId, {
    text: typeof commentary === "string" ? commentary : null,
    mediaIds: mediaIds(ctx, post.media),
  });
  return graphql({
    createContentcreationDashShares: { resourceKey: `urn:li:share:${created.id}`, entity: shareEntity(created) },
  });
}

async function normShare(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  const commentary = (body.commentaryV2 as { text?: unknown } | undefined)?.text;
  const created = ctx.world.posts.create(me.memberId, {
    text: typeof commentary === "string" ? commentary : null,
    mediaIds: mediaIds(ctx, body.media),
  });
  return plain({ urn: `urn:li:share:${created.id}`, activityUrn: `urn:li:activity:${created.id}` }, 201, {
    "x-restli-id": `urn:li:share:${created.id}`,
  });
}

function deleteShare(ctx: Ctx) {
  const me = viewer(ctx);
  const urn = param(ctx, 0);
  if (!/^urn:li:(share|activity):\d+$/.test(urn)) throw badRequest(`not a share URN: ${urn}`);
  ctx.world.posts.delete(me.memberId, urn);
  return empty(204);
}

function updateEntity(ctx: Ctx, me: Member, post: Post) {
  const author = ctx.world.members.require(post.authorId);
  let likes = 0;
  for (const t of post.reactions.values()) if (t) likes++;
  return {
    $type: "com.linkedin.voyager.feed.render.UpdateV2",
    entityUrn: `urn:li:fs_updateV2:(urn:li:activity:${post.id},MEMBER_SHARES,EMPTY,DEFAULT,false)`,
    updateMetadata: { urn: `urn:li:activity:${post.id}`, shareUrn: `urn:li:share:${post.id}` },
    actor: {
      urn: `urn:li:fsd_profile:${author.profileId}`,
      name: text(`${author.firstName} ${author.lastName}`),
    },
    commentary: { text: text(post.text) },
    content: post.mediaIds.map((id) => ({ mediaUrn: id, kind: ctx.world.posts.getMedia(id)?.kind ?? null })),
    createdAt: post.createdAt,
    socialDetail: {
      totalSocialActivityCounts: { numLikes: likes, numComments: post.comments.length },
      reactedByViewer: post.reactions.get(me.memberId) ?? null,
    },
  };
}

function updatesPage(ctx: Ctx, posts: Post[]) {
  const me = viewer(ctx);
  const { start, count } = paging(ctx, 10, 100);
  const elements = posts.slice(start, start + count).map((p) => updateEntity(ctx, me, p));
  return restli(collection(elements, start, count, posts.length));
}

function memberShares(ctx: Ctx) {
  const urn = ctx.query.get("profileUrn");
  if (!urn) throw badRequest("profileUrn is required");
  const author = requireMember(ctx.world, urn);
  return updatesPage(ctx, ctx.world.posts.by(author.memberId));
}

/** The viewer's own feed: their connections' posts, newest first. */
function chronFeed(ctx: Ctx) {
  return updatesPage(ctx, ctx.world.posts.feed(viewer(ctx).memberId));
}

/** A page's feed: the world has member posts only, so a page shows its admins' posts. */
function companyFeed(ctx: Ctx) {
  const vanity = ctx.query.get("companyUniversalName");
  if (!vanity) throw badRequest("companyUniversalName is required");
  const company = ctx.world.companies.byVanity(vanity);
  const posts = [...company.adminIds].flatMap((id) => ctx.world.posts.by(id)).sort((a, b) => b.createdAt - a.createdAt);
  return updatesPage(ctx, posts);
}

function threadUrn(ctx: Ctx): string {
  const urn = ctx.query.get("threadUrn");
  if (!urn || !/^urn:li:(activity|ugcPost|share):\d+$/.test(urn)) throw badRequest("threadUrn must be an activity URN");
  return urn;
}

async function react(ctx: Ctx) {
  const me = viewer(ctx);
  const urn = threadUrn(ctx);
  const body = await jsonBody(ctx);
  const post = ctx.world.posts.react(me.memberId, urn, String(body.reactionType ?? "LIKE"));
  return empty(201, {
    "x-restli-id": `urn:li:fsd_reaction:(urn:li:fsd_profile:${me.profileId},urn:li:activity:${post.id},0)`,
  });
}

function reactions(ctx: Ctx) {
  const me = viewer(ctx);
  const post = ctx.world.posts.require(threadUrn(ctx));
  const type = ctx.query.get("reactionType");
  if (type !== undefined && !(REACTION_TYPES as readonly string[]).includes(type))
    throw badRequest("unknown reactionType");
  const all = [...post.reactions].filter(([, t]) => type === undefined || t === type);
  const { start, count } = paging(ctx, 10, 100);
  const elements = all.slice(start, start + count).map(([memberId, reactionType]) => {
    const who = ctx.world.members.require(memberId);
    return {
      $type: "com.linkedin.voyager.dash.social.Reaction",
      entityUrn: `urn:li:fsd_reaction:(urn:li:fsd_profile:${who.profileId},urn:li:activity:${post.id},0)`,
      reactionType,
      actor: dashProfile(ctx.world, me.memberId, who),
    };
  });
  return restli(collection(elements, start, count, all.length));
}

function commentEntity(ctx: Ctx, me: Member, post: Post, c: Post["comments"][number]) {
  const who = ctx.world.members.require(c.authorId);
  return {
    $type: "com.linkedin.voyager.dash.social.Comment",
    entityUrn: `urn:li:fsd_comment:(${c.id},urn:li:activity:${post.id})`,
    commentary: { text: c.text },
    createdAt: c.createdAt,
    commenter: dashProfile(ctx.world, me.memberId, who),
  };
}

async function comment(ctx: Ctx) {
  const me = viewer(ctx);
  const body = await jsonBody(ctx);
  const thread = body.threadUrn;
  const t = (body.commentary as { text?: unknown } | undefined)?.text;
  if (typeof thread !== "string") throw badRequest("threadUrn is required");
  if (typeof t !== "string") throw badRequest("commentary.text is required");
  const post = ctx.world.posts.require(thread);
  const c = ctx.world.posts.comment(me.memberId, thread, t);
  const entity = commentEntity(ctx, me, post, c);
  return restli(entity, 201, { "x-restli-id": entity.entityUrn });
}

function comments(ctx: Ctx) {
  const me = viewer(ctx);
  const updateId = ctx.query.get("updateId");
  if (!updateId) throw badRequest("updateId is required");
  const post = ctx.world.posts.require(updateId);
  const { start, count } = paging(ctx, 10, 100);
  const elements = post.comments.slice(start, start + count).map((c) => commentEntity(ctx, me, post, c));
  return restli(collection(elements, start, count, post.comments.length));
}

const REACTIONS = "/voyager/api/voyagerSocialDashReactions";

export const content: Family = {
  routes: [
    {
      method: "POST",
      path: "/voyager/api/voyagerVideoDashMediaUploadMetadata",
      action: "upload",
      handler: registerUpload,
    },
    { method: "POST", path: "/voyager/api/voyagerMediaUploadMetadata", action: "upload", handler: registerUpload },
    { method: "PUT", path: "/dms/upload/:asset", auth: "public", handler: putUpload },
    { method: "POST", path: "/voyager/api/contentcreation/normShares", handler: normShare },
    { method: "DELETE", path: "/voyager/api/contentcreation/normShares/:urn", handler: deleteShare },
    { method: "GET", path: "/voyager/api/identity/profileUpdatesV2", q: "memberShareFeed", handler: memberShares },
    { method: "GET", path: "/voyager/api/feed/updates", q: "companyFeedByUniversalName", handler: companyFeed },
    { method: "GET", path: "/voyager/api/feed/updatesV2", q: "chronFeed", handler: chronFeed },
    { method: "POST", path: REACTIONS, handler: react },
    { method: "GET", path: REACTIONS, q: "reactionType", handler: reactions },
    {
      method: "DELETE",
      path: REACTIONS,
      handler: () => refuse("BAD_REQUEST", "reactions are removed through the web client's server request", 400),
    },
    { method: "POST", path: "/voyager/api/voyagerSocialDashNormComments", handler: comment },
    { method: "GET", path: "/voyager/api/feed/comments", q: "comments", handler: comments },
  ],
  mutations: { voyagerContentcreationDashShares: createShare },
};
