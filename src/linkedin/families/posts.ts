/**
 * Content: media upload (register, then PUT the bytes), posts (GraphQL share first,
 * legacy normShares second), a member's or company's posts, reactions and comments.
 * GraphQL mutations report refusals with HTTP 200 and `errors[]` (voyager.md §2.2), so
 * every answer's `errors` is read before its data.
 */
import { WelinkError } from "../../errors/index.ts";
import {
  actionValue,
  bodyCode,
  elementsOf,
  graphqlRoot,
  isObject,
  type JsonObject,
  optBool,
  optNumber,
  optObject,
  optString,
  restliRoot,
  ShapeError,
  textOf,
} from "../envelope.ts";
import { buildQuery, encodeValue, urnId } from "../restli.ts";
import type { FamilyContext } from "./context.ts";
import { profileUrn } from "./refs.ts";
import { expectOk, graphqlRefusal, type RefusalTable } from "./refusals.ts";

export const CONTENT_REFUSALS: RefusalTable = {
  codes: {
    NO_CONTENT_OR_MEDIA: "NO_CONTENT_OR_MEDIA",
    MULTI_SELECTION_NOT_ALLOWED: "MULTI_SELECTION_NOT_ALLOWED",
    POST_MEDIA_STILL_PROCESSING: "POST_MEDIA_STILL_PROCESSING",
    MEDIA_UPLOAD_FAILED: "MEDIA_UPLOAD_FAILED",
    NO_ACTIVITY_FOUND: "NO_ACTIVITY_FOUND",
    FORBIDDEN: "FORBIDDEN",
    COMPANY_ID_NOT_FOUND: "COMPANY_ID_NOT_FOUND",
  },
  statuses: {
    "media.register": { 400: "MEDIA_UPLOAD_FAILED", 413: "MEDIA_UPLOAD_FAILED" },
    "media.upload": { 400: "MEDIA_UPLOAD_FAILED", 413: "MEDIA_UPLOAD_FAILED", 415: "MEDIA_UPLOAD_FAILED" },
    "posts.delete": { 404: "NO_ACTIVITY_FOUND" },
    "reactions.create": { 404: "NO_ACTIVITY_FOUND" },
    "comments.create": { 404: "NO_ACTIVITY_FOUND" },
    "comments.list": { 404: "NO_ACTIVITY_FOUND" },
    "reactions.list": { 404: "NO_ACTIVITY_FOUND" },
  },
};

export type MediaType = "image" | "video" | "document";

export interface MediaInput {
  type: MediaType;
  /** The file's bytes. */
  data: Uint8Array;
  filename: string;
  title?: string;
}

const UPLOAD_TYPE: Record<MediaType, string> = {
  image: "IMAGE_SHARING",
  video: "VIDEO_SHARING",
  document: "DOCUMENT_SHARING",
};
const CATEGORY: Record<MediaType, string> = { image: "IMAGE", video: "VIDEO", document: "NATIVE_DOCUMENT" };

/** A file registered and uploaded to LinkedIn, as a post attaches it. */
export type UploadedMedia = {
  category: string;
  mediaUrn: string;
  title?: string;
};

/** What LinkedIn refuses about a post's shape, checked before anything is uploaded. */
export function checkPost(text: string, media: readonly { type: MediaType }[]): void {
  if (!text.trim() && !media.length) throw new WelinkError("NO_CONTENT_OR_MEDIA", "A post needs text or media");
  if (media.length > 1 && media.some((m) => m.type !== "image")) {
    throw new WelinkError("MULTI_SELECTION_NOT_ALLOWED", "Only images can be combined in one post");
  }
}

export interface Post {
  post_id: string;
  share_urn: string | null;
  text: string | null;
  author: string | null;
  created_at: number | null;
  likes: number;
  comments: number;
  reacted: boolean;
}

export interface Comment {
  comment_id: string;
  post_id: string;
  text: string;
  author_profile_id: string | null;
  created_at: number | null;
}

/** `urn:li:activity:N`, a feed URL, a `/posts/…-activity-N-…` URL or a bare N → `urn:li:activity:N`. */
export function activityUrnOf(value: string): string {
  const v = value.trim();
  const m =
    /urn(?::|%3A)li(?::|%3A)activity(?::|%3A)(\d+)/i.exec(v) ?? /-activity-(\d+)-/.exec(v) ?? /^(\d{5,})$/.exec(v);
  if (!m) throw new WelinkError("NO_ACTIVITY_FOUND", `Not a post URL or id: ${value}`);
  return `urn:li:activity:${m[1]}`;
}

function readUpdate(u: JsonObject): Post {
  const meta = optObject(u, "updateMetadata");
  const urn = optString(meta, "urn") ?? /urn:li:activity:\d+/.exec(optString(u, "entityUrn") ?? "")?.[0];
  if (!urn) throw new ShapeError("update without an activity urn");
  const counts = optObject(optObject(u, "socialDetail"), "totalSocialActivityCounts");
  const commentary = optObject(u, "commentary");
  return {
    post_id: urn,
    share_urn: optString(meta, "shareUrn") ?? null,
    text: textOf(commentary?.text) ?? null,
    author: textOf(optObject(u, "actor")?.name) ?? null,
    created_at: optNumber(u, "createdAt") ?? null,
    likes: optNumber(counts, "numLikes") ?? 0,
    comments: optNumber(counts, "numComments") ?? 0,
    reacted: optBool(optObject(u, "socialDetail"), "reactedByViewer") ?? false,
  };
}

function readComment(c: JsonObject): Comment {
  const urn = optString(c, "entityUrn");
  if (!urn) throw new ShapeError("comment without entityUrn");
  const m = /^urn:li:fsd_comment:\(([^,]+),(urn:li:activity:\d+)\)$/.exec(urn);
  const commenter = optObject(c, "commenter");
  return {
    comment_id: urn,
    post_id: m?.[2] ?? "",
    text: textOf(optObject(c, "commentary")) ?? "",
    author_profile_id: optString(commenter, "entityUrn") ? urnId(optString(commenter, "entityUrn") as string) : null,
    created_at: optNumber(c, "createdAt") ?? null,
  };
}

export class Posts {
  constructor(private readonly ctx: FamilyContext) {}

  /** Registers and uploads one file; returns its `urn:li:digitalmediaAsset:…`. */
  async upload(media: MediaInput): Promise<string> {
    const op = "media.register";
    const v = this.ctx.voyager;
    const registered = await v.run(op, {
      dash: async (step) => register(step),
      legacy: async (step) => register(step),
    });
    async function register(step: Parameters<typeof v.call>[1]) {
      const res = await v.call(op, step, {
        method: "POST",
        query: "action=upload",
        body: JSON.stringify({
          mediaUploadType: UPLOAD_TYPE[media.type],
          fileSize: media.data.byteLength,
          filename: media.filename,
        }),
      });
      const value = actionValue(expectOk(op, res, CONTENT_REFUSALS));
      const urn = optString(value, "urn");
      const url = optString(value, "singleUploadUrl");
      if (!urn || !url) throw new ShapeError("upload registration without urn or singleUploadUrl");
      const headers: Record<string, string> = {};
      for (const [k, val] of Object.entries(optObject(value, "singleUploadHeaders") ?? {})) {
        if (typeof val === "string") headers[k] = val;
      }
      return { urn, url, headers };
    }
    const res = await v.send("media.upload", {
      method: "PUT",
      path: new URL(registered.url, v.transport.baseUrl).toString(),
      api: false,
      body: media.data,
      contentType: "application/octet-stream",
      headers: registered.headers,
    });
    expectOk("media.upload", res, CONTENT_REFUSALS);
    return registered.urn;
  }

  /** Publishes a post with optional media; returns the activity URN as `post_id`. */
  async create(
    text: string,
    media: MediaInput[] = [],
    visibility: "ANYONE" | "CONNECTIONS_ONLY" = "ANYONE",
  ): Promise<{ post_id: string; share_urn: string | null }> {
    checkPost(text, media);
    return this.publish(text, await this.uploadAll(media), visibility);
  }

  /** Uploads every file of a post, in order; the result is what `publish` attaches. */
  async uploadAll(media: MediaInput[]): Promise<UploadedMedia[]> {
    const uploaded: UploadedMedia[] = [];
    for (const m of media) {
      const item: UploadedMedia = { category: CATEGORY[m.type], mediaUrn: await this.upload(m) };
      if (m.title) item.title = m.title;
      uploaded.push(item);
    }
    return uploaded;
  }

  /**
   * Creates the post with media already uploaded. Kept apart from the uploads so a caller
   * can try again while a video is still processing (POST_MEDIA_STILL_PROCESSING) without
   * uploading it twice.
   */
  async publish(
    text: string,
    uploaded: UploadedMedia[],
    visibility: "ANYONE" | "CONNECTIONS_ONLY" = "ANYONE",
  ): Promise<{ post_id: string; share_urn: string | null }> {
    const op = "posts.create";
    const v = this.ctx.voyager;
    return v.run(op, {
      graphql: async (step) => {
        const post: JsonObject = {
          commentary: { text, attributesV2: [] },
          visibilityDataUnion: { visibilityType: visibility },
          allowedCommentersScope: "ALL",
          intendedShareLifeCycleState: "PUBLISHED",
          origin: "FEED",
        };
        if (uploaded.length) post.media = uploaded;
        const queryId = v.queryId(step);
        const res = await v.call(op, step, {
          method: "POST",
          query: `action=execute&queryId=${queryId}`,
          body: JSON.stringify({ variables: { post }, queryId, includeWebMetadata: true }),
        });
        const { root, errors } = graphqlRoot(expectOk(op, res, CONTENT_REFUSALS), "createContentcreationDashShares");
        if (errors.length) throw graphqlRefusal(op, errors, CONTENT_REFUSALS);
        if (!isObject(root)) throw new ShapeError("no createContentcreationDashShares");
        const entity = optObject(root, "entity");
        const activity = optString(entity, "activityUrn");
        if (!activity) throw new ShapeError("share created without activityUrn");
        return {
          post_id: activity,
          share_urn: optString(root, "resourceKey") ?? optString(entity, "entityUrn") ?? null,
        };
      },
      legacy: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          body: JSON.stringify({
            commentaryV2: { text, attributes: [] },
            media: uploaded,
            visibleToConnectionsOnly: visibility === "CONNECTIONS_ONLY",
            origin: "FEED",
            allowedCommentersScope: "ALL",
            postState: "PUBLISHED",
          }),
        });
        const root = restliRoot(expectOk(op, res, CONTENT_REFUSALS));
        const activity = optString(root, "activityUrn");
        if (!activity) throw new ShapeError("normShares answer without activityUrn");
        return { post_id: activity, share_urn: optString(root, "urn") ?? null };
      },
    });
  }

  async delete(shareUrn: string): Promise<void> {
    const op = "posts.delete";
    const v = this.ctx.voyager;
    await v.run(op, {
      legacy: async (step) => {
        expectOk(op, await v.call(op, step, { method: "DELETE", params: { urn: shareUrn } }), CONTENT_REFUSALS);
      },
    });
  }

  /** A member's posts, newest first (empty when none). */
  async ofMember(profileId: string, count = 10, start = 0): Promise<Post[]> {
    const op = "posts.memberFeed";
    const v = this.ctx.voyager;
    return v.run(op, {
      legacy: async (step) => {
        const query = buildQuery({
          q: "memberShareFeed",
          moduleKey: "member-shares:phone",
          profileUrn: profileUrn(profileId),
          start,
          count,
        });
        return elementsOf(restliRoot(expectOk(op, await v.call(op, step, { query }), CONTENT_REFUSALS)), op).map(
          readUpdate,
        );
      },
    });
  }

  /** A company page's posts, newest first (empty when none). */
  async ofCompany(universalName: string, count = 10, start = 0): Promise<Post[]> {
    const op = "posts.companyFeed";
    const v = this.ctx.voyager;
    return v.run(op, {
      legacy: async (step) => {
        const query = buildQuery({
          companyUniversalName: universalName,
          q: "companyFeedByUniversalName",
          moduleKey: "member-share",
          start,
          count,
        });
        return elementsOf(restliRoot(expectOk(op, await v.call(op, step, { query }), CONTENT_REFUSALS)), op).map(
          readUpdate,
        );
      },
    });
  }

  /** Reacts (LIKE, PRAISE, …); reacting again replaces the type. Returns the reaction URN. */
  async react(post: string, reaction = "LIKE"): Promise<{ reaction_id: string | null }> {
    const op = "reactions.create";
    const v = this.ctx.voyager;
    const threadUrn = activityUrnOf(post);
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: `threadUrn=${encodeValue(threadUrn)}`,
          body: JSON.stringify({ reactionType: reaction }),
        });
        // The same reaction again is refused as a bad request; the types are checked by
        // the catalogue, so that refusal means it is already there: done, not an error.
        if (res.status === 400 && bodyCode(res) === "BAD_REQUEST") {
          return { reaction_id: `urn:li:fsd_reaction:(${this.ctx.self.profileUrn},${threadUrn},0)` };
        }
        expectOk(op, res, CONTENT_REFUSALS);
        const id = res.headers["x-restli-id"];
        return { reaction_id: typeof id === "string" ? id : null };
      },
    });
  }

  async reactions(post: string, start = 0, count = 10): Promise<{ profile_id: string | null; reaction: string }[]> {
    const op = "reactions.list";
    const v = this.ctx.voyager;
    return v.run(op, {
      dash: async (step) => {
        const query = buildQuery({
          decorationId: v.decoration(step),
          q: "reactionType",
          threadUrn: activityUrnOf(post),
          start,
          count,
        });
        const root = restliRoot(expectOk(op, await v.call(op, step, { query }), CONTENT_REFUSALS));
        return elementsOf(root, op).map((r) => {
          const actor = optString(optObject(r, "actor"), "entityUrn");
          return { profile_id: actor ? urnId(actor) : null, reaction: optString(r, "reactionType") ?? "" };
        });
      },
    });
  }

  async comment(post: string, text: string): Promise<Comment> {
    const op = "comments.create";
    const v = this.ctx.voyager;
    const threadUrn = activityUrnOf(post);
    return v.run(op, {
      dash: async (step) => {
        const res = await v.call(op, step, {
          method: "POST",
          query: `decorationId=${v.decoration(step)}`,
          body: JSON.stringify({
            commentary: { text, attributesV2: [], $type: "com.linkedin.voyager.dash.common.text.TextViewModel" },
            threadUrn,
          }),
        });
        const root = restliRoot(expectOk(op, res, CONTENT_REFUSALS));
        const entity = isObject(root.value) ? root.value : root;
        if (optString(entity, "entityUrn")) return readComment(entity);
        const id = res.headers["x-restli-id"];
        if (typeof id !== "string") throw new ShapeError("comment created without an id");
        return {
          comment_id: id,
          post_id: threadUrn,
          text,
          author_profile_id: this.ctx.self.profileId,
          created_at: null,
        };
      },
    });
  }

  async comments(post: string, start = 0, count = 10): Promise<Comment[]> {
    const op = "comments.list";
    const v = this.ctx.voyager;
    const activity = activityUrnOf(post);
    return v.run(op, {
      legacy: async (step) => {
        const query = buildQuery({
          q: "comments",
          updateId: `activity:${urnId(activity)}`,
          sortOrder: "RELEVANCE",
          start,
          count,
        });
        return elementsOf(restliRoot(expectOk(op, await v.call(op, step, { query }), CONTENT_REFUSALS)), op).map(
          readComment,
        );
      },
    });
  }
}
