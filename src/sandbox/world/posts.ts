/**
 * Posts and their media, reactions and comments. Media is registered (uploaded) first;
 * videos are processing for 20 s (POST_MEDIA_STILL_PROCESSING); types and sizes are
 * checked at upload (MEDIA_UPLOAD_FAILED).
 */

import type { WorldClock } from "./clock.ts";
import type { Counters } from "./counters.ts";
import type { Graph } from "./graph.ts";
import { activityIdFor } from "./ids.ts";
import type { Members } from "./members.ts";
import type { Pushback } from "./pushback.ts";
import { hash32 } from "./random.ts";
import { refuse } from "./refusal.ts";
import type { WorldSettings } from "./settings.ts";
import type { Comment, Media, MediaKind, Post } from "./types.ts";

export const MEDIA_TYPES: Record<MediaKind, readonly string[]> = {
  image: ["image/jpeg", "image/png", "image/gif", "image/webp"],
  video: ["video/mp4", "video/quicktime", "video/webm"],
  document: [
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-powerpoint",
    "application/msword",
  ],
};

export const REACTION_TYPES = ["LIKE", "PRAISE", "EMPATHY", "INTEREST", "APPRECIATION", "ENTERTAINMENT"] as const;

const MAX_POST_CHARS = 3000;
const MAX_COMMENT_CHARS = 1250;

export interface PostDeps {
  seed: number;
  members: Members;
  graph: Graph;
  clock: WorldClock;
  settings: WorldSettings;
  counters: Counters;
  pushback: Pushback;
}

export class Posts {
  private nextPost = 1;
  private nextMedia = 1;
  private nextComment = 1;
  private readonly byId = new Map<string, Post>();
  private readonly byAuthor = new Map<number, Post[]>();
  private readonly media = new Map<string, Media>();
  readonly list: Post[] = [];

  constructor(private readonly deps: PostDeps) {}

  /** Register an upload. Unsupported type or over the size limit → MEDIA_UPLOAD_FAILED. */
  registerUpload(ownerId: number, upload: { kind: MediaKind; mimeType: string; sizeBytes: number }): Media {
    const { settings, clock } = this.deps;
    this.deps.pushback.guardAction(ownerId);
    const types = MEDIA_TYPES[upload.kind];
    if (!types?.includes(upload.mimeType.toLowerCase())) {
      refuse("MEDIA_UPLOAD_FAILED", `unsupported ${upload.kind} type ${upload.mimeType}`);
    }
    const max = { image: settings.maxImageBytes, video: settings.maxVideoBytes, document: settings.maxDocumentBytes }[
      upload.kind
    ];
    if (!(upload.sizeBytes > 0) || upload.sizeBytes > max) refuse("MEDIA_UPLOAD_FAILED", `file over ${max} bytes`);
    const now = clock.now();
    const n = this.nextMedia++;
    const media: Media = {
      id: `urn:li:digitalmediaAsset:D${(hash32(this.deps.seed, n) % 1e9).toString(36).toUpperCase()}${n}`,
      ownerId,
      kind: upload.kind,
      mimeType: upload.mimeType,
      sizeBytes: upload.sizeBytes,
      uploadedAt: now,
      readyAt: upload.kind === "video" ? now + settings.videoProcessingMs : now,
    };
    this.media.set(media.id, media);
    return media;
  }

  getMedia(id: string): Media | undefined {
    return this.media.get(id);
  }

  /**
   * Publish. NO_CONTENT_OR_MEDIA with neither; MULTI_SELECTION_NOT_ALLOWED for more than one
   * video or document, or one mixed with anything; POST_MEDIA_STILL_PROCESSING for a video
   * uploaded less than 20 s ago; MEDIA_UPLOAD_FAILED for media that is not the author's.
   */
  create(authorId: number, input: { text?: string | null; mediaIds?: string[] }): Post {
    const { members, clock, counters, pushback } = this.deps;
    pushback.guardAction(authorId);
    members.require(authorId);
    const text = (input.text ?? "").trim();
    const mediaIds = input.mediaIds ?? [];
    if (text === "" && mediaIds.length === 0) refuse("NO_CONTENT_OR_MEDIA", "a post needs text or media");
    if (text.length > MAX_POST_CHARS) refuse("BAD_REQUEST", `posts are limited to ${MAX_POST_CHARS} characters`);
    const media = mediaIds.map((id) => {
      const m = this.media.get(id);
      if (!m || m.ownerId !== authorId) return refuse("MEDIA_UPLOAD_FAILED", `unknown media ${id}`);
      return m;
    });
    const single = media.filter((m) => m.kind !== "image");
    if (single.length > 1 || (single.length === 1 && media.length > 1)) {
      refuse("MULTI_SELECTION_NOT_ALLOWED", "one video or one document per post");
    }
    if (media.some((m) => m.readyAt > clock.now())) refuse("POST_MEDIA_STILL_PROCESSING", "media is still processing");
    const post = this.insert(authorId, text, mediaIds, clock.now());
    counters.bump(authorId, "postsCreated");
    return post;
  }

  /** Add a post without rules or counters (the generator's history). */
  insert(authorId: number, text: string, mediaIds: string[], at: number): Post {
    const post: Post = {
      id: activityIdFor(this.nextPost++),
      authorId,
      text,
      mediaIds,
      createdAt: at,
      reactions: new Map(),
      comments: [],
      deleted: false,
    };
    this.byId.set(post.id, post);
    this.list.push(post);
    const mine = this.byAuthor.get(authorId) ?? [];
    mine.push(post);
    this.byAuthor.set(authorId, mine);
    return post;
  }

  /** `urn:li:activity:<n>`, a post URL or the bare number → the live post, or NO_ACTIVITY_FOUND. */
  require(ref: string): Post {
    const id = /(\d{15,20})/.exec(ref)?.[1];
    const post = id ? this.byId.get(id) : undefined;
    if (!post || post.deleted) return refuse("NO_ACTIVITY_FOUND", `no post ${ref}`);
    return post;
  }

  get(id: string): Post | undefined {
    return this.byId.get(id);
  }

  delete(memberId: number, ref: string): Post {
    const post = this.require(ref);
    if (post.authorId !== memberId) refuse("FORBIDDEN", "not the author");
    post.deleted = true;
    return post;
  }

  /** The member's live posts, newest first. */
  by(authorId: number): Post[] {
    return (this.byAuthor.get(authorId) ?? []).filter((p) => !p.deleted).reverse();
  }

  /** Live posts of the member's connections, newest first. */
  feed(memberId: number, limit = 100): Post[] {
    const out: Post[] = [];
    for (const id of this.deps.graph.connections(memberId)) out.push(...this.by(id));
    return out.sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  /** React (or change one's reaction). Reacting the same way twice is BAD_REQUEST. */
  react(memberId: number, ref: string, type: string = "LIKE"): Post {
    this.deps.pushback.guardAction(memberId);
    const post = this.require(ref);
    if (!(REACTION_TYPES as readonly string[]).includes(type)) refuse("BAD_REQUEST", `unknown reaction ${type}`);
    if (post.reactions.get(memberId) === type) refuse("BAD_REQUEST", "already reacted");
    post.reactions.set(memberId, type);
    this.deps.counters.bump(memberId, "reactions");
    return post;
  }

  unreact(memberId: number, ref: string): Post {
    this.deps.pushback.guardAction(memberId);
    const post = this.require(ref);
    if (!post.reactions.delete(memberId)) refuse("BAD_REQUEST", "no reaction to remove");
    return post;
  }

  /** Add a comment without rules or counters (the generator's history). */
  insertComment(post: Post, authorId: number, text: string, at: number): Comment {
    const comment: Comment = { id: this.nextComment++, authorId, text, createdAt: at };
    post.comments.push(comment);
    return comment;
  }

  comment(memberId: number, ref: string, text: string): Comment {
    this.deps.pushback.guardAction(memberId);
    const post = this.require(ref);
    const body = text.trim();
    if (body === "" || body.length > MAX_COMMENT_CHARS) refuse("BAD_REQUEST", "comment empty or too long");
    const comment = this.insertComment(post, memberId, body, this.deps.clock.now());
    this.deps.counters.bump(memberId, "comments");
    return comment;
  }
}
